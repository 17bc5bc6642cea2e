package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import dev.litescope.testsupport.http.LoopbackJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long-running operations polled over HTTP against a loopback server, with recorded (not real) waits. */
class OperationPollerTest {
    private static final String OP = "projects/p/locations/r/operations/op-1";
    private static final OperationPoller.Schedule FAST = new OperationPoller.Schedule(Duration.ofMillis(100),
            Duration.ofMillis(300), Duration.ofSeconds(60));

    private LoopbackHttpServer server;
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    /** The poll on which the operation is done; 0 for never. */
    private volatile int doneAt = 3;
    private volatile Map<String, Object> error;
    private volatile int failFirstPolls;

    @BeforeEach
    void start() {
        server = LoopbackHttpServer.start("ops", 0, call -> {
            paths.add(call.rawPath());
            int n = polls.incrementAndGet();
            if (n <= failFirstPolls) {
                call.json(503, Map.of("error", Map.of("code", 503, "message", "try later", "status", "UNAVAILABLE")));
                return;
            }
            boolean done = doneAt > 0 && n - failFirstPolls >= doneAt;
            if (!done) {
                call.json(200, Map.of("name", OP, "metadata", Map.of("poll", n)));
            } else if (error != null) {
                call.json(200, Map.of("name", OP, "done", true, "error", error));
            } else {
                call.json(200, Map.of("name", OP, "done", true, "response", Map.of("uri", "https://s.run.app")));
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OperationPoller poller(OperationPoller.Schedule schedule) {
        ApiEndpoint run = ApiEndpoints.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN",
                server.endpoint() + "/run/")).of(GoogleApi.RUN);
        return new OperationPoller(new GoogleHttp(Optional.empty(), Duration.ofSeconds(5)), run, "v2", schedule,
                slept::add, new RetryPolicy(3, Duration.ZERO, Duration.ZERO));
    }

    private static JsonNode pending() {
        return LoopbackJson.MAPPER.valueToTree(Map.of("name", OP, "done", false));
    }

    @Test
    void pollsWithAGrowingCappedIntervalUntilDoneAndReturnsTheResponse() throws Exception {
        doneAt = 5;
        JsonNode response = poller(FAST).await("create service s", pending());
        assertThat(response.path("uri").asText()).isEqualTo("https://s.run.app");
        assertThat(polls).hasValue(5);
        assertThat(paths).containsOnly("/run/v2/" + OP);
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225),
                Duration.ofMillis(300), Duration.ofMillis(300));
    }

    @Test
    void anOperationAlreadyDoneIsNotPolled() throws Exception {
        JsonNode done = LoopbackJson.MAPPER.valueToTree(Map.of("name", OP, "done", true, "response",
                Map.of("k", "v")));
        assertThat(poller(FAST).await("x", done).path("k").asText()).isEqualTo("v");
        JsonNode noResponse = LoopbackJson.MAPPER.valueToTree(Map.of("name", OP, "done", true));
        assertThat(poller(FAST).await("x", noResponse).isEmpty()).isTrue();
        assertThat(polls).hasValue(0);
        assertThat(slept).isEmpty();
    }

    @Test
    void anOperationThatEndsInAnErrorSaysWhatFailedAndWhy() {
        doneAt = 2;
        error = Map.of("code", 9, "message", "Revision 's-00001' is not ready: container failed to start",
                "status", "FAILED_PRECONDITION");
        assertThatThrownBy(() -> poller(FAST).await("create service s", pending()))
                .isInstanceOf(OperationPoller.OperationFailed.class)
                .hasMessage("create service s failed (operation " + OP + "): Revision 's-00001' is not ready: "
                        + "container failed to start [FAILED_PRECONDITION]")
                .satisfies(e -> assertThat(((OperationPoller.OperationFailed) e).error().code()).isEqualTo(9));
    }

    @Test
    void aTransientFailureOfAPollIsRetried() throws Exception {
        failFirstPolls = 2;
        doneAt = 1;
        assertThat(poller(FAST).await("x", pending()).path("uri").asText()).isEqualTo("https://s.run.app");
        assertThat(polls).hasValue(3);
    }

    @Test
    void anOperationStillRunningAtTheTimeoutIsReportedAsSuch() {
        doneAt = 0;
        OperationPoller.Schedule short1 = new OperationPoller.Schedule(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(6));
        assertThatThrownBy(() -> poller(short1).await("build the image", pending()))
                .isInstanceOf(OperationPoller.StillRunning.class)
                .hasMessage("build the image: operation " + OP + " is still running after 6 s (4 polls); it may yet "
                        + "finish: look again later");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(2000),
                Duration.ofMillis(2000));
    }

    @Test
    void aPendingOperationWithoutANameIsRefused() {
        JsonNode nameless = LoopbackJson.MAPPER.valueToTree(Map.of("done", false));
        assertThatThrownBy(() -> poller(FAST).await("x", nameless)).hasMessageContaining("has no name");
    }
}
