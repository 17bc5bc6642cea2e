package dev.litescope.testsupport.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the loopback fakes of Google's v1+ JSON APIs share: a server under a path prefix (reached as gcloud does
 * with {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_<API>=}{@link #endpoint()}), the log of every request, a permission
 * the caller can be made to lack, and answers as JSON or as Google error documents. What the API does is each
 * fake's {@link #route}.
 */
public abstract class GoogleApiFake implements AutoCloseable {
    /** One request as it arrived: method, path below the prefix, raw query and body. */
    public record Request(String method, String path, String query, String body) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    private final String prefix;
    private final String domain;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Optional<String> denied = Optional.empty();
    private volatile boolean writesOnly;
    private final LoopbackHttpServer server;

    /**
     * Starts the server.
     *
     * @param prefix the path the API is served under, such as {@code /iam}
     * @param domain the API's service name, for ErrorInfo details: iam.googleapis.com
     */
    protected GoogleApiFake(String name, String prefix, String domain) {
        this.prefix = prefix;
        this.domain = domain;
        server = LoopbackHttpServer.start(name, 0, this::serve);
    }

    /**
     * Answers one request (its path below the prefix) with a JSON document, or throws an {@link HttpError}; an
     * {@link IllegalArgumentException} is answered as Google answers a bad query: 400 INVALID_ARGUMENT.
     */
    protected abstract JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException;

    /** {@code http://127.0.0.1:PORT/PREFIX/}. */
    public String endpoint() {
        return server.endpoint() + prefix + "/";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Refuses every request with a 403 naming {@code permission}, as IAM does; empty lifts it. */
    public void deny(Optional<String> permission) {
        writesOnly = false;
        denied = permission;
    }

    /** Refuses only the requests that change something (not GET) with a 403 naming {@code permission}. */
    public void denyWrites(String permission) {
        writesOnly = true;
        denied = Optional.of(permission);
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(HttpCall call) throws IOException {
        String raw = call.rawPath();
        String path = raw.startsWith(prefix + "/") ? raw.substring(prefix.length()) : raw;
        byte[] body = call.method().equals("GET") ? new byte[0] : call.body();
        requests.add(new Request(call.method(), path, call.rawQuery() == null ? "" : call.rawQuery(),
                new String(body, StandardCharsets.UTF_8)));
        try {
            if (!raw.startsWith(prefix + "/")) {
                throw new HttpError(404, "NOT_FOUND", "no such path: " + raw);
            }
            Optional<String> d = denied;
            if (d.isPresent() && !(writesOnly && call.method().equals("GET"))) {
                throw GoogleErrors.permissionDenied(d.get(), path.replaceFirst("^/v[0-9]+/", ""), domain);
            }
            call.json(200, route(call.method(), path, call, body));
        } catch (HttpError e) {
            call.json(e.status(), GoogleErrors.document(e));
        } catch (IllegalArgumentException e) {
            call.json(400, GoogleErrors.document(new HttpError(400, "INVALID_ARGUMENT", e.getMessage())));
        }
    }
}
