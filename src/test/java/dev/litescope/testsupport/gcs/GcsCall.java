package dev.litescope.testsupport.gcs;

import dev.litescope.testsupport.gcs.LoopbackGcs.Kind;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import dev.litescope.testsupport.http.Faults;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GCS exchange: the HTTP call, what it asked for ({@link Request}, set by the routes) and which API it came
 * through, which decides how errors look (the JSON API's {@code {"error":…}} or the XML API's {@code <Error>}).
 */
final class GcsCall {
    final HttpCall http;
    final LoopbackGcs server;
    Request request;
    boolean xmlApi;

    GcsCall(HttpCall http, LoopbackGcs server) {
        this.http = http;
        this.server = server;
    }

    String param(String name) {
        return http.param(name);
    }

    String header(String name) {
        return http.header(name);
    }

    String method() {
        return http.method();
    }

    /** Answers {@code doc} as JSON, unless a reset fault drops it half-way. */
    void json(int status, Object doc) throws IOException {
        http.responseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        send(status, LoopbackJson.MAPPER.writeValueAsBytes(doc));
    }

    /**
     * Sends {@code body} whole or, if a reset fault applies to this successful response, half of it before the
     * connection drops. Returns the body bytes written.
     */
    /** How long a stalled body sends nothing before its connection drops: far longer than a client should wait. */
    static final Duration STALL = Duration.ofSeconds(20);

    int send(int status, byte[] body) throws IOException {
        return send(status, body, 0, body.length);
    }

    /** Sends {@code len} bytes of {@code data} from {@code off}, under the RESET and STALL faults. */
    int send(int status, byte[] data, int off, int len) throws IOException {
        if (len > 0 && !http.isHead() && status / 100 == 2
                && server.faults().take(Faults.Type.RESET, request).isPresent()) {
            http.sendHalfThenDrop(status, data, off, len, half -> {
                if (request.kind() == Kind.MEDIA) {
                    server.mediaServed(half);
                }
            });
        }
        if (len > 0 && !http.isHead() && status / 100 == 2
                && server.faults().take(Faults.Type.STALL, request).isPresent()) {
            http.sendHalfThenStall(status, data, off, len, STALL, half -> {
                if (request.kind() == Kind.MEDIA) {
                    server.mediaServed(half);
                }
            });
        }
        return http.send(status, data, off, len);
    }

    void error(HttpError e) throws IOException {
        http.drainBody();
        if (e.status() == 304) {
            http.send(304, new byte[0]);
        } else if (xmlApi) {
            String code = switch (e.status()) {
                case 404 -> e.getMessage().startsWith("No such object") ? "NoSuchKey" : "NoSuchBucket";
                case 412 -> "PreconditionFailed";
                case 416 -> "InvalidRange";
                default -> e.reason();
            };
            http.responseHeaders().set("Content-Type", "application/xml; charset=UTF-8");
            send(e.status(), ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>"
                    + e.getMessage().replace("&", "&amp;").replace("<", "&lt;")
                    + "</Message></Error>").getBytes(StandardCharsets.UTF_8));
        } else {
            json(e.status(), GcsResources.error(e));
        }
    }
}
