package dev.litescope.monitor;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApiEndpoints;
import dev.litescope.cloud.ApplicationDefaultCredentials;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.deploy.CloudRunClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The three APIs a monitor reads, each at the endpoint the environment names (gcloud's
 * {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN}, {@code _LOGGING}, {@code _MONITORING}), with Application Default
 * Credentials for those that need them, found once and only if one does.
 *
 * @param account who the requests run as, for messages about refusals
 */
public record MonitorClients(CloudRunClient run, LoggingClient logging, MonitoringClient monitoring,
                             String account) {
    /** What a monitor needs the account to hold, for the message when there are no credentials at all. */
    static final String NEEDS = "run.services.get, logging.logEntries.list and monitoring.timeSeries.list, e.g. "
            + "roles/run.viewer, roles/logging.viewer and roles/monitoring.viewer";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static MonitorClients fromEnvironment(Map<String, String> env, RetryPolicy retry) throws IOException {
        ApiEndpoints endpoints = ApiEndpoints.fromEnvironment(env);
        ApiEndpoint run = endpoints.of(GoogleApi.RUN);
        ApiEndpoint logging = endpoints.of(GoogleApi.LOGGING);
        ApiEndpoint monitoring = endpoints.of(GoogleApi.MONITORING);
        Credentials[] found = {null};
        GoogleHttp.CredentialsSource source = () -> {
            if (found[0] == null) {
                GoogleCredentials c = (GoogleCredentials) ApplicationDefaultCredentials.find(NEEDS);
                found[0] = c.createScopedRequired()
                        ? c.createScoped("https://www.googleapis.com/auth/cloud-platform") : c;
            }
            return found[0];
        };
        GoogleHttp runHttp = GoogleHttp.forEndpoint(run, source, TIMEOUT);
        CloudRunClient runClient = new CloudRunClient(runHttp, run, new OperationPoller(runHttp, run, "v2",
                OperationPoller.Schedule.defaults(), OperationPoller.Sleeper.real(), retry), retry);
        LoggingClient loggingClient = new LoggingClient(GoogleHttp.forEndpoint(logging, source, TIMEOUT), logging,
                retry);
        MonitoringClient monitoringClient = new MonitoringClient(GoogleHttp.forEndpoint(monitoring, source, TIMEOUT),
                monitoring, retry);
        String account = Optional.ofNullable(found[0]).map(ApplicationDefaultCredentials::describe)
                .orElse("the caller");
        return new MonitorClients(runClient, loggingClient, monitoringClient, account);
    }
}
