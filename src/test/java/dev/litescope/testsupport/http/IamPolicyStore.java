package dev.litescope.testsupport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM policies of a fake's resources as Google keeps them: each with an etag that every write changes, and a
 * write carrying a stale etag refused (Cloud Storage with 412, the v1+ APIs with 409 ABORTED). Tests can make the
 * next writes lose the race, as when someone else changes the policy between the client's read and its write.
 */
public final class IamPolicyStore {
    private final Map<String, ObjectNode> policies = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();
    private final int conflictStatus;
    private final String conflictReason;
    private final ObjectNode template;
    private int conflicts;

    /**
     * @param conflictStatus 412 for Cloud Storage, 409 for the v1+ APIs
     * @param template       fields every policy of this API carries (Cloud Storage's {@code kind})
     */
    public IamPolicyStore(int conflictStatus, String conflictReason, ObjectNode template) {
        this.conflictStatus = conflictStatus;
        this.conflictReason = conflictReason;
        this.template = template;
    }

    /** The policy of {@code resource} with its current etag (an empty policy if none was set). */
    public synchronized ObjectNode get(String resource) {
        ObjectNode p = policies.computeIfAbsent(resource, r -> {
            ObjectNode n = template.deepCopy();
            n.put("version", 1);
            n.putArray("bindings");
            return n;
        }).deepCopy();
        p.put("etag", etag(resource));
        return p;
    }

    /** Writes {@code policy} unless its etag is stale; returns the policy as stored, with its new etag. */
    public synchronized ObjectNode set(String resource, JsonNode policy) {
        if (!policy.isObject()) {
            throw new HttpError(400, "INVALID_ARGUMENT", "a policy object is required");
        }
        if (conflicts > 0) {
            conflicts--;
            versions.merge(resource, 1, Integer::sum);
        }
        String sent = policy.path("etag").asText("");
        if (!sent.isEmpty() && !sent.equals(etag(resource))) {
            throw new HttpError(conflictStatus, conflictReason, "There were concurrent policy changes. Please retry "
                    + "the whole read-modify-write with exponential backoff. The request's ETag '" + sent
                    + "' did not match the current policy's ETag '" + etag(resource) + "'.");
        }
        ObjectNode stored = template.deepCopy();
        stored.setAll(((ObjectNode) policy).deepCopy());
        stored.remove("etag");
        policies.put(resource, stored);
        versions.merge(resource, 1, Integer::sum);
        return get(resource);
    }

    /** The next {@code n} writes find the policy changed by someone else since it was read. */
    public synchronized void conflictNext(int n) {
        conflicts = n;
    }

    /** The members {@code role} is granted to on {@code resource}, as stored. */
    public synchronized Optional<JsonNode> members(String resource, String role) {
        ObjectNode p = policies.get(resource);
        if (p == null) {
            return Optional.empty();
        }
        for (JsonNode b : p.path("bindings")) {
            if (role.equals(b.path("role").asText())) {
                return Optional.of(b.path("members").deepCopy());
            }
        }
        return Optional.empty();
    }

    private String etag(String resource) {
        return Base64.getEncoder().encodeToString(("v" + versions.getOrDefault(resource, 0)).getBytes(
                StandardCharsets.UTF_8));
    }
}
