package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Run Service a deploy sends: {@code deploy-sample/service.json} (bundled in the jar) with its
 * placeholders filled in. Substitution walks the JSON's string values, so a value can never break the document;
 * each value is checked against what the place it goes to accepts (the bucket and replica path end up in the
 * sidecar's shell script and YAML), and a placeholder the definition has but no value is given for is refused.
 */
public final class SampleService {
    private SampleService() {
    }

    private static final String RESOURCE = "/sample/service.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    /**
     * What fills the definition.
     *
     * @param image          the app image, pinned by digest: {@code REGION-docker.pkg.dev/P/REPO/S@sha256:...}
     * @param serviceAccount the runtime service account's e-mail
     */
    public record Values(String project, String region, String service, String bucket, String replicaPath,
                         String serviceAccount, String image) {
        private static final Map<String, Pattern> RULES = Map.of(
                "PROJECT", Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]"),
                "REGION", Pattern.compile("[a-z]+-[a-z]+[0-9]+"),
                "SERVICE", Pattern.compile("[a-z]([-a-z0-9]{0,47}[a-z0-9])?"),
                "BUCKET", Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]"),
                "REPLICA_PATH", Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*"),
                "SERVICE_ACCOUNT", Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\\.gserviceaccount\\.com"),
                "IMAGE", Pattern.compile("[a-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9._/-]+"
                        + "(@sha256:[0-9a-f]{64}|:[A-Za-z0-9._-]+)"));

        Map<String, String> byPlaceholder() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("PROJECT", project);
            m.put("REGION", region);
            m.put("SERVICE", service);
            m.put("BUCKET", bucket);
            m.put("REPLICA_PATH", replicaPath);
            m.put("SERVICE_ACCOUNT", serviceAccount);
            m.put("IMAGE", image);
            m.forEach((k, v) -> {
                if (v == null || !RULES.get(k).matcher(v).matches()) {
                    String what = k.toLowerCase(Locale.ROOT).replace('_', ' ');
                    throw new IllegalArgumentException("not a usable " + what + ": " + v + " (it must match "
                            + RULES.get(k).pattern() + ")");
                }
            });
            return m;
        }
    }

    /** The bundled definition, filled in. */
    public static ObjectNode build(Values values) throws IOException {
        try (InputStream in = SampleService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the sample's service definition " + RESOURCE + " is missing from the jar; "
                        + "rebuild Litescope");
            }
            return build((ObjectNode) JsonMapper.MAPPER.readTree(in), values);
        }
    }

    /** {@code definition} filled in; it is not changed. Refuses a definition allowing more than one instance. */
    public static ObjectNode build(ObjectNode definition, Values values) {
        Map<String, String> v = values.byPlaceholder();
        ObjectNode filled = (ObjectNode) fill(definition.deepCopy(), v);
        JsonNode max = filled.path("template").path("scaling").path("maxInstanceCount");
        if (max.asInt(0) != 1) {
            throw new IllegalArgumentException("the service definition allows " + max + " instances: Litestream "
                    + "supports one writer, so template.scaling.maxInstanceCount must be 1");
        }
        return filled;
    }

    private static JsonNode fill(JsonNode n, Map<String, String> values) {
        if (n.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(n.asText());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("the service definition has a placeholder ${" + m.group(1)
                            + "} that nothing fills in; the known ones are " + values.keySet());
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            return new TextNode(sb.toString());
        }
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(fill(e.getValue(), values));
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, fill(a.get(i), values));
            }
        }
        return n;
    }
}
