package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.deploy.DeployStep.Report;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.deploy.DeployStep.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 6 of a deploy, the Cloud Run service: created when missing, left alone when it already holds every field
 * of the definition (the server adds fields of its own; those do not count), else updated, which makes a new
 * revision. In a dry run the create or update is sent with {@code validateOnly}, so Cloud Run checks the exact
 * Service JSON and changes nothing.
 */
final class ServiceStep {
    private final CloudRunClient run;
    private final SampleDeployer.Request r;
    private final ObjectNode definition;
    private boolean exists;
    private Optional<String> url = Optional.empty();

    ServiceStep(CloudRunClient run, SampleDeployer.Request r, ObjectNode definition) {
        this.run = run;
        this.r = r;
        this.definition = definition;
    }

    ObjectNode definition() {
        return definition.deepCopy();
    }

    boolean exists() {
        return exists;
    }

    Optional<String> url() {
        return url;
    }

    Report run() throws IOException, InterruptedException {
        String name = CloudRunClient.serviceName(r.project(), r.region(), r.service());
        Optional<JsonNode> existing = run.getService(name);
        if (existing.isEmpty()) {
            JsonNode op = run.createService(r.project(), r.region(), r.service(), definition, r.dryRun());
            JsonNode created = run.await((r.dryRun() ? "validate" : "create") + " service " + r.service(), op);
            if (r.dryRun()) {
                return new Report(Step.SERVICE, State.WILL_CREATE, "would create " + r.service() + " in "
                        + r.region() + " (Cloud Run validated the request)");
            }
            return ready(created, State.CREATED, "created");
        }
        exists = true;
        url = uri(existing.get());
        List<String> changed = differences(existing.get(), definition, "");
        if (changed.isEmpty()) {
            return new Report(Step.SERVICE, State.EXISTS, r.service() + " is up to date" + url.map(u -> " at " + u)
                    .orElse(""));
        }
        JsonNode op = run.updateService(name, definition, r.dryRun(), false);
        JsonNode updated = run.await((r.dryRun() ? "validate" : "update") + " service " + r.service(), op);
        if (r.dryRun()) {
            return new Report(Step.SERVICE, State.WILL_CHANGE, "would update " + r.service() + ": "
                    + String.join(", ", changed) + " (Cloud Run validated the request)");
        }
        return ready(updated, State.UPDATED, "updated (" + String.join(", ", changed) + ")");
    }

    private Report ready(JsonNode service, State state, String what) throws IOException {
        JsonNode condition = service.path("terminalCondition");
        if ("CONDITION_FAILED".equals(condition.path("state").asText())) {
            throw new IOException("service " + r.service() + " was " + what + " but is not ready: "
                    + condition.path("reason").asText("") + " " + condition.path("message").asText(""));
        }
        exists = true;
        url = uri(service);
        String revision = service.path("latestReadyRevision").asText("");
        return new Report(Step.SERVICE, state, r.service() + " " + what + (revision.isEmpty() ? "" : ", revision "
                + revision.substring(revision.lastIndexOf('/') + 1)) + url.map(u -> ", at " + u).orElse(""));
    }

    private static Optional<String> uri(JsonNode service) {
        return Optional.of(service.path("uri").asText("")).filter(s -> !s.isEmpty());
    }

    /**
     * The paths of {@code wanted}'s values that {@code actual} does not hold. Fields only actual has are fine, and
     * so is a field actual leaves out whose wanted value is its type's default (0, false, "", empty): Google's
     * JSON leaves those out, as proto3 does.
     */
    static List<String> differences(JsonNode actual, JsonNode wanted, String path) {
        List<String> out = new ArrayList<>();
        if (wanted.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode a = actual.path(e.getKey());
                if (a.isMissingNode() || a.isNull()) {
                    if (!isDefault(e.getValue())) {
                        out.add(p);
                    }
                } else {
                    out.addAll(differences(a, e.getValue(), p));
                }
            }
        } else if (wanted.isArray()) {
            if (!actual.isArray() || actual.size() != wanted.size()) {
                out.add(path);
            } else {
                for (int i = 0; i < wanted.size(); i++) {
                    out.addAll(differences(actual.get(i), wanted.get(i), path + "[" + i + "]"));
                }
            }
        } else if (!wanted.asText().equals(actual.asText())) {
            out.add(path);
        }
        return out;
    }

    private static boolean isDefault(JsonNode n) {
        return n.isNull() || (n.isNumber() && n.asDouble() == 0) || (n.isBoolean() && !n.asBoolean())
                || (n.isTextual() && n.asText().isEmpty()) || (n.isContainerNode() && n.isEmpty());
    }
}
