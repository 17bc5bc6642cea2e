package dev.litescope.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.Pages;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cloud Logging v2's {@code entries:list} for one Cloud Run service: newest first, a page at a time up to a limit,
 * filtered by container and by least severity.
 */
public final class LoggingClient {
    private static final int PAGE_SIZE = 100;
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final RetryPolicy retry;

    public LoggingClient(GoogleHttp http, ApiEndpoint endpoint, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /**
     * What to read.
     *
     * @param revision    only this revision's entries
     * @param container   only this container's stdout and stderr (requests carry no container)
     * @param minSeverity only entries at least this severe: DEBUG, INFO, WARNING, ERROR, ...
     * @param since       only entries from this moment on (without it, the API reads every retained entry)
     * @param limit       at most this many entries
     */
    public record Query(String project, String service, Optional<String> revision, Optional<String> container,
                        Optional<String> minSeverity, Optional<Instant> since, int limit) {
        public Query {
            if (limit < 1) {
                throw new IllegalArgumentException("a log query needs a limit of at least one entry");
            }
        }

        /** The Logging query language filter this query sends. */
        public String filter() {
            StringBuilder f = new StringBuilder("resource.type=\"cloud_run_revision\" AND resource.labels"
                    + ".service_name=\"" + service + "\"");
            revision.ifPresent(r -> f.append(" AND resource.labels.revision_name=\"").append(r).append('"'));
            container.ifPresent(c -> f.append(" AND labels.container_name=\"").append(c).append('"'));
            minSeverity.ifPresent(s -> f.append(" AND severity>=").append(s));
            since.ifPresent(t -> f.append(" AND timestamp>=\"").append(t).append('"'));
            return f.toString();
        }
    }

    /** The newest entries that match, newest first. */
    public List<LogEntry> newest(Query q) throws IOException, InterruptedException {
        String url = endpoint.url("v2/entries:list");
        List<JsonNode> raw = Pages.upTo(token -> {
            ObjectNode body = JsonMapper.MAPPER.createObjectNode();
            body.putArray("resourceNames").add("projects/" + q.project());
            body.put("filter", q.filter());
            body.put("orderBy", "timestamp desc");
            body.put("pageSize", Math.min(PAGE_SIZE, q.limit()));
            if (!token.isEmpty()) {
                body.put("pageToken", token);
            }
            return retry.runIo(() -> http.postJson(url, body, JsonNode.class));
        }, "entries", q.limit(), "the logs of " + q.service());
        List<LogEntry> entries = new ArrayList<>();
        raw.forEach(e -> entries.add(LogEntry.of(e, q.project())));
        return entries;
    }
}
