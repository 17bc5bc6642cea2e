package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.deploy.DeployStep.Report;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.deploy.DeployStep.Step;
import dev.litescope.testsupport.http.LoopbackJson;
import dev.litescope.testsupport.run.DeployFakes;
import dev.litescope.testsupport.run.LoopbackCloudRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole deploy against the loopback fakes of every API it calls, through the endpoint overrides: what each
 * step reports, the requests sent (bodies against golden JSON), a second deploy creating nothing, a failed build
 * resumed, a dry run, and a refusal naming the permission.
 */
class SampleDeployerTest {
    private static final String P = "my-project";
    private static final String R = "europe-west1";
    private static final String SERVICE = "litestream-sample";
    private static final String NAME = CloudRunClient.serviceName(P, R, SERVICE);
    private static final String SA = "litestream-sample@my-project.iam.gserviceaccount.com";
    private static final String IMAGE = R + "-docker.pkg.dev/my-project/cloud-run-source-deploy/litestream-sample";

    private DeployFakes fakes;
    private SampleDeployer deployer;
    private final List<Report> heard = new CopyOnWriteArrayList<>();
    private final List<Step> started = new CopyOnWriteArrayList<>();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final DeployStep.Listener listener = new DeployStep.Listener() {
        @Override
        public void started(Step step) {
            started.add(step);
        }

        @Override
        public void finished(Report report) {
            heard.add(report);
        }
    };

