package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Cloud Logging v2 that answers {@code POST v2/entries:list} as documented: a body of
 * {@code resourceNames}, {@code filter}, {@code orderBy} ("timestamp desc" or "timestamp asc"), {@code pageSize}
 * (default 50) and {@code pageToken}; an answer of {@code entries} and {@code nextPageToken}. The filter is the
 * subset of the Logging query language a monitor sends, {@code field="value"}, {@code severity>=LEVEL} and
 * {@code timestamp>="RFC 3339"} joined by AND; anything else is a 400, as a filter the real API cannot parse is.
 * Entries are Cloud Run's: {@code logName} {@code projects/P/logs/run.googleapis.com%2Fstdout}, {@code resource}
 * of type {@code cloud_run_revision}, and the container in {@code labels.container_name}.
 */
public final class LoopbackLogging extends GoogleApiFake {
    private static final List<String> SEVERITIES = List.of("DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
            "CRITICAL", "ALERT", "EMERGENCY");
    private static final Pattern EQUALS = Pattern.compile("([a-zA-Z_.]+)=\"([^\"]*)\"");
    private static final Pattern SEVERITY = Pattern.compile("severity>=([A-Z]+)");
    private static final Pattern SINCE = Pattern.compile("timestamp>=\"([^\"]+)\"");
    private final List<ObjectNode> entries = new ArrayList<>();
    private int ids;

    private LoopbackLogging() {
        super("logging", "/logging", "logging.googleapis.com");
    }

    public static LoopbackLogging start() {
        return new LoopbackLogging();
    }





    /**
     * Adds an entry written by a Cloud Run container.
     *
     * @param log       stdout, stderr or requests
     * @param container the container; null for a request log
     */
    public synchronized ObjectNode add(String project, String service, String revision, Instant time,
                                       String severity, String log, String container, String text) {
        ObjectNode e = LoopbackJson.MAPPER.createObjectNode();
        e.put("insertId", "id" + (++ids));
        e.put("logName", "projects/" + project + "/logs/run.googleapis.com%2F" + log);
        ObjectNode resource = e.putObject("resource");
        resource.put("type", "cloud_run_revision");
        resource.putObject("labels").put("project_id", project).put("service_name", service)
                .put("revision_name", revision).put("location", "europe-west1").put("configuration_name", service);
        e.put("timestamp", time.toString());
        e.put("receiveTimestamp", time.plusMillis(40).toString());
        e.put("severity", severity);
        ObjectNode labels = e.putObject("labels").put("instanceId", "00f1");
        if (container != null) {
            labels.put("container_name", container);
        }
        if (log.equals("requests")) {
            String[] parts = text.split(" ");
            e.putObject("httpRequest").put("requestMethod", parts[0]).put("requestUrl", parts[1])
                    .put("status", Integer.parseInt(parts[2])).put("latency", "0.012s");
        } else {
            e.put("textPayload", text);
        }
        entries.add(e);
        return e;
    }

    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException {
        if (!method.equals("POST") || !path.equals("/v2/entries:list")) {
            throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
        }
        JsonNode req = LoopbackJson.MAPPER.readTree(body);
        if (req == null || !req.path("resourceNames").isArray() || req.path("resourceNames").isEmpty()) {
            throw new HttpError(400, "INVALID_ARGUMENT", "resourceNames: at least one resource name is required");
        }
        List<String> projects = new ArrayList<>();
        req.path("resourceNames").forEach(n -> projects.add(n.asText()));
        Predicate<JsonNode> filter = parse(req.path("filter").asText(""));
        String order = req.path("orderBy").asText("timestamp asc");
        Comparator<JsonNode> byTime = Comparator.comparing(e -> Instant.parse(e.path("timestamp").asText()));
        if (order.equals("timestamp desc")) {
            byTime = byTime.reversed();
        } else if (!order.equals("timestamp asc")) {
            throw new HttpError(400, "INVALID_ARGUMENT", "orderBy must be \"timestamp asc\" or \"timestamp desc\"");
        }
        List<JsonNode> matching = entries.stream().filter(e -> projects.contains("projects/"
                + e.path("resource").path("labels").path("project_id").asText())).filter(filter)
                .map(e -> (JsonNode) e).sorted(byTime).toList();
        int size = req.path("pageSize").asInt(50);
        int from = req.path("pageToken").asText("").isEmpty() ? 0 : Integer.parseInt(req.path("pageToken").asText());
        ObjectNode page = LoopbackJson.MAPPER.createObjectNode();
        ArrayNode items = page.putArray("entries");
        matching.subList(Math.min(from, matching.size()), Math.min(matching.size(), from + size)).forEach(items::add);
        if (from + size < matching.size()) {
            page.put("nextPageToken", String.valueOf(from + size));
        }
        return page;
    }

    private static Predicate<JsonNode> parse(String filter) {
        Predicate<JsonNode> all = e -> true;
        if (filter.isBlank()) {
            return all;
        }
        for (String clause : filter.split(" AND ")) {
            String c = clause.trim();
            Matcher eq = EQUALS.matcher(c);
            Matcher sev = SEVERITY.matcher(c);
            Matcher since = SINCE.matcher(c);
            if (since.matches()) {
                Instant from = Instant.parse(since.group(1));
                all = all.and(e -> !Instant.parse(e.path("timestamp").asText()).isBefore(from));
            } else if (eq.matches()) {
                String[] path = eq.group(1).split("\\.");
                String want = eq.group(2);
                all = all.and(e -> {
                    JsonNode n = e;
                    for (String p : path) {
                        n = n.path(p);
                    }
                    return n.asText("").equals(want);
                });
            } else if (sev.matches() && SEVERITIES.contains(sev.group(1))) {
                int least = SEVERITIES.indexOf(sev.group(1));
                all = all.and(e -> SEVERITIES.indexOf(e.path("severity").asText("DEFAULT")) >= least);
            } else {
                throw new HttpError(400, "INVALID_ARGUMENT", "Unparseable filter: syntax error at \"" + c + "\"");
            }
        }
        return all;
    }

    /** The filters the client sent, in order. */
    public List<String> filters() {
        return requests().stream().map(r -> {
            try {
                return Optional.ofNullable(LoopbackJson.MAPPER.readTree(r.body())).map(b -> b.path("filter")
                        .asText("")).orElse("");
            } catch (IOException e) {
                return "";
            }
        }).toList();
    }
}
