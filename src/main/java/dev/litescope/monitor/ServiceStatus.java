package dev.litescope.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.util.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cloud Run service as its v2 resource describes it: whether it is ready, and if not the terminal condition's
 * reason and message; its URL; the latest ready against the latest created revision; the traffic split; whether a
 * rollout is still running; and its revisions with their own conditions.
 *
 * @param health    READY, FAILING or PENDING (a rollout not yet settled, or a revision not yet ready)
 * @param condition the service's terminal condition
 * @param template  what a new instance gets: its resources and volumes, for the costs and the volume's limit
 */
public record ServiceStatus(String name, Health health, Condition condition, Optional<String> uri,
                            String latestReadyRevision, String latestCreatedRevision, boolean reconciling,
                            long generation, long observedGeneration, List<Traffic> traffic,
                            List<Revision> revisions, Template template) {
    public enum Health { READY, FAILING, PENDING }

    /** One condition of a service or revision: {@code type}, {@code state}, {@code reason}, {@code message}. */
    public record Condition(String type, String state, String reason, String message,
                            Optional<Instant> lastTransition) {
        static Condition of(JsonNode c) {
            String reason = c.path("reason").asText("");
            if (reason.isEmpty()) {
                reason = c.path("revisionReason").asText(c.path("executionReason").asText(""));
            }
            return new Condition(c.path("type").asText(""), c.path("state").asText("STATE_UNSPECIFIED"), reason,
                    c.path("message").asText(""), time(c.path("lastTransitionTime")));
        }

        public boolean failed() {
            return state.equals("CONDITION_FAILED");
        }

        public boolean succeeded() {
            return state.equals("CONDITION_SUCCEEDED");
        }
    }

    /** A share of the traffic: {@code percent} to {@code revision} (the latest one when {@code latest}). */
    public record Traffic(String revision, int percent, boolean latest, String tag) {
    }

    /** One revision: when it was made, whether it is ready, why not, its images and where its logs are. */
    public record Revision(String name, Optional<Instant> created, Condition ready, List<Condition> conditions,
                           List<String> images, Optional<String> logUri) {
        /** The revision's short name, {@code guestbook-00002-abc}. */
        public String shortName() {
            return ServiceStatus.shortName(name);
        }
    }

    /**
     * What each instance is given, summed over its containers.
     *
     * @param vcpu             vCPUs per instance
     * @param memoryBytes      memory per instance
     * @param cpuAlwaysOn      CPU allocated outside requests ({@code cpuIdle: false}): instance-based billing
     * @param minInstances     instances kept warm at zero traffic
     * @param memoryVolumeLimit the size limit of the in-memory volume, when the template has one
     * @param replicaUrl the first {@code gcs://} or {@code gs://} URL a container's command, arguments or
     *                   environment names: where its Litestream sidecar replicates
     */
    public record Template(double vcpu, long memoryBytes, boolean cpuAlwaysOn, int minInstances,
                           int maxInstances, Optional<Long> memoryVolumeLimit, Optional<String> replicaUrl) {
    }

    private static final Pattern REPLICA_URL =
            Pattern.compile("\\bgc?s://[a-z0-9][-_.a-z0-9]*[a-z0-9](/[^\\s\"'$]*)?");

    /** Reads the v2 {@code Service} resource and its revisions as the API lists them. */
    public static ServiceStatus of(JsonNode service, List<JsonNode> revisions) {
        Condition terminal = Condition.of(service.path("terminalCondition"));
        long generation = service.path("generation").asLong();
        long observed = service.path("observedGeneration").asLong();
        String ready = service.path("latestReadyRevision").asText("");
        String created = service.path("latestCreatedRevision").asText("");
        boolean reconciling = service.path("reconciling").asBoolean(false);
        Health health;
        if (terminal.failed()) {
            health = Health.FAILING;
        } else if (terminal.succeeded() && terminal.type().equals("Ready") && generation == observed
                && ready.equals(created) && !reconciling) {
            health = Health.READY;
        } else {
            health = Health.PENDING;
        }
        List<Traffic> traffic = new ArrayList<>();
        for (JsonNode t : service.path("trafficStatuses")) {
            boolean latest = t.path("type").asText("").equals("TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST");
            String revision = t.path("revision").asText("");
            traffic.add(new Traffic(revision.isEmpty() && latest ? shortName(ready) : revision,
                    t.path("percent").asInt(0), latest, t.path("tag").asText("")));
        }
        List<Revision> revs = new ArrayList<>();
        for (JsonNode r : revisions) {
            revs.add(revision(r));
        }
        return new ServiceStatus(service.path("name").asText(""), health, terminal, text(service.path("uri")),
                ready, created, reconciling, generation, observed, traffic, revs, template(service.path("template")));
    }

    private static Revision revision(JsonNode r) {
        List<Condition> conditions = new ArrayList<>();
        r.path("conditions").forEach(c -> conditions.add(Condition.of(c)));
        Condition ready = conditions.stream().filter(c -> c.type().equals("Ready")).findFirst()
                .orElse(new Condition("Ready", "STATE_UNSPECIFIED", "", "", Optional.empty()));
        List<String> images = new ArrayList<>();
        r.path("containers").forEach(c -> images.add(c.path("name").asText("") .isEmpty()
                ? c.path("image").asText("") : c.path("name").asText() + "=" + c.path("image").asText("")));
        return new Revision(r.path("name").asText(""), time(r.path("createTime")), ready, conditions, images,
                text(r.path("logUri")));
    }

    private static Template template(JsonNode t) {
        double vcpu = 0;
        long memory = 0;
        boolean alwaysOn = false;
        for (JsonNode c : t.path("containers")) {
            JsonNode limits = c.path("resources").path("limits");
            vcpu += cpu(limits.path("cpu").asText("1"));
            memory += Quantity.bytes(limits.path("memory").asText("512Mi"));
            // An unset cpuIdle with resources set means always-on CPU, as the API defines it.
            JsonNode idle = c.path("resources").path("cpuIdle");
            if (c.has("resources") && (idle.isMissingNode() || !idle.asBoolean())) {
                alwaysOn = true;
            }
        }
        Optional<String> replica = Optional.empty();
        for (JsonNode c : t.path("containers")) {
            List<String> texts = new ArrayList<>();
            c.path("command").forEach(x -> texts.add(x.asText()));
            c.path("args").forEach(x -> texts.add(x.asText()));
            c.path("env").forEach(x -> texts.add(x.path("value").asText("")));
            for (String text : texts) {
                Matcher m = REPLICA_URL.matcher(text);
                if (replica.isEmpty() && m.find()) {
                    replica = Optional.of(m.group());
                }
            }
        }
        Optional<Long> volume = Optional.empty();
        for (JsonNode v : t.path("volumes")) {
            JsonNode dir = v.path("emptyDir");
            if (dir.path("medium").asText("").equals("MEMORY") && dir.has("sizeLimit")) {
                volume = Optional.of(Quantity.bytes(dir.path("sizeLimit").asText()));
            }
        }
        JsonNode scaling = t.path("scaling");
        return new Template(vcpu, memory, alwaysOn, scaling.path("minInstanceCount").asInt(0),
                scaling.path("maxInstanceCount").asInt(0), volume, replica);
    }

    private static double cpu(String q) {
        String s = q.trim();
        try {
            return s.endsWith("m") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 1000 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the service's CPU limit '" + q + "' is not a number of vCPUs");
        }
    }

    /** The last segment of a resource name. */
    public static String shortName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    public String shortName() {
        return shortName(name);
    }

    /** The revision whose Ready condition failed most recently, when one did (the latest created, first). */
    public Optional<Revision> failingRevision() {
        return revisions.stream().filter(r -> r.ready().failed()).findFirst();
    }

    private static Optional<String> text(JsonNode n) {
        return Optional.of(n.asText("")).filter(s -> !s.isEmpty());
    }

    static Optional<Instant> time(JsonNode n) {
        return text(n).map(GoTime::parseRfc3339);
    }
}
