package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the loopback Logging and Monitoring fakes share: a loopback server under a path prefix (reached as gcloud
 * does, with {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>=}{@link #endpoint()}), every request recorded, and
 * refusals as Google's error documents ({@code error {code, message, status, details}}), among them a 403 naming
 * the permission in an ErrorInfo, as IAM sends it.
 */
abstract class GoogleFake implements AutoCloseable {
    private final String prefix;
    private final String service;
    private final List<LoopbackCloudRun.Request> requests = new CopyOnWriteArrayList<>();
    private volatile Optional<String> denied = Optional.empty();
    private final LoopbackHttpServer server;

    /**
     * @param prefix  the path the API is served under, e.g. {@code /logging}
     * @param service the API's service name, which a refusal's ErrorInfo names as its domain
     */
    GoogleFake(String name, String prefix, String service) {
        this.prefix = prefix;
        this.service = service;
        server = LoopbackHttpServer.start(name, 0, this::serve);
    }

    /** Answers one request below the prefix, or throws an {@link HttpError}. */
    abstract JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException;

    /** The root to put in the API's override variable: {@code http://127.0.0.1:PORT/PREFIX/}. */
    public String endpoint() {
        return server.endpoint() + prefix + "/";
    }

    /** Refuses every request with a 403 naming {@code permission}; empty lifts it. */
    public void deny(Optional<String> permission) {
        denied = permission;
    }

    public List<LoopbackCloudRun.Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(HttpCall call) throws IOException {
        String path = call.rawPath();
        String query = call.rawQuery() == null ? "" : call.rawQuery();
        byte[] body = call.method().equals("GET") ? new byte[0] : call.body();
        String below = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        requests.add(new LoopbackCloudRun.Request(call.method(), below, query, new String(body,
                StandardCharsets.UTF_8)));
        try {
            if (!path.startsWith(prefix + "/")) {
                throw new HttpError(404, "NOT_FOUND", "no such path: " + path);
            }
            if (denied.isPresent()) {
                throw new Refusal(denied.get());
            }
            JsonNode answer;
            synchronized (this) {
                answer = route(call.method(), below, call, body);
            }
            call.json(200, answer);
        } catch (HttpError e) {
            call.json(e.status(), errorDocument(e));
        } catch (IllegalArgumentException e) {
            call.json(400, errorDocument(new HttpError(400, "INVALID_ARGUMENT", e.getMessage())));
        }
    }

    /** A 403 as IAM words it, with the permission in an ErrorInfo. */
    private final class Refusal extends HttpError {
        final String permission;

        Refusal(String permission) {
            super(403, "PERMISSION_DENIED", "Permission '" + permission + "' denied (or the resource may not exist).");
            this.permission = permission;
        }

        Map<String, Object> detail() {
            return Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "IAM_PERMISSION_DENIED",
                    "domain", service, "metadata", Map.of("permission", permission));
        }
    }

    private Map<String, Object> errorDocument(HttpError e) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", e.status());
        inner.put("message", e.getMessage());
        inner.put("status", e.reason());
        inner.put("details", e instanceof Refusal r ? List.of(r.detail()) : List.of());
        return Map.of("error", inner);
    }
}
