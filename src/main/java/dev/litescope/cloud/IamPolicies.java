package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.util.JsonMapper;
import java.io.IOException;

/**
 * Adding one binding to a resource's IAM policy the way Google asks for it: read the policy, add the member to the
 * role, and write it back with the etag that was read, so that a change someone else made in between is not lost.
 * When the write loses that race (Cloud Storage answers 412, the v1+ APIs 409 ABORTED) the whole read-modify-write
 * is done again, a few times.
 */
public final class IamPolicies {
    private IamPolicies() {
    }

    /** How many read-modify-write rounds before an etag conflict is reported. */
    static final int ATTEMPTS = 5;

    /** Reads a resource's policy. */
    @FunctionalInterface
    public interface Read {
        JsonNode policy() throws IOException, InterruptedException;
    }

    /** Writes a resource's policy (carrying the etag that was read). */
    @FunctionalInterface
    public interface Write {
        void policy(ObjectNode policy) throws IOException, InterruptedException;
    }

    /** Whether {@code policy} already grants {@code role} to {@code member}. */
    public static boolean grants(JsonNode policy, String role, String member) {
        for (JsonNode b : policy.path("bindings")) {
            if (role.equals(b.path("role").asText()) && !b.has("condition")) {
                for (JsonNode m : b.path("members")) {
                    if (member.equals(m.asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A copy of {@code policy} (etag kept) that also grants {@code role} to {@code member}. */
    public static ObjectNode withBinding(JsonNode policy, String role, String member) {
        ObjectNode p = policy.isObject() ? ((ObjectNode) policy).deepCopy() : JsonMapper.MAPPER.createObjectNode();
        ArrayNode bindings = p.has("bindings") && p.get("bindings").isArray() ? (ArrayNode) p.get("bindings")
                : p.putArray("bindings");
        for (JsonNode b : bindings) {
            if (role.equals(b.path("role").asText()) && !b.has("condition") && b instanceof ObjectNode o) {
                ArrayNode members = o.has("members") ? (ArrayNode) o.get("members") : o.putArray("members");
                members.add(member);
                return p;
            }
        }
        ObjectNode b = bindings.addObject();
        b.put("role", role);
        b.putArray("members").add(member);
        return p;
    }

    /**
     * Grants {@code role} to {@code member} unless the policy already does.
     *
     * @param what the resource, for the message when the etag keeps conflicting: "bucket b"
     * @return true when the policy was changed, false when it already held the binding
     */
    public static boolean grant(String what, Read read, Write write, String role, String member)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            JsonNode policy = read.policy();
            if (grants(policy, role, member)) {
                return false;
            }
            try {
                write.policy(withBinding(policy, role, member));
                return true;
            } catch (GoogleApiException e) {
                if (!isEtagConflict(e) || attempt >= ATTEMPTS) {
                    if (isEtagConflict(e)) {
                        throw new IOException("granting " + role + " to " + member + " on " + what + ": its IAM "
                                + "policy changed under each of " + attempt + " attempts; try again", e);
                    }
                    throw e;
                }
            }
        }
    }

    /** 412 (Cloud Storage's precondition) or 409 other than ALREADY_EXISTS (the v1+ APIs' ABORTED). */
    static boolean isEtagConflict(GoogleApiException e) {
        return e.httpStatus() == 412 || (e.httpStatus() == 409 && !CloudRefusals.alreadyExists(e));
    }
}
