package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.GoogleApiException;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.LoopbackJson;
import dev.litescope.testsupport.run.DeployFakes;
import dev.litescope.testsupport.run.LoopbackCloudBuild;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST clients a deploy adds to Cloud Run's and Service Usage's (Storage buckets and bucket IAM, IAM service
 * accounts, Artifact Registry, builds:submit and Cloud Build operations, Cloud Run service IAM), each against its
 * loopback fake, reached through the endpoint overrides with no credentials.
 */
class DeployClientsTest {
    private static final String P = "my-project";
    private static final String R = "europe-west1";
    private DeployFakes fakes;
    private DeployClients clients;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fakes = DeployFakes.start();
        clients = DeployClients.fromEnvironment(fakes.env(), new OperationPoller.Schedule(Duration.ofSeconds(1),
                Duration.ofSeconds(4), Duration.ofMinutes(5)), slept::add, new RetryPolicy(3, Duration.ZERO,
                Duration.ZERO));
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    @Test
    void aBucketIsCreatedInTheRegionWithUniformAccessAndASecondCreateIsAlreadyExists() throws Exception {
        assertThat(clients.storage().getBucket("replicas")).isEmpty();
        clients.storage().createBucket(P, "replicas", R);
        assertThat(clients.storage().getBucket("replicas")).isPresent();
        assertThat(fakes.gcs.bucketInsert("replicas").orElseThrow()).isEqualTo(LoopbackJson.MAPPER.readTree(
                "{\"name\":\"replicas\",\"location\":\"europe-west1\","
                        + "\"iamConfiguration\":{\"uniformBucketLevelAccess\":{\"enabled\":true}}}"));
        assertThat(fakes.gcs.requests()).extracting(Object::toString).contains("POST /storage/v1/b?project=my-project");
        assertThatThrownBy(() -> clients.storage().createBucket(P, "replicas", R))
                .isInstanceOfSatisfying(GoogleApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
                .satisfies(e -> assertThat(CloudRefusals.alreadyExists((Exception) e)).isTrue());
    }

    @Test
    void aBucketBindingIsAddedWithTheEtagRetriedOnAConflictAndNotAddedTwice() throws Exception {
        fakes.gcs.createBucket("replicas");
        fakes.gcs.conflictNextBucketPolicyWrites(2);
        String member = "serviceAccount:sa@my-project.iam.gserviceaccount.com";
        assertThat(clients.storage().grant("replicas", "roles/storage.objectAdmin", member)).isTrue();
        assertThat(fakes.gcs.bucketMembers("replicas", "roles/storage.objectAdmin").orElseThrow())
                .containsExactly(LoopbackJson.MAPPER.getNodeFactory().textNode(member));
        // Two writes lost the race (412), the third carried the etag read after them.
        assertThat(fakes.gcs.requests()).extracting(Object::toString).containsExactly(
                "GET /storage/v1/b/replicas/iam", "PUT /storage/v1/b/replicas/iam",
                "GET /storage/v1/b/replicas/iam", "PUT /storage/v1/b/replicas/iam",
                "GET /storage/v1/b/replicas/iam", "PUT /storage/v1/b/replicas/iam");
        assertThat(clients.storage().grant("replicas", "roles/storage.objectAdmin", member)).isFalse();
    }

    @Test
    void anUploadNeverOverwritesAndALogsTailIsItsLastLines() throws Exception {
        fakes.gcs.createBucket("sources");
        JsonNode o = clients.storage().upload("sources", "services/s/a b.zip", "application/zip", new byte[] {1, 2});
        assertThat(o.path("generation").asLong()).isPositive();
        assertThat(fakes.gcs.get("sources", "services/s/a b.zip")).containsExactly(1, 2);
        assertThatThrownBy(() -> clients.storage().upload("sources", "services/s/a b.zip", "application/zip",
                new byte[] {3})).isInstanceOfSatisfying(GoogleApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(412));
        assertThat(fakes.gcs.get("sources", "services/s/a b.zip")).containsExactly(1, 2);
        fakes.gcs.put("sources", "log.txt", "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
        assertThat(clients.storage().tail("sources", "log.txt", 2)).containsExactly("two", "three");
        assertThat(clients.storage().tail("sources", "missing.txt", 2)).isEmpty();
    }

    @Test
    void aServiceAccountIsCreatedOnceAndA403NamesThePermissionAndTheRole() throws Exception {
        String email = IamClient.email("guestbook", P);
        assertThat(clients.iam().getServiceAccount(P, email)).isEmpty();
        JsonNode sa = clients.iam().createServiceAccount(P, "guestbook", "Guestbook", "runs it");
        assertThat(sa.path("email").asText()).isEqualTo("guestbook@my-project.iam.gserviceaccount.com");
        assertThat(clients.iam().getServiceAccount(P, email)).isPresent();
        assertThat(CloudRefusals.createUnlessExists(() -> clients.iam().createServiceAccount(P, "guestbook", "G",
                "d"))).isFalse();
        assertThat(fakes.iam.requests().get(1).body()).isEqualTo(
                "{\"accountId\":\"guestbook\",\"serviceAccount\":{\"displayName\":\"Guestbook\","
                        + "\"description\":\"runs it\"}}");

        fakes.iam.deny(Optional.of("iam.serviceAccounts.create"));
        GoogleApiException e = assertThrows(GoogleApiException.class,
                () -> clients.iam().createServiceAccount(P, "other-account", "O", "d"));
        assertThat(CloudRefusals.explain("create service account other-account", e, clients.account(), P))
                .contains("lacks iam.serviceAccounts.create", "roles/iam.serviceAccountAdmin");
    }

    @Test
    void theRepositoryIsCreatedAsAnOperationAndATagNamesItsDigest() throws Exception {
        fakes.registry.finishOperationsAfter(2);
        assertThat(clients.registry().getRepository(P, R, "cloud-run-source-deploy")).isEmpty();
        clients.registry().createRepository(P, R, "cloud-run-source-deploy");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(2250));
        assertThat(clients.registry().getRepository(P, R, "cloud-run-source-deploy")).isPresent();
        assertThat(fakes.registry.requests()).extracting(GoogleApiFake.Request::toString).element(1).isEqualTo(
                "POST /v1/projects/my-project/locations/europe-west1/repositories?repositoryId="
                        + "cloud-run-source-deploy");
        assertThat(clients.registry().tagDigest(P, R, "cloud-run-source-deploy", "guestbook", "abc")).isEmpty();
        fakes.registry.push(R + "-docker.pkg.dev/my-project/cloud-run-source-deploy/guestbook:abc", "sha256:"
                + "0".repeat(64));
        assertThat(clients.registry().tagDigest(P, R, "cloud-run-source-deploy", "guestbook", "abc"))
                .contains("sha256:" + "0".repeat(64));
    }

    @Test
    void aBuildIsSubmittedFromTheUploadedSourcesAndItsDigestRead() throws Exception {
        fakes.registry.finishOperationsAfter(0);
        clients.registry().createRepository(P, R, "cloud-run-source-deploy");
        fakes.gcs.createBucket("sources");
        JsonNode o = clients.storage().upload("sources", "s.zip", "application/zip", new byte[] {7});
        String image = R + "-docker.pkg.dev/my-project/cloud-run-source-deploy/guestbook:v1";
        JsonNode op = clients.builds().submit(P, R, new CloudBuildClient.StorageSource("sources", "s.zip",
                o.path("generation").asLong()), image, true);
        String digest = clients.builds().awaitDigest(image, op);
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(clients.registry().tagDigest(P, R, "cloud-run-source-deploy", "guestbook", "v1")).contains(digest);
        assertThat(LoopbackJson.MAPPER.readTree(fakes.run.requests().get(0).body())).isEqualTo(
                LoopbackJson.MAPPER.readTree("{\"storageSource\":{\"bucket\":\"sources\",\"object\":\"s.zip\","
                        + "\"generation\":\"" + o.path("generation").asText() + "\"},\"imageUri\":\"" + image
                        + "\",\"dockerBuild\":{}}"));
        assertThat(fakes.build.requests()).extracting(GoogleApiFake.Request::path)
                .allMatch(p -> p.startsWith("/v1/projects/my-project/locations/europe-west1/operations/"));
    }

    @Test
    void aFailedBuildShowsItsLogUrlAndTheLastLinesOfItsLog() throws Exception {
        clients.registry().createRepository(P, R, "cloud-run-source-deploy");
        fakes.gcs.createBucket("sources");
        JsonNode o = clients.storage().upload("sources", "s.zip", "application/zip", new byte[] {7});
        fakes.build.failNext(1, List.of("Step 5/9 : RUN mvn -B -q -DskipTests package",
                "[ERROR] COMPILATION ERROR: Main.java:[3,1] class, interface, enum, or record expected"));
        String image = R + "-docker.pkg.dev/my-project/cloud-run-source-deploy/guestbook:v1";
        JsonNode op = clients.builds().submit(P, R, new CloudBuildClient.StorageSource("sources", "s.zip",
                o.path("generation").asLong()), image, true);
        assertThatThrownBy(() -> clients.builds().awaitDigest(image, op))
                .isInstanceOfSatisfying(CloudBuildClient.BuildFailed.class, e -> {
                    assertThat(e.logUrl()).startsWith("https://console.cloud.google.com/cloud-build/builds;region="
                            + R + "/");
                    assertThat(e.lastLines()).endsWith("[ERROR] COMPILATION ERROR: Main.java:[3,1] class, "
                            + "interface, enum, or record expected");
                })
                .hasMessageContaining("Build failed; check build logs for details")
                .hasMessageContaining("its log: https://console.cloud.google.com/cloud-build/")
                .hasMessageContaining("Its last lines:\n  starting build");
        assertThat(fakes.gcs.requests()).extracting(Object::toString).anyMatch(r -> r.startsWith(
                "GET /storage/v1/b/" + LoopbackCloudBuild.LOGS_BUCKET + "/o/log-"));
    }

    @Test
    void publicAccessIsGrantedOnceWithTheEtagRetriedOnAConflict() throws Exception {
        String name = CloudRunClient.serviceName(P, R, "guestbook");
        clients.run().await("create", clients.run().createService(P, R, "guestbook", LoopbackJson.MAPPER.readTree(
                "{\"template\":{\"containers\":[{\"image\":\"i:1\"}]}}"), false));
        fakes.runIam.conflictNext(1);
        assertThat(clients.run().allowPublicAccess(name)).isTrue();
        assertThat(fakes.runIam.members(name, "roles/run.invoker").orElseThrow().toString())
                .isEqualTo("[\"allUsers\"]");
        assertThat(clients.run().allowPublicAccess(name)).isFalse();
        assertThat(fakes.run.requests()).extracting(Object::toString).filteredOn(r -> r.contains("IamPolicy"))
                .containsExactly("GET /v2/" + name + ":getIamPolicy", "POST /v2/" + name + ":setIamPolicy",
                        "GET /v2/" + name + ":getIamPolicy", "POST /v2/" + name + ":setIamPolicy",
                        "GET /v2/" + name + ":getIamPolicy");
    }
}
