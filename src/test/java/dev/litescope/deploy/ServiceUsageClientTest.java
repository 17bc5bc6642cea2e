package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.ApiEndpoints;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.testsupport.run.LoopbackServiceUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Enabling the APIs a deploy needs, against the loopback Service Usage. */
class ServiceUsageClientTest {
    private static final List<GoogleApi> NEEDED = List.of(GoogleApi.RUN, GoogleApi.CLOUDBUILD, GoogleApi.STORAGE);
    private LoopbackServiceUsage usage;
    private ServiceUsageClient client;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        usage = LoopbackServiceUsage.start();
        ApiEndpoint endpoint = ApiEndpoints.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE",
                usage.endpoint())).of(GoogleApi.SERVICEUSAGE);
        GoogleHttp http = new GoogleHttp(Optional.empty(), Duration.ofSeconds(5));
        RetryPolicy retry = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
        client = new ServiceUsageClient(http, endpoint, new OperationPoller(http, endpoint, "v1",
                new OperationPoller.Schedule(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(1)),
                slept::add, retry), retry);
    }

    @AfterEach
    void stop() {
        usage.close();
    }

    @Test
    void enablesOnlyWhatIsNotEnabledAndWaitsForTheOperation() throws Exception {
        usage.enable("p", "storage.googleapis.com");
        usage.finishOperationsAfter(2);
        List<GoogleApi> off = client.notEnabled("p", NEEDED);
        assertThat(off).containsExactly(GoogleApi.RUN, GoogleApi.CLOUDBUILD);
        client.enable("p", off);
        assertThat(usage.isEnabled("p", "run.googleapis.com")).isTrue();
        assertThat(usage.isEnabled("p", "cloudbuild.googleapis.com")).isTrue();
        assertThat(slept).hasSize(3);
        assertThat(client.notEnabled("p", NEEDED)).isEmpty();
        assertThat(usage.requests()).contains("GET /v1/projects/p/services/run.googleapis.com",
                "POST /v1/projects/p/services:batchEnable", "GET /v1/operations/acat.1");
    }

    @Test
    void nothingToEnableSendsNothing() throws Exception {
        client.enable("p", List.of());
        assertThat(usage.requests()).isEmpty();
        assertThat(usage.isEnabled("other", "run.googleapis.com")).isFalse();
    }
}
