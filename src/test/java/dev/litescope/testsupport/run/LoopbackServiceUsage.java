package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Service Usage API v1: a service's state (GET {@code projects/P/services/S}), {@code
 * services:batchEnable} returning an operation that finishes after a set number of polls and only then enables
 * the services, and the operations themselves. Served under {@code /serviceusage/}, as with
 * {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE=}{@link #endpoint()}.
 */
public final class LoopbackServiceUsage implements AutoCloseable {
    private static final String PREFIX = "/serviceusage";
    private static final Pattern SERVICE = Pattern.compile("/v1/projects/([^/]+)/services/([^/:]+)");
    private static final Pattern BATCH = Pattern.compile("/v1/projects/([^/]+)/services:batchEnable");
    private static final Pattern OPERATION = Pattern.compile("/v1/(operations/[^/]+)");

    private final Set<String> enabled = new HashSet<>();
    private final Map<String, Pending> operations = new HashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile int pollsToFinish = 1;
    private final LoopbackHttpServer server;

    private static final class Pending {
        final String project;
        final List<String> services;
        int pollsLeft;

        Pending(String project, List<String> services, int pollsLeft) {
            this.project = project;
            this.services = services;
            this.pollsLeft = pollsLeft;
        }
    }

    private LoopbackServiceUsage() {
        server = LoopbackHttpServer.start("service-usage", 0, this::serve);
    }

    public static LoopbackServiceUsage start() {
        return new LoopbackServiceUsage();
    }

    public String endpoint() {
        return server.endpoint() + PREFIX + "/";
    }

    public synchronized void enable(String project, String service) {
        enabled.add(project + "/" + service);
    }

    public synchronized boolean isEnabled(String project, String service) {
        return enabled.contains(project + "/" + service);
    }

    public void finishOperationsAfter(int polls) {
        pollsToFinish = polls;
    }

    /** Method and path below the prefix of every request, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }

    private void serve(HttpCall call) throws IOException {
        String path = call.rawPath().startsWith(PREFIX) ? call.rawPath().substring(PREFIX.length()) : call.rawPath();
        byte[] body = call.method().equals("GET") ? new byte[0] : call.body();
        requests.add(call.method() + " " + path);
        try {
            call.json(200, route(call.method(), path, body));
        } catch (HttpError e) {
            call.json(e.status(), Map.of("error", Map.of("code", e.status(), "message", e.getMessage(),
                    "status", e.reason())));
        }
    }

    private synchronized JsonNode route(String method, String path, byte[] body) throws IOException {
        Matcher m;
        ObjectNode answer = LoopbackJson.MAPPER.createObjectNode();
        if ((m = SERVICE.matcher(path)).matches() && method.equals("GET")) {
            String project = m.group(1);
            answer.put("name", "projects/" + project + "/services/" + m.group(2));
            answer.put("state", enabled.contains(project + "/" + m.group(2)) ? "ENABLED" : "DISABLED");
            return answer;
        }
        if ((m = BATCH.matcher(path)).matches() && method.equals("POST")) {
            JsonNode ids = LoopbackJson.MAPPER.readTree(body).path("serviceIds");
            if (!ids.isArray() || ids.isEmpty() || ids.size() > 20) {
                throw new HttpError(400, "INVALID_ARGUMENT", "serviceIds must name 1 to 20 services");
            }
            List<String> services = new ArrayList<>();
            ids.forEach(id -> services.add(id.asText()));
            String name = "operations/acat." + this.ids.incrementAndGet();
            operations.put(name, new Pending(m.group(1), services, pollsToFinish));
            return answer.put("name", name);
        }
        if ((m = OPERATION.matcher(path)).matches() && method.equals("GET")) {
            Pending p = operations.get(m.group(1));
            if (p == null) {
                throw new HttpError(404, "NOT_FOUND", "Operation '" + m.group(1) + "' not found.");
            }
            answer.put("name", m.group(1));
            if (p.pollsLeft > 0) {
                p.pollsLeft--;
                return answer;
            }
            p.services.forEach(s -> enabled.add(p.project + "/" + s));
            answer.put("done", true);
            answer.putObject("response").put("@type",
                    "type.googleapis.com/google.api.serviceusage.v1.BatchEnableServicesResponse");
            return answer;
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }
}