    @BeforeEach
    void start() throws Exception {
        fakes = DeployFakes.start();
        fakes.run.finishOperationsAfter(1);
        fakes.registry.finishOperationsAfter(1);
        fakes.build.finishOperationsAfter(2);
        deployer = new SampleDeployer(DeployClients.fromEnvironment(fakes.env(), new OperationPoller.Schedule(
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMinutes(1)), slept::add,
                new RetryPolicy(3, Duration.ZERO, Duration.ZERO)));
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    private static SampleDeployer.Request request(boolean makePublic, boolean dryRun) {
        return new SampleDeployer.Request(P, R, "my-replicas", "guestbook", SERVICE, makePublic, dryRun);
    }

    /** A golden request body, with the digest and tag (which follow from the sources' bytes) filled in. */
    private static JsonNode golden(String name, String digest) throws IOException {
        try (InputStream in = SampleDeployerTest.class.getResourceAsStream("/deploy/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DIGEST}", digest)
                    .replace("${TAG}", "source-" + SampleSource.bundled().shortHash());
            return LoopbackJson.MAPPER.readTree(text);
        }
    }

    /** Every request that could change something, in each fake's order. */
    private List<String> writes() {
        List<String> out = new ArrayList<>();
        fakes.serviceUsage.requests().stream().filter(r -> !r.startsWith("GET ")).forEach(r -> out.add("su " + r));
        fakes.gcs.requests().stream().filter(r -> !r.method().equals("GET")).forEach(r -> out.add("gcs " + r));
        fakes.iam.requests().stream().filter(r -> !r.method().equals("GET")).forEach(r -> out.add("iam " + r));
        fakes.registry.requests().stream().filter(r -> !r.method().equals("GET")).forEach(r -> out.add("ar " + r));
        fakes.run.requests().stream().filter(r -> !r.method().equals("GET")).forEach(r -> out.add("run " + r));
        return out;
    }

    private String uploadedDigest() {
        byte[] zip = fakes.gcs.get("run-sources-my-project-europe-west1",
                fakes.gcs.list("run-sources-my-project-europe-west1", "services/").get(0).name());
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFullDeployCreatesEachThingOnceAndASecondDeployCreatesNothing() throws Exception {
        SampleDeployer.Result result = deployer.deploy(request(true, false), listener);

        assertThat(result.steps()).extracting(Report::state).containsExactly(State.CREATED, State.CREATED,
                State.CREATED, State.CREATED, State.CREATED, State.CREATED, State.UPDATED);
        assertThat(heard).isEqualTo(result.steps());
        assertThat(started).containsExactly(Step.values());
        assertThat(result.url()).contains("https://litestream-sample-abc123-uc.a.run.app");
        String digest = uploadedDigest();
        assertThat(result.steps().get(4).detail()).startsWith("built " + IMAGE + "@" + digest + " from gs://"
                + "run-sources-my-project-europe-west1/services/litestream-sample/source-");

        String source = fakes.gcs.list("run-sources-my-project-europe-west1", "services/").get(0).name();
        assertThat(writes()).containsExactly(
                "su POST /v1/projects/my-project/services:batchEnable",
                "gcs POST /storage/v1/b?project=my-project",
                "gcs PUT /storage/v1/b/my-replicas/iam",
                "gcs POST /storage/v1/b?project=my-project",
                "gcs POST /upload/storage/v1/b/run-sources-my-project-europe-west1/o?uploadType=media&name="
                        + source.replace("/", "%2F") + "&ifGenerationMatch=0",
                "iam POST /v1/projects/my-project/serviceAccounts",
                "ar POST /v1/projects/my-project/locations/europe-west1/repositories?repositoryId="
                        + "cloud-run-source-deploy",
                "run POST /v2/projects/my-project/locations/europe-west1/builds:submit",
                "run POST /v2/projects/my-project/locations/europe-west1/services?serviceId=litestream-sample",
                "run POST /v2/" + NAME + ":setIamPolicy");
        for (String api : List.of("run", "cloudbuild", "artifactregistry", "storage", "iam", "logging",
                "monitoring")) {
            assertThat(fakes.serviceUsage.isEnabled(P, api + ".googleapis.com")).as(api).isTrue();
        }
        assertThat(fakes.gcs.bucketInsert("my-replicas").orElseThrow()).isEqualTo(golden("bucket-insert.json", ""));
        assertThat(fakes.gcs.bucketMembers("my-replicas", "roles/storage.objectAdmin").orElseThrow().toString())
                .isEqualTo("[\"serviceAccount:" + SA + "\"]");
        JsonNode submit = golden("builds-submit.json", "");
        ((ObjectNode) submit).set("storageSource", storageSource(source));
        assertThat(body(fakes.run.requests(), "builds:submit")).isEqualTo(submit);
        assertThat(body(fakes.run.requests(), "services?serviceId")).isEqualTo(golden("service.json", digest));
        assertThat(result.service()).isEqualTo(golden("service.json", digest));
        assertThat(fakes.runIam.members(NAME, "roles/run.invoker").orElseThrow().toString())
                .isEqualTo("[\"allUsers\"]");
        // The policy as read (an empty one, etag "v0"), the binding added, written back with that etag.
        assertThat(body(fakes.run.requests(), ":setIamPolicy")).isEqualTo(golden("run-set-iam-policy.json", ""));
        assertThat(fakes.build.submitted()).isEqualTo(1);

        List<String> before = writes();
        heard.clear();
        SampleDeployer.Result again = deployer.deploy(request(true, false), listener);
        assertThat(again.steps()).extracting(Report::state).containsOnly(State.EXISTS);
        assertThat(writes()).isEqualTo(before);
        assertThat(again.url()).isEqualTo(result.url());
        assertThat(again.steps().get(5).detail()).isEqualTo("litestream-sample is up to date at "
                + "https://litestream-sample-abc123-uc.a.run.app");
    }

    private JsonNode storageSource(String object) {
        long generation = fakes.gcs.meta("run-sources-my-project-europe-west1", object).orElseThrow().generation();
        return LoopbackJson.MAPPER.createObjectNode().put("bucket", "run-sources-my-project-europe-west1")
                .put("object", object).put("generation", String.valueOf(generation));
    }

    private static JsonNode body(List<LoopbackCloudRun.Request> requests, String pathOrQuery) throws IOException {
        LoopbackCloudRun.Request r = requests.stream().filter(q -> (q.path() + "?" + q.query()).contains(pathOrQuery))
                .findFirst().orElseThrow();
        return LoopbackJson.MAPPER.readTree(r.body());
    }

    @Test
    void aDeployFailingAtTheBuildShowsItsLogAndTheNextRunResumesCreatingNothingTwice() throws Exception {
        fakes.build.failNext(1, List.of("Step 6/12 : RUN mvn -B -q -DskipTests package",
                "[ERROR] Failed to execute goal on project guestbook: Could not resolve dependencies"));
        assertThatThrownBy(() -> deployer.deploy(request(false, false), listener))
                .isInstanceOfSatisfying(SampleDeployer.Failed.class, e -> {
                    assertThat(e.report().step()).isEqualTo(Step.IMAGE);
                    assertThat(e.report().state()).isEqualTo(State.FAILED);
                })
                .hasMessageContaining("Build failed; check build logs for details")
                .hasMessageContaining("its log: https://console.cloud.google.com/cloud-build/builds;region="
                        + "europe-west1/")
                .hasMessageContaining("  [ERROR] Failed to execute goal on project guestbook: Could not resolve");
        assertThat(heard).extracting(Report::state).containsExactly(State.CREATED, State.CREATED, State.CREATED,
                State.CREATED, State.FAILED);
        assertThat(fakes.run.service(NAME)).isEmpty();

        heard.clear();
        SampleDeployer.Result result = deployer.deploy(request(false, false), listener);
        assertThat(result.steps()).extracting(Report::state).containsExactly(State.EXISTS, State.EXISTS,
                State.EXISTS, State.EXISTS, State.CREATED, State.CREATED, State.SKIPPED);
        assertThat(result.steps().get(4).detail()).endsWith("(uploaded by an earlier run)");
        assertThat(fakes.build.submitted()).isEqualTo(2);
        assertThat(writes()).filteredOn(w -> !w.contains("builds:submit")).containsExactly(
                "su POST /v1/projects/my-project/services:batchEnable",
                "gcs POST /storage/v1/b?project=my-project",
                "gcs PUT /storage/v1/b/my-replicas/iam",
                "gcs POST /storage/v1/b?project=my-project",
                writes().stream().filter(w -> w.contains("/upload/")).findFirst().orElseThrow(),
                "iam POST /v1/projects/my-project/serviceAccounts",
                "ar POST /v1/projects/my-project/locations/europe-west1/repositories?repositoryId="
                        + "cloud-run-source-deploy",
                "run POST /v2/projects/my-project/locations/europe-west1/services?serviceId=litestream-sample");
        assertThat(fakes.run.service(NAME).orElseThrow().path("template").path("containers").get(0).path("image")
                .asText()).isEqualTo(IMAGE + "@" + uploadedDigest());
    }

    @Test
    void aDryRunCreatesNothingAndHasCloudRunValidateTheExactServiceJson() throws Exception {
        for (GoogleApi api : SampleDeployer.NEEDED_APIS) {
            fakes.serviceUsage.enable(P, api.serviceName());
        }
        SampleDeployer.Result result = deployer.deploy(request(true, true), listener);
        assertThat(result.steps()).extracting(Report::state).containsExactly(State.EXISTS, State.WILL_CREATE,
                State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE, State.WILL_CHANGE);
        assertThat(writes()).containsExactly("run POST /v2/projects/my-project/locations/europe-west1/services"
                + "?serviceId=litestream-sample&validateOnly=true");
        String tagged = result.service().path("template").path("containers").get(0).path("image").asText();
        assertThat(tagged).matches(Pattern.quote(IMAGE) + ":source-[0-9a-f]{12}");
        JsonNode expected = golden("service.json", "x");
        ((ObjectNode) expected.path("template").path("containers").get(0))
                .put("image", tagged);
        assertThat(result.service()).isEqualTo(expected);
        assertThat(body(fakes.run.requests(), "validateOnly=true")).isEqualTo(expected);
        assertThat(result.url()).isEmpty();
        assertThat(fakes.run.service(NAME)).isEmpty();
        assertThat(fakes.gcs.bucketInsert("my-replicas")).isEmpty();
        assertThat(fakes.build.submitted()).isZero();
    }

    @Test
    void aDryRunInAFreshProjectLooksUpNothingThatAnApiNotYetEnabledWouldRefuse() throws Exception {
        fakes.run.disable(true);
        SampleDeployer.Result result = deployer.deploy(request(true, true), listener);
        assertThat(result.steps()).extracting(Report::state).containsExactly(State.WILL_CREATE, State.WILL_CREATE,
                State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE, State.WILL_CREATE, State.WILL_CHANGE);
        assertThat(result.steps().get(5).detail()).isEqualTo("would create it: not looked up, as run.googleapis.com "
                + "is not enabled yet");
        assertThat(fakes.run.requests()).isEmpty();
        assertThat(fakes.iam.requests()).isEmpty();
        assertThat(fakes.registry.requests()).isEmpty();
        assertThat(fakes.gcs.requests()).isEmpty();
        assertThat(result.service().path("template").path("containers").get(0).path("image").asText())
                .startsWith(IMAGE + ":source-");
    }

    @Test
    void aNewAccountThatCloudStorageDoesNotKnowYetIsGrantedOnceItDoes() throws Exception {
        fakes.gcs.unknownServiceAccountsNext(2);
        SampleDeployer.Result result = deployer.deploy(request(false, false), listener);
        assertThat(result.steps().get(2).state()).isEqualTo(State.CREATED);
        assertThat(fakes.gcs.bucketMembers("my-replicas", "roles/storage.objectAdmin").orElseThrow().toString())
                .isEqualTo("[\"serviceAccount:" + SA + "\"]");
        assertThat(slept).filteredOn(d -> d.toMillis() > 1).containsExactly(Duration.ofSeconds(2),
                Duration.ofSeconds(4));
    }

    @Test
    void aChangedDefinitionUpdatesTheServiceAndSaysWhatChanged() throws Exception {
        deployer.deploy(request(false, false), listener);
        SampleDeployer.Result moved = deployer.deploy(new SampleDeployer.Request(P, R, "my-replicas", "elsewhere",
                SERVICE, false, false), listener);
        assertThat(moved.steps()).extracting(Report::state).containsExactly(State.EXISTS, State.EXISTS,
                State.EXISTS, State.EXISTS, State.EXISTS, State.UPDATED, State.SKIPPED);
        assertThat(moved.steps().get(5).detail()).isEqualTo("litestream-sample updated "
                + "(template.containers[1].command[2]), revision litestream-sample-00002-abc, at "
                + "https://litestream-sample-abc123-uc.a.run.app");
        assertThat(writes()).last().isEqualTo("run PATCH /v2/" + NAME);
        assertThat(fakes.run.service(NAME).orElseThrow().toString()).contains("gcs://my-replicas/elsewhere");
    }

    @Test
    void aRefusalNamesThePermissionAndTheRoleAndStopsTheDeployThere() throws Exception {
        fakes.iam.denyWrites("iam.serviceAccounts.create");
        assertThatThrownBy(() -> deployer.deploy(request(false, false), listener))
                .isInstanceOfSatisfying(SampleDeployer.Failed.class, e -> assertThat(e.report().step())
                        .isEqualTo(Step.SERVICE_ACCOUNT))
                .hasMessageContaining("lacks iam.serviceAccounts.create")
                .hasMessageContaining("roles/iam.serviceAccountAdmin grants it");
        assertThat(heard).extracting(Report::state).containsExactly(State.CREATED, State.CREATED, State.FAILED);
        assertThat(fakes.iam.requests()).extracting(Object::toString).containsExactly(
                "GET /v1/projects/my-project/serviceAccounts/" + SA, "POST /v1/projects/my-project/serviceAccounts");
        assertThat(fakes.registry.requests()).isEmpty();
        assertThat(fakes.run.requests()).isEmpty();
    }

    @Test
    void aCloudStorageRefusalNamesThePermissionAndTheRoleToo() {
        fakes.gcs.deny("storage.buckets.create");
        assertThatThrownBy(() -> deployer.deploy(request(false, false), listener))
                .isInstanceOfSatisfying(SampleDeployer.Failed.class, e -> assertThat(e.report().step())
                        .isEqualTo(Step.BUCKET))
                .hasMessageContaining("lacks storage.buckets.create (roles/storage.admin grants it");
        assertThat(fakes.iam.requests()).isEmpty();
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> deployer.deploy(new SampleDeployer.Request(P, R, "Bad_Bucket!", "guestbook",
                SERVICE, false, false), listener)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket: Bad_Bucket!");
        assertThat(fakes.serviceUsage.requests()).isEmpty();
        assertThat(heard).isEmpty();
    }
}
