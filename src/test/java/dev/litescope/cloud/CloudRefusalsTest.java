package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Refusals as Google's APIs send them (error documents copied in shape from their documentation). */
class CloudRefusalsTest {
    private static final String ACCOUNT = "service account deployer@p.iam.gserviceaccount.com";

    private static GoogleApiException refusal(int status, String json) {
        return new GoogleApiException(status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String RUN_DENIED = """
            {"error": {"code": 403, "status": "PERMISSION_DENIED",
              "message": "Permission 'run.services.create' denied on resource 'projects/p/locations/r/services/s'",
              "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "IAM_PERMISSION_DENIED",
                "domain": "run.googleapis.com",
                "metadata": {"permission": "run.services.create", "resource": "projects/p/locations/r"}}]}}""";

    private static final String RUN_DISABLED = """
            {"error": {"code": 403, "status": "PERMISSION_DENIED",
              "message": "Cloud Run Admin API has not been used in project 123 before or it is disabled.",
              "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED",
                "domain": "googleapis.com", "metadata": {"service": "run.googleapis.com", "consumer": "projects/123",
            "activationUrl": "https://console.developers.google.com/apis/api/run.googleapis.com/overview?project=123"
                }},
                {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "developers console"}]}]}}
            """;

    @Test
    void aDeniedRequestNamesThePermissionAndARoleThatGrantsIt() {
        String m = CloudRefusals.explain("create service s", refusal(403, RUN_DENIED), ACCOUNT, "p");
        assertThat(m).startsWith("create service s: permission denied for " + ACCOUNT + ", which lacks "
                + "run.services.create (roles/run.admin grants it; e.g. `gcloud projects add-iam-policy-binding p "
                + "--member=... --role=roles/run.admin`)");
    }

    @Test
    void thePermissionIsReadFromTheMessageWhenThereIsNoDetail() {
        GoogleApiException iam = refusal(403, """
                {"error": {"code": 403, "message": "Permission 'iam.serviceAccounts.actAs' denied on service account x",
                  "status": "PERMISSION_DENIED"}}""");
        assertThat(iam.error().flatMap(CloudRefusals::missingPermission)).contains("iam.serviceAccounts.actAs");
        assertThat(CloudRefusals.explain("deploy", iam, ACCOUNT, "p")).contains("roles/iam.serviceAccountUser");

        GoogleApiException gcs = refusal(403, """
                {"error": {"code": 403, "message": "deployer@p.iam.gserviceaccount.com does not have \
                storage.buckets.create access to the Google Cloud project.",
                  "errors": [{"message": "...", "domain": "global", "reason": "forbidden"}]}}""");
        assertThat(gcs.error().flatMap(CloudRefusals::missingPermission)).contains("storage.buckets.create");
        assertThat(CloudRefusals.explain("create bucket b", gcs, ACCOUNT, "p")).contains("roles/storage.admin");
    }

    @Test
    void aPermissionWithNoKnownRoleIsStillNamed() {
        assertThat(CloudRefusals.roleGranting("compute.instances.list")).isEmpty();
        assertThat(CloudRefusals.roleGranting("run.services.get")).contains("roles/run.viewer");
        assertThat(CloudRefusals.roleGranting("run.services.update")).contains("roles/run.admin");
        GoogleApiException e = refusal(403, """
                {"error": {"code": 403, "message": "Permission 'compute.instances.list' denied", "status": "X"}}""");
        assertThat(CloudRefusals.explain("list", e, ACCOUNT, "p"))
                .isEqualTo("list: permission denied for " + ACCOUNT + ", which lacks compute.instances.list "
                        + "(Permission 'compute.instances.list' denied)");
    }

    @Test
    void aDisabledApiSaysWhichAndHowToEnableIt() {
        GoogleApiException e = refusal(403, RUN_DISABLED);
        CloudRefusals.DisabledApi d = e.error().flatMap(CloudRefusals::disabledApi).orElseThrow();
        assertThat(d.service()).isEqualTo("run.googleapis.com");
        assertThat(d.consumer()).contains("projects/123");
        assertThat(CloudRefusals.explain("get service s", e, ACCOUNT, "my-proj")).isEqualTo(
                "get service s: the API run.googleapis.com is not enabled in project my-proj; enable it with "
                        + "`gcloud services enable run.googleapis.com --project my-proj` or at "
                        + "https://console.developers.google.com/apis/api/run.googleapis.com/overview?project=123, "
                        + "then try again");
        assertThat(refusal(403, RUN_DENIED).error().flatMap(CloudRefusals::disabledApi)).isEmpty();
    }

    @Test
    void only409sThatSayAlreadyExistsAreSuccessForACreate() {
        assertThat(CloudRefusals.alreadyExists(refusal(409, """
                {"error": {"code": 409, "message": "Resource 'litescope-sample' already exists.",
                 "status": "ALREADY_EXISTS"}}"""))).isTrue();
        // Cloud Storage sends no status.
        assertThat(CloudRefusals.alreadyExists(refusal(409, """
                {"error": {"code": 409, "message": "Your previous request to create the named bucket succeeded and \
                you already own it."}}"""))).isTrue();
        assertThat(CloudRefusals.alreadyExists(refusal(409, """
                {"error": {"code": 409, "message": "The requested bucket name is not available."}}"""))).isFalse();
        assertThat(CloudRefusals.alreadyExists(refusal(409, """
                {"error": {"code": 409, "message": "etag mismatch: the policy already changed", "status": "ABORTED"}}
                """))).isFalse();
        assertThat(CloudRefusals.alreadyExists(refusal(404, """
                {"error": {"code": 404, "message": "already", "status": "ALREADY_EXISTS"}}"""))).isFalse();
        assertThat(CloudRefusals.alreadyExists(new IOException("already exists"))).isFalse();
    }

    @Test
    void createUnlessExistsTellsCreatedFromExistingAndThrowsTheRest() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(CloudRefusals.createUnlessExists(calls::incrementAndGet)).isTrue();
        assertThat(CloudRefusals.createUnlessExists(() -> {
            throw refusal(409, "{\"error\": {\"code\": 409, \"message\": \"exists\", \"status\": \"ALREADY_EXISTS\"}}");
        })).isFalse();
        assertThatThrownBy(() -> CloudRefusals.createUnlessExists(() -> {
            throw refusal(403, RUN_DENIED);
        })).isInstanceOf(GoogleApiException.class).hasMessageContaining("run.services.create");
        assertThat(calls).hasValue(1);
    }

    @Test
    void otherStatusesKeepTheApisMessage() {
        assertThat(CloudRefusals.explain("get service s", refusal(404, """
                {"error": {"code": 404, "message": "Resource 's' does not exist.", "status": "NOT_FOUND"}}"""),
                ACCOUNT, "p")).isEqualTo("get service s: not found (Resource 's' does not exist.)");
        assertThat(CloudRefusals.explain("get service s", refusal(401, """
                {"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                 "status": "UNAUTHENTICATED"}}"""), ACCOUNT, "p"))
                .contains("the credentials were rejected (" + ACCOUNT + "); run `gcloud auth application-default");
        assertThat(CloudRefusals.explain("get", refusal(502, "<html>Bad Gateway</html>"), ACCOUNT, "p"))
                .isEqualTo("get failed: HTTP 502 (<html>Bad Gateway</html>)");
    }
}
