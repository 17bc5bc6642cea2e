package dev.litescope.deploy;

import com.google.auth.Credentials;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApiEndpoints;
import dev.litescope.cloud.ApplicationDefaultCredentials;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The clients of every API a deploy calls, each at its endpoint by gcloud's override convention, sharing one set
 * of Application Default Credentials, found only if some endpoint needs them (a deploy against loopback fakes
 * needs no Google account).
 *
 * @param projects the projects the caller can see, for the wizard's project box
 * @param account  who the requests run as, for permission messages
 * @param sleeper waits between polls, and before trying again what needs an account IAM has just created
 */
public record DeployClients(ServiceUsageClient serviceUsage, StorageAdminClient storage, IamClient iam,
                            ArtifactRegistryClient registry, CloudBuildClient builds, CloudRunClient run,
                            ProjectsClient projects, String account, OperationPoller.Sleeper sleeper) {
    /** What a deployer needs to hold, for the message when no credentials are found. */
    static final String NEEDS = "roles/run.admin, roles/iam.serviceAccountUser, roles/cloudbuild.builds.editor, "
            + "roles/storage.admin, roles/artifactregistry.admin, roles/iam.serviceAccountAdmin and "
            + "roles/serviceusage.serviceUsageAdmin in the project";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param env      the environment (CLOUDSDK_API_ENDPOINT_OVERRIDES_*, STORAGE_EMULATOR_HOST)
     * @param schedule how long-running operations are polled
     * @param sleeper  waits between polls
     */
    public static DeployClients fromEnvironment(Map<String, String> env, OperationPoller.Schedule schedule,
                                                OperationPoller.Sleeper sleeper, RetryPolicy retry)
            throws IOException {
        ApiEndpoints endpoints = ApiEndpoints.fromEnvironment(env);
        Lazy credentials = new Lazy();
        Factory f = new Factory(endpoints, credentials, schedule, sleeper, retry);
        ApiEndpoint runEndpoint = endpoints.of(GoogleApi.RUN);
        GoogleHttp runHttp = f.http(runEndpoint);
        StorageAdminClient storage = new StorageAdminClient(f.http(GoogleApi.STORAGE), endpoints.of(GoogleApi.STORAGE),
                retry);
        ApiEndpoint su = endpoints.of(GoogleApi.SERVICEUSAGE);
        ApiEndpoint ar = endpoints.of(GoogleApi.ARTIFACTREGISTRY);
        ApiEndpoint cb = endpoints.of(GoogleApi.CLOUDBUILD);
        return new DeployClients(
                new ServiceUsageClient(f.http(su), su, f.poller(su, "v1"), retry),
                storage,
                new IamClient(f.http(GoogleApi.IAM), endpoints.of(GoogleApi.IAM), retry),
                new ArtifactRegistryClient(f.http(ar), ar, f.poller(ar, "v1"), retry),
                new CloudBuildClient(runHttp, runEndpoint, f.poller(cb, "v1"), storage, retry),
                new CloudRunClient(runHttp, runEndpoint, f.poller(runEndpoint, "v2"), retry),
                new ProjectsClient(f.http(GoogleApi.CLOUDRESOURCEMANAGER), endpoints.of(GoogleApi.CLOUDRESOURCEMANAGER),
                        retry),
                credentials.found.map(ApplicationDefaultCredentials::describe)
                        .orElse("the caller (no credentials are sent to a plain-http endpoint)"), sleeper);
    }

    /** Finds the credentials once, on first need. */
    private static final class Lazy implements GoogleHttp.CredentialsSource {
        Optional<Credentials> found = Optional.empty();

        @Override
        public Credentials get() throws IOException {
            if (found.isEmpty()) {
                found = Optional.of(ApplicationDefaultCredentials.find(NEEDS));
            }
            return found.get();
        }
    }

    private record Factory(ApiEndpoints endpoints, Lazy credentials, OperationPoller.Schedule schedule,
                           OperationPoller.Sleeper sleeper, RetryPolicy retry) {
        GoogleHttp http(GoogleApi api) throws IOException {
            return http(endpoints.of(api));
        }

        GoogleHttp http(ApiEndpoint e) throws IOException {
            return GoogleHttp.forEndpoint(e, credentials, TIMEOUT);
        }

        OperationPoller poller(ApiEndpoint e, String version) throws IOException {
            return new OperationPoller(http(e), e, version, schedule, sleeper, retry);
        }
    }
}
