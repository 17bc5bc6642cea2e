package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.IamPolicyStore;
import dev.litescope.testsupport.http.LoopbackJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link LoopbackGcs} keeps of a bucket beyond its objects: the buckets.insert body it was created with (its
 * location and uniform bucket-level access, for tests to assert) and its IAM policy ({@code GET} and {@code PUT
 * storage/v1/b/B/iam}), whose stale etag is answered 412 conditionNotMet as Cloud Storage does. Like IAM just after
 * an account is created, it can be made not to know the service accounts a policy names yet.
 */
final class GcsBucketAdmin {
    private final Map<String, JsonNode> inserts = new ConcurrentHashMap<>();
    private final IamPolicyStore policies;
    private final AtomicInteger unknownAccounts = new AtomicInteger();

    GcsBucketAdmin() {
        ObjectNode template = LoopbackJson.MAPPER.createObjectNode().put("kind", "storage#policy");
        policies = new IamPolicyStore(412, "conditionNotMet", template);
    }

    void created(String bucket, JsonNode insert) {
        inserts.put(bucket, insert.deepCopy());
    }

    Optional<JsonNode> insert(String bucket) {
        return Optional.ofNullable(inserts.get(bucket)).map(JsonNode::deepCopy);
    }

    ObjectNode policy(String bucket) {
        return policies.get(bucket).put("resourceId", "projects/_/buckets/" + bucket);
    }

    ObjectNode setPolicy(String bucket, JsonNode policy) {
        for (JsonNode b : policy.path("bindings")) {
            for (JsonNode m : b.path("members")) {
                String member = m.asText();
                if (member.startsWith("serviceAccount:") && unknownAccounts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new HttpError(400, "badRequest", "Service account " + member.substring(
                            "serviceAccount:".length()) + " does not exist.");
                }
            }
        }
        ObjectNode p = policy.deepCopy();
        p.remove("resourceId");
        return policies.set(bucket, p).put("resourceId", "projects/_/buckets/" + bucket);
    }

    /** The next {@code n} writes naming a service account answer 400 as if IAM did not know it yet. */
    void unknownAccountsNext(int n) {
        unknownAccounts.set(n);
    }

    IamPolicyStore policies() {
        return policies;
    }
}
