package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a Google long-running operation ({@code {name, done, error, response}}, as Cloud Run, Cloud Build
 * and Service Usage return them): polls {@code GET {version}/{name}} with a growing interval until {@code done},
 * retrying a transient failure of a poll. The waits go through a {@link Sleeper}, so tests never sleep for real.
 */
public final class OperationPoller {
    private static final Logger log = LoggerFactory.getLogger(OperationPoller.class);

    /**
     * How often to poll: first after {@code first}, each wait then 1.5 times the last up to {@code max}, and
     * giving up once the waits add up to {@code timeout}.
     */
    public record Schedule(Duration first, Duration max, Duration timeout) {
        public Schedule {
            if (first.isNegative() || max.compareTo(first) < 0 || timeout.isNegative()) {
                throw new IllegalArgumentException("a poll schedule needs 0 <= first <= max and a timeout >= 0");
            }
        }

        /** Milliseconds between polls, instead of the growing 1 to 10 s (for local fakes). */
        public static final String POLL_INTERVAL = "LITESCOPE_POLL_INTERVAL_MS";

        /** One second, then up to ten, for twenty minutes: a Cloud Build of the sample takes a few minutes. */
        public static Schedule defaults() {
            return new Schedule(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(20));
        }

        /**
         * The {@linkplain #defaults default} schedule, or a fixed interval of {@value #POLL_INTERVAL} milliseconds
         * when the environment sets it (the command line and the app alike).
         *
         * @throws IllegalArgumentException when the variable is not a whole number of milliseconds
         */
        public static Schedule fromEnvironment(Map<String, String> env) {
            String v = env.get(POLL_INTERVAL);
            if (v == null || v.isBlank()) {
                return defaults();
            }
            long ms;
            try {
                ms = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                ms = -1;
            }
            if (ms < 0) {
                throw new IllegalArgumentException(POLL_INTERVAL + " must be a whole number of milliseconds, not '"
                        + v + "'; unset it for the default (1 s, growing to 10 s)");
            }
            return new Schedule(Duration.ofMillis(ms), Duration.ofMillis(ms), defaults().timeout());
        }

        Duration next(Duration last) {
            long nanos = Math.min(max.toNanos(), Math.max(first.toNanos(), (long) (last.toNanos() * 1.5)));
            return Duration.ofNanos(nanos);
        }
    }

    /** Waits between polls. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        static Sleeper real() {
            return d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    }

    /** The operation finished with an error: Google's {@code error {code, message, details}}. */
    public static final class OperationFailed extends IOException {
        private final String operation;
        private final GoogleError error;
        private final JsonNode last;

        OperationFailed(String what, String operation, GoogleError error, JsonNode last) {
            super(what + " failed (operation " + operation + "): " + error.message()
                    + error.status().map(s -> " [" + s + "]").orElse(""));
            this.operation = operation;
            this.error = error;
            this.last = last;
        }

        /** The operation as last read, with its {@code metadata} (Cloud Build's holds the build and its log URL). */
        public JsonNode lastRead() {
            return last;
        }

        public String operation() {
            return operation;
        }

        public GoogleError error() {
            return error;
        }
    }

    /** The operation was not done when the schedule's timeout had passed; it may still finish. */
    public static final class StillRunning extends IOException {
        StillRunning(String message) {
            super(message);
        }
    }

    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final String version;
    private final Schedule schedule;
    private final Sleeper sleeper;
    private final RetryPolicy retry;

    /**
     * @param version the API version path its operations are read under: {@code v2} for Cloud Run
     */
    public OperationPoller(GoogleHttp http, ApiEndpoint endpoint, String version, Schedule schedule,
                           Sleeper sleeper, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.version = version;
        this.schedule = schedule;
        this.sleeper = sleeper;
        this.retry = retry;
    }

    /**
     * Polls {@code operation} until it is done and returns its {@code response} (an empty object when it has
     * none).
     *
     * @param what what the operation does, for messages: "create service litescope-sample"
     * @throws OperationFailed when it ends with an error
     * @throws StillRunning    when it is not done in time
     */
    public JsonNode await(String what, JsonNode operation) throws IOException, InterruptedException {
        JsonNode op = operation;
        String name = op.path("name").asText("");
        Duration waited = Duration.ZERO;
        Duration interval = Duration.ZERO;
        int polls = 0;
        while (!op.path("done").asBoolean(false)) {
            if (name.isEmpty()) {
                throw new IOException(what + ": the server answered with an operation that has no name");
            }
            if (waited.compareTo(schedule.timeout()) >= 0) {
                throw new StillRunning(what + ": operation " + name + " is still running after " + waited.toSeconds()
                        + " s (" + polls + " polls); it may yet finish: look again later");
            }
            interval = schedule.next(interval);
            sleeper.sleep(interval);
            waited = waited.plus(interval);
            String url = endpoint.url(version + "/" + name);
            op = retry.runIo(() -> http.getJson(url, JsonNode.class));
            polls++;
            log.debug("{}: operation {} poll {} done={}", what, name, polls, op.path("done").asBoolean(false));
        }
        JsonNode error = op.path("error");
        if (error.isObject()) {
            Optional<GoogleError> e = GoogleError.parse(("{\"error\":" + error + "}").getBytes(
                    StandardCharsets.UTF_8));
            throw new OperationFailed(what, name, e.orElse(new GoogleError(error.path("code").asInt(),
                    error.toString(), Optional.empty(), List.of())), op);
        }
        JsonNode response = op.path("response");
        return response.isObject() ? response : JsonNodeFactory.instance.objectNode();
    }
}
