package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.GoogleErrors;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Cloud Run Admin API v2 that speaks its documented JSON: services (get, create with
 * {@code serviceId}, patch with {@code allowMissing}, both with {@code validateOnly}), their revisions (paged) and
 * the operations they return, which finish after a set number of polls. Refusals are Google error documents
 * ({@code error {code, message, status, details}}): 404 NOT_FOUND, 409 ALREADY_EXISTS, 403 with the permission
 * in an ErrorInfo, and SERVICE_DISABLED. Every request is recorded for tests to assert.
 *
 * <p>Served under a path prefix, so that tests reach it as gcloud does with
 * {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN=}{@link #endpoint()}.
 */
public final class LoopbackCloudRun implements AutoCloseable {
    /** One request as it arrived: method, path below the prefix, raw query and body. */
    public record Request(String method, String path, String query, String body) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    private static final String PREFIX = "/run";
    private static final Pattern SERVICES = Pattern.compile("/v2/(projects/[^/]+/locations/[^/]+)/services");
    private static final Pattern SERVICE = Pattern.compile("/v2/((projects/[^/]+)/locations/([^/]+)/services/[^/]+)");
    private static final Pattern REVISIONS = Pattern.compile(SERVICE.pattern() + "/revisions");
    private static final Pattern OPERATION = Pattern.compile("/v2/(projects/[^/]+/locations/[^/]+/operations/[^/]+)");
    private static final int PAGE = 2;

    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> revisions = new LinkedHashMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile int pollsToFinish = 2;
    private volatile Optional<String> denied = Optional.empty();
    private volatile boolean disabled;
    private final List<Extension> extensions = new CopyOnWriteArrayList<>();
    private final LoopbackHttpServer server;

    /**
     * More of the API that another fake serves on this server (Cloud Run's {@code builds:submit}, a service's IAM
     * policy): an answer, or empty when the request is not its own. Called with this fake's lock held.
     */
    @FunctionalInterface
    public interface Extension {
        Optional<JsonNode> answer(String method, String path, HttpCall call, byte[] body) throws IOException;
    }

    private static final class Operation {
        final String name;
        final ObjectNode result;
        int pollsLeft;

        Operation(String name, ObjectNode result, int pollsLeft) {
            this.name = name;
            this.result = result;
            this.pollsLeft = pollsLeft;
        }
    }

    private LoopbackCloudRun() {
        server = LoopbackHttpServer.start("cloud-run", 0, this::serve);
    }

    public static LoopbackCloudRun start() {
        return new LoopbackCloudRun();
    }

    /** The root to put in CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: {@code http://127.0.0.1:PORT/run/}. */
    public String endpoint() {
        return server.endpoint() + PREFIX + "/";
    }

    /** How many polls of an operation answer "not done" before it is. */
    public void finishOperationsAfter(int polls) {
        pollsToFinish = polls;
    }

    /** Refuses every request with a 403 naming {@code permission}, as IAM does; empty lifts it. */
    public void deny(Optional<String> permission) {
        denied = permission;
    }

    /** Answers every request as Google does when the Cloud Run Admin API is not enabled in the project. */
    public void disable(boolean off) {
        disabled = off;
    }

    /**
     * Puts a service exactly as given (its {@code name} field names it), with its revisions newest first: for a
     * monitor to read a state no create reaches, such as a failed revision's conditions.
     */
    public synchronized void put(ObjectNode service, List<ObjectNode> serviceRevisions) {
        String name = service.path("name").asText();
        services.put(name, service.deepCopy());
        revisions.put(name, new ArrayList<>(serviceRevisions));
    }

    public synchronized Optional<JsonNode> service(String name) {
        return Optional.ofNullable(services.get(name)).map(JsonNode::deepCopy);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Serves {@code extension}'s requests too, after the same checks of permission and enablement. */
    public void extend(Extension extension) {
        extensions.add(extension);
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(HttpCall call) throws IOException {
        String path = call.rawPath();
        String query = call.rawQuery() == null ? "" : call.rawQuery();
        byte[] body = call.method().equals("GET") ? new byte[0] : call.body();
        requests.add(new Request(call.method(), path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path,
                query, new String(body, StandardCharsets.UTF_8)));
        try {
            if (!path.startsWith(PREFIX + "/")) {
                throw new HttpError(404, "NOT_FOUND", "no such path: " + path);
            }
            call.json(200, route(call.method(), path.substring(PREFIX.length()), call, body));
        } catch (HttpError e) {
            call.json(e.status(), GoogleErrors.document(e));
        }
    }

    private synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException {
        Matcher m;
        if (!extensions.isEmpty() && path.startsWith("/v2/projects/")) {
            refuseIfBlocked(path);
        }
        for (Extension e : extensions) {
            Optional<JsonNode> answer = e.answer(method, path, call, body);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        if ((m = SERVICE.matcher(path)).matches() || (m = SERVICES.matcher(path)).matches()
                || (m = REVISIONS.matcher(path)).matches() || (m = OPERATION.matcher(path)).matches()) {
            refuseIfBlocked(path);
        }
        if ((m = OPERATION.matcher(path)).matches() && method.equals("GET")) {
            return poll(m.group(1));
        }
        if ((m = REVISIONS.matcher(path)).matches() && method.equals("GET")) {
            return revisionPage(m.group(1), call.param("pageToken"));
        }
        if ((m = SERVICES.matcher(path)).matches() && method.equals("POST")) {
            String id = call.param("serviceId");
            if (id == null || id.isEmpty()) {
                throw new HttpError(400, "INVALID_ARGUMENT", "serviceId is required");
            }
            String name = m.group(1) + "/services/" + id;
            if (services.containsKey(name)) {
                throw new HttpError(409, "ALREADY_EXISTS", "Resource '" + id + "' already exists.");
            }
            return write(name, parse(body), "true".equals(call.param("validateOnly")));
        }
        if ((m = SERVICE.matcher(path)).matches()) {
            String name = m.group(1);
            if (method.equals("GET")) {
                return Optional.ofNullable(services.get(name)).orElseThrow(() -> notFound(name));
            }
            if (method.equals("PATCH")) {
                if (!services.containsKey(name) && !"true".equals(call.param("allowMissing"))) {
                    throw notFound(name);
                }
                return write(name, parse(body), "true".equals(call.param("validateOnly")));
            }
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }

    private void refuseIfBlocked(String path) {
        if (disabled) {
            throw GoogleErrors.serviceDisabled("run.googleapis.com", "Cloud Run Admin API");
        }
        if (denied.isPresent()) {
            throw GoogleErrors.permissionDenied(denied.get(), path.substring("/v2/".length()), "run.googleapis.com");
        }
    }

    private static HttpError notFound(String name) {
        return new HttpError(404, "NOT_FOUND", "Resource '" + name.substring(name.lastIndexOf('/') + 1)
                + "' of kind 'SERVICE' in region does not exist.");
    }

    private static ObjectNode parse(byte[] body) {
        try {
            JsonNode n = LoopbackJson.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new HttpError(400, "INVALID_ARGUMENT", "the body must be a Service object");
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new HttpError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + e.getMessage());
        }
    }

    /** Creates or replaces the service (unless only validating) and returns an operation that ends with it. */
    private JsonNode write(String name, ObjectNode requested, boolean validateOnly) {
        if (!requested.path("template").path("containers").isArray()
                || requested.path("template").path("containers").isEmpty()) {
            throw new HttpError(400, "INVALID_ARGUMENT", "template.containers: at least one container is required");
        }
        ObjectNode previous = services.get(name);
        long generation = previous == null ? 1 : previous.path("generation").asLong() + 1;
        String service = name.substring(name.lastIndexOf('/') + 1);
        String revision = String.format("%s-%05d-abc", service, generation);
        ObjectNode s = requested.deepCopy();
        s.put("name", name);
        s.put("uid", previous == null ? "uid-" + ids.incrementAndGet() : previous.path("uid").asText());
        s.put("generation", String.valueOf(generation));
        s.put("observedGeneration", String.valueOf(generation));
        s.put("uri", "https://" + service + "-abc123-" + "uc.a.run.app");
        s.put("latestCreatedRevision", name.substring(0, name.indexOf("/services/")) + "/services/" + service
                + "/revisions/" + revision);
        s.put("latestReadyRevision", s.path("latestCreatedRevision").asText());
        s.put("reconciling", false);
        ObjectNode condition = s.putObject("terminalCondition");
        condition.put("type", "Ready").put("state", "CONDITION_SUCCEEDED");
        if (!validateOnly) {
            services.put(name, s);
            ObjectNode r = LoopbackJson.MAPPER.createObjectNode();
            r.put("name", s.path("latestCreatedRevision").asText()).put("service", name);
            r.set("containers", s.path("template").path("containers").deepCopy());
            revisions.computeIfAbsent(name, k -> new ArrayList<>()).add(0, r);
        }
        String op = name.substring(0, name.indexOf("/services/")) + "/operations/op-" + ids.incrementAndGet();
        operations.put(op, new Operation(op, validateOnly ? LoopbackJson.MAPPER.createObjectNode() : s.deepCopy(),
                pollsToFinish));
        ObjectNode answer = LoopbackJson.MAPPER.createObjectNode();
        answer.put("name", op);
        answer.putObject("metadata").put("@type", "type.googleapis.com/google.cloud.run.v2.Service")
                .put("name", name);
        return answer;
    }

    private JsonNode poll(String name) {
        Operation op = operations.get(name);
        if (op == null) {
            throw new HttpError(404, "NOT_FOUND", "Operation '" + name + "' not found.");
        }
        ObjectNode answer = LoopbackJson.MAPPER.createObjectNode();
        answer.put("name", name);
        if (op.pollsLeft > 0) {
            op.pollsLeft--;
            return answer;
        }
        answer.put("done", true);
        answer.set("response", op.result.deepCopy());
        return answer;
    }

    private JsonNode revisionPage(String service, String token) {
        List<ObjectNode> all = revisions.getOrDefault(service, List.of());
        int from = token == null || token.isEmpty() ? 0 : Integer.parseInt(token);
        ObjectNode page = LoopbackJson.MAPPER.createObjectNode();
        ArrayNode items = page.putArray("revisions");
        all.subList(from, Math.min(all.size(), from + PAGE)).forEach(items::add);
        if (from + PAGE < all.size()) {
            page.put("nextPageToken", String.valueOf(from + PAGE));
        }
        return page;
    }
}
