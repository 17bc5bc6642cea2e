package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiEndpointsTest {

    private static ApiEndpoint of(GoogleApi api, Map<String, String> env) {
        return ApiEndpoints.fromEnvironment(env).of(api);
    }

    @ParameterizedTest
    @EnumSource(GoogleApi.class)
    void withNothingSetEveryApiIsAtItsPublicHttpsEndpointWithCredentials(GoogleApi api) {
        ApiEndpoint e = ApiEndpoints.publicEndpoints().of(api);
        assertThat(e.root()).hasToString("https://" + api.name().toLowerCase() + ".googleapis.com/");
        assertThat(e.needsCredentials()).isTrue();
        assertThat(e.isOverridden()).isFalse();
        assertThat(api.overrideVariable()).isEqualTo("CLOUDSDK_API_ENDPOINT_OVERRIDES_" + api.name());
    }

    @Test
    void theOverrideReplacesSchemeHostAndPathPrefixInFrontOfTheApisOwnPaths() {
        ApiEndpoint run = of(GoogleApi.RUN,
                Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://127.0.0.1:9400/run/"));
        assertThat(run.url("v2/projects/P/locations/R/services?serviceId=S"))
                .isEqualTo("http://127.0.0.1:9400/run/v2/projects/P/locations/R/services?serviceId=S");
        assertThat(run.url("/v2/projects/P/locations/R/operations/1"))
                .isEqualTo("http://127.0.0.1:9400/run/v2/projects/P/locations/R/operations/1");
        assertThat(run.source()).contains("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN=http://127.0.0.1:9400/run/");

        ApiEndpoint storage = of(GoogleApi.STORAGE,
                Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", "http://127.0.0.1:9400/gcs/"));
        assertThat(storage.url("storage/v1/b?project=P")).isEqualTo("http://127.0.0.1:9400/gcs/storage/v1/b?project=P");
        assertThat(storage.url("upload/storage/v1/b/B/o?uploadType=media"))
                .isEqualTo("http://127.0.0.1:9400/gcs/upload/storage/v1/b/B/o?uploadType=media");
        assertThat(storage.base()).isEqualTo("http://127.0.0.1:9400/gcs");
    }

    @Test
    void anOverrideOnlyForOneApiLeavesTheOthersAlone() {
        ApiEndpoints all = ApiEndpoints.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://h:1/"));
        assertThat(all.of(GoogleApi.RUN).root()).hasToString("http://h:1/");
        assertThat(all.of(GoogleApi.CLOUDBUILD).root()).hasToString("https://cloudbuild.googleapis.com/");
        assertThat(all.of(GoogleApi.STORAGE).root()).hasToString("https://storage.googleapis.com/");
    }

    @Test
    void aMissingSlashOrADoubledOneIsTheSameRoot() {
        assertThat(of(GoogleApi.IAM, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", "http://127.0.0.1:9400/iam"))
                .url("v1/projects/P/serviceAccounts"))
                .isEqualTo("http://127.0.0.1:9400/iam/v1/projects/P/serviceAccounts");
        assertThat(of(GoogleApi.IAM, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", "http://127.0.0.1:9400"))
                .root()).hasToString("http://127.0.0.1:9400/");
        assertThat(of(GoogleApi.IAM, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", " https://x.example//a// "))
                .root()).hasToString("https://x.example/a/");
    }

    @Test
    void aValueAlreadyEndingInTheVersionPathHasItTakenOff() {
        // gcloud's own default for storage ends in the version path.
        assertThat(of(GoogleApi.STORAGE, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE",
                "https://storage.googleapis.com/storage/v1/")).root()).hasToString("https://storage.googleapis.com/");
        assertThat(of(GoogleApi.STORAGE, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE",
                "http://127.0.0.1:9400/gcs/storage/v1")).url("upload/storage/v1/b/B/o"))
                .isEqualTo("http://127.0.0.1:9400/gcs/upload/storage/v1/b/B/o");
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://127.0.0.1:9400/run/v2/"))
                .url("v2/projects/P")).isEqualTo("http://127.0.0.1:9400/run/v2/projects/P");
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "https://run.googleapis.com/v1/"))
                .root()).hasToString("https://run.googleapis.com/");
        assertThat(of(GoogleApi.MONITORING, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_MONITORING", "http://h:1/m/v3/"))
                .root()).hasToString("http://h:1/m/");
        assertThat(of(GoogleApi.CLOUDRESOURCEMANAGER,
                Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", "http://h:1/crm/v1/")).root())
                .hasToString("http://h:1/crm/");
    }

    @Test
    void anotherApisVersionPathIsAPrefixLikeAnyOther() {
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://h:1/p/v3/")).root())
                .hasToString("http://h:1/p/v3/");
        assertThat(of(GoogleApi.STORAGE, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", "http://h:1/v1/")).root())
                .hasToString("http://h:1/v1/");
    }

    @Test
    void storageEmulatorHostKeepsWorkingAndComesFirst() {
        ApiEndpoint hostPort = of(GoogleApi.STORAGE, Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:4443"));
        assertThat(hostPort.root()).hasToString("http://127.0.0.1:4443/");
        assertThat(hostPort.needsCredentials()).isFalse();
        assertThat(hostPort.source()).contains("STORAGE_EMULATOR_HOST=127.0.0.1:4443");
        assertThat(of(GoogleApi.STORAGE, Map.of("STORAGE_EMULATOR_HOST", "http://gcs:4443")).root())
                .hasToString("http://gcs:4443/");
        ApiEndpoint both = of(GoogleApi.STORAGE, Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:4443",
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", "http://127.0.0.1:9400/gcs/"));
        assertThat(both.root()).hasToString("http://127.0.0.1:4443/");
        // It is storage's variable only.
        assertThat(of(GoogleApi.RUN, Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:4443")).root())
                .hasToString("https://run.googleapis.com/");
    }

    @Test
    void blankValuesMeanUnset() {
        assertThat(of(GoogleApi.STORAGE, Map.of("STORAGE_EMULATOR_HOST", " ",
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", "")).isOverridden()).isFalse();
    }

    @Test
    void onlyHttpsEndpointsGetCredentials() {
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://127.0.0.1:1/"))
                .needsCredentials()).isFalse();
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "HTTP://127.0.0.1:1/"))
                .needsCredentials()).isFalse();
        assertThat(of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN",
                "https://europe-west1-run.googleapis.com/")).needsCredentials()).isTrue();
    }

    @Test
    void aPlainHttpEndpointNeverAsksForCredentials() throws Exception {
        ApiEndpoint local = of(GoogleApi.RUN, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", "http://127.0.0.1:1/"));
        GoogleHttp http = GoogleHttp.forEndpoint(local, () -> {
            throw new AssertionError("credentials asked for a loopback endpoint");
        }, Duration.ofSeconds(1));
        assertThat(http.credentials()).isEmpty();

        ApiEndpoint google = ApiEndpoints.publicEndpoints().of(GoogleApi.RUN);
        assertThatThrownBy(() -> GoogleHttp.forEndpoint(google, () -> {
            throw new ApplicationDefaultCredentials.Missing("none here", null);
        }, Duration.ofSeconds(1))).hasMessage("none here");
    }

    @Test
    void unusableValuesAreRefusedNamingTheVariableAndWhatToSet() {
        for (String bad : new String[] {"ftp://h/", "127.0.0.1:9400/run/", "http:///run/", "http://h:1/?a=b",
                "http://user:pw@h/", "http://h /"}) {
            ApiEndpoints env = ApiEndpoints.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", bad));
            assertThatThrownBy(() -> env.of(GoogleApi.RUN)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN=" + bad.trim() + " cannot be used "
                            + "for run.googleapis.com: ")
                    .hasMessageContaining("unset it");
            // Only the API whose variable is bad refuses.
            assertThat(env.of(GoogleApi.CLOUDBUILD).isOverridden()).isFalse();
        }
    }

    @Test
    void describeNamesTheSettingThatChoseTheEndpoint() {
        assertThat(of(GoogleApi.LOGGING, Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING", "http://h:1/l/")).describe())
                .isEqualTo("http://h:1/l/ (from CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING=http://h:1/l/)");
        assertThat(ApiEndpoints.publicEndpoints().of(GoogleApi.LOGGING).describe())
                .isEqualTo("https://logging.googleapis.com/");
    }
}
