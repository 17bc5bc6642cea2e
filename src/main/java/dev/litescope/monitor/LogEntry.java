package dev.litescope.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * One Cloud Logging entry of a Cloud Run revision.
 *
 * @param log        the short log name: {@code requests}, {@code stdout}, {@code stderr} or {@code varlog/system}
 * @param container  the container that wrote it (Cloud Run's {@code container_name} label); empty for requests
 * @param text       the payload as one line: the text, a JSON payload's {@code message}, or the request line
 * @param consoleUrl this entry in the Cloud Console's Logs Explorer
 */
public record LogEntry(Instant timestamp, String severity, String log, String revision, Optional<String> container,
                       String text, String insertId, String consoleUrl) {

    static LogEntry of(JsonNode e, String project) {
        String logName = e.path("logName").asText("");
        String decoded = URLDecoder.decode(logName, StandardCharsets.UTF_8);
        String log = decoded.contains("run.googleapis.com/") ? decoded.substring(decoded.indexOf("run.googleapis.com/")
                + "run.googleapis.com/".length()) : decoded.substring(decoded.lastIndexOf('/') + 1);
        Instant time = ServiceStatus.time(e.path("timestamp")).orElse(Instant.EPOCH);
        String insertId = e.path("insertId").asText("");
        Optional<String> container = Optional.of(e.path("labels").path("container_name").asText(""))
                .filter(s -> !s.isEmpty());
        return new LogEntry(time, e.path("severity").asText("DEFAULT"), log,
                e.path("resource").path("labels").path("revision_name").asText(""), container, text(e), insertId,
                consoleUrl(project, insertId, time));
    }

    private static String text(JsonNode e) {
        if (e.hasNonNull("textPayload")) {
            return oneLine(e.path("textPayload").asText());
        }
        JsonNode http = e.path("httpRequest");
        if (!http.isMissingNode()) {
            return http.path("requestMethod").asText("") + " " + http.path("requestUrl").asText("") + " "
                    + http.path("status").asText("") + (http.has("latency") ? " in " + http.path("latency").asText()
                    : "");
        }
        JsonNode json = e.path("jsonPayload");
        if (json.has("message")) {
            return oneLine(json.path("message").asText());
        }
        return json.isMissingNode() ? "" : oneLine(json.toString());
    }

    private static String oneLine(String s) {
        return s.strip().replace("\r", "").replace('\n', ' ');
    }

    /** The Logs Explorer showing this entry: its insertId as the query, the cursor on its moment. */
    static String consoleUrl(String project, String insertId, Instant time) {
        String query = URLEncoder.encode("insertId=\"" + insertId + "\"", StandardCharsets.UTF_8).replace("+", "%20");
        return "https://console.cloud.google.com/logs/query;query=" + query + ";cursorTimestamp=" + time
                + "?project=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }
}
