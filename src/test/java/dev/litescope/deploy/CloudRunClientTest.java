package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApiEndpoints;
import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleApiException;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.testsupport.http.LoopbackJson;
import dev.litescope.testsupport.run.LoopbackCloudRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud Run v2 client against the loopback Cloud Run, reached by gcloud's endpoint override. */
class CloudRunClientTest {
    private static final String NAME = "projects/p/locations/europe-west1/services/guestbook";
    private LoopbackCloudRun run;
    private CloudRunClient client;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        run = LoopbackCloudRun.start();
        ApiEndpoint endpoint = ApiEndpoints.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN",
                run.endpoint())).of(GoogleApi.RUN);
        GoogleHttp http = GoogleHttp.forEndpoint(endpoint, () -> {
            throw new AssertionError("no credentials for a loopback endpoint");
        }, Duration.ofSeconds(5));
        RetryPolicy retry = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
        OperationPoller poller = new OperationPoller(http, endpoint, "v2", new OperationPoller.Schedule(
                Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(5)), slept::add, retry);
        client = new CloudRunClient(http, endpoint, poller, retry);
    }

    @AfterEach
    void stop() {
        run.close();
    }

    private static ObjectNode service(String image) {
        return LoopbackJson.MAPPER.valueToTree(Map.of("template", Map.of("scaling", Map.of("maxInstanceCount", 1),
                "containers", List.of(Map.of("name", "app", "image", image)))));
    }

    @Test
    void aServerSideDryRunCreatesNothing() throws Exception {
        assertThat(client.getService(NAME)).isEmpty();
        JsonNode op = client.createService("p", "europe-west1", "guestbook", service("img@sha256:1"), true);
        client.await("validate service guestbook", op);
        assertThat(run.service(NAME)).isEmpty();
        assertThat(run.requests()).extracting(LoopbackCloudRun.Request::toString).startsWith(
                "GET /v2/" + NAME,
                "POST /v2/projects/p/locations/europe-west1/services?serviceId=guestbook&validateOnly=true");
        assertThat(LoopbackJson.MAPPER.readTree(run.requests().get(1).body())).isEqualTo(service("img@sha256:1"));
    }

    @Test
    void createWaitsForItsOperationThenTheServiceIsThereAndASecondCreateIsAlreadyExists() throws Exception {
        run.finishOperationsAfter(3);
        JsonNode op = client.createService("p", "europe-west1", "guestbook", service("img@sha256:1"), false);
        assertThat(op.path("name").asText()).startsWith("projects/p/locations/europe-west1/operations/");
        JsonNode created = client.await("create service guestbook", op);
        assertThat(created.path("uri").asText()).startsWith("https://guestbook-");
        assertThat(created.path("terminalCondition").path("state").asText()).isEqualTo("CONDITION_SUCCEEDED");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(2250),
                Duration.ofMillis(3375));
        assertThat(run.requests()).filteredOn(r -> r.path().contains("/operations/")).hasSize(4);
        assertThat(client.getService(NAME).orElseThrow().path("generation").asText()).isEqualTo("1");

        assertThatThrownBy(() -> client.createService("p", "europe-west1", "guestbook", service("x"), false))
                .isInstanceOf(GoogleApiException.class)
                .satisfies(e -> assertThat(CloudRefusals.alreadyExists((GoogleApiException) e)).isTrue());
    }

    @Test
    void patchMakesANewGenerationAndRevisionsArePagedNewestFirst() throws Exception {
        run.finishOperationsAfter(0);
        client.await("create", client.createService("p", "europe-west1", "guestbook", service("img:1"), false));
        client.await("update", client.updateService(NAME, service("img:2"), false, false));
        JsonNode third = client.await("update", client.updateService(NAME, service("img:3"), false, false));
        assertThat(third.path("generation").asText()).isEqualTo("3");
        assertThat(run.requests()).extracting(LoopbackCloudRun.Request::toString).contains("PATCH /v2/" + NAME);

        assertThat(client.revisions(NAME)).extracting(r -> r.path("containers").get(0).path("image").asText())
                .containsExactly("img:3", "img:2", "img:1");
        assertThat(run.requests()).filteredOn(r -> r.path().endsWith("/revisions")).extracting(
                LoopbackCloudRun.Request::query).containsExactly("pageSize=100", "pageSize=100&pageToken=2");
    }

    @Test
    void patchingAMissingServiceIsANotFoundUnlessAllowMissing() throws Exception {
        run.finishOperationsAfter(0);
        assertThatThrownBy(() -> client.updateService(NAME, service("img:1"), false, false))
                .isInstanceOf(GoogleApiException.class)
                .satisfies(e -> assertThat(((GoogleApiException) e).httpStatus()).isEqualTo(404));
        client.await("upsert", client.updateService(NAME, service("img:1"), false, true));
        assertThat(run.service(NAME)).isPresent();
        client.await("check", client.updateService(NAME, service("img:2"), true, true));
        assertThat(run.requests()).filteredOn(r -> r.method().equals("PATCH")).extracting(
                LoopbackCloudRun.Request::query).containsExactly("", "allowMissing=true",
                "validateOnly=true&allowMissing=true");
        assertThat(run.service(NAME).orElseThrow().path("template").path("containers").get(0).path("image")
                .asText()).isEqualTo("img:1");
    }

    @Test
    void refusalsNameThePermissionOrTheDisabledApi() {
        run.deny(Optional.of("run.services.get"));
        assertThatThrownBy(() -> client.getService(NAME)).isInstanceOf(GoogleApiException.class)
                .satisfies(e -> assertThat(CloudRefusals.explain("read service guestbook", (GoogleApiException) e,
                        "you", "p")).startsWith("read service guestbook: permission denied for you, which lacks "
                        + "run.services.get (roles/run.viewer grants it"));
        run.deny(Optional.empty());
        run.disable(true);
        assertThatThrownBy(() -> client.getService(NAME)).isInstanceOf(GoogleApiException.class)
                .satisfies(e -> assertThat(CloudRefusals.explain("read service guestbook", (GoogleApiException) e,
                        "you", "p")).startsWith("read service guestbook: the API run.googleapis.com is not enabled "
                        + "in project p; enable it with `gcloud services enable run.googleapis.com --project p`"));
    }

    @Test
    void aServiceWithoutContainersIsRefusedByTheServer() {
        ObjectNode empty = LoopbackJson.MAPPER.createObjectNode();
        assertThatThrownBy(() -> client.createService("p", "europe-west1", "guestbook", empty, true))
                .isInstanceOf(GoogleApiException.class).hasMessageContaining("template.containers");
    }
}
