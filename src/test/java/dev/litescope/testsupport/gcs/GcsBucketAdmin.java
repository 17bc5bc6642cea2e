package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.IamPolicyStore;
import dev.litescope.testsupport.http.LoopbackJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link LoopbackGcs} keeps of a bucket beyond its objects: the buckets.insert body it was created with (its
 * location and uniform bucket-level access, for tests to assert) and its IAM policy ({@code GET} and {@code PUT
 * storage/v1/b/B/iam}), whose stale etag is answered 412 conditionNotMet as Cloud Storage does.
 */
final class GcsBucketAdmin {
    private final Map<String, JsonNode> inserts = new ConcurrentHashMap<>();
    private final IamPolicyStore policies;

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
        ObjectNode p = policy.deepCopy();
        p.remove("resourceId");
        return policies.set(bucket, p).put("resourceId", "projects/_/buckets/" + bucket);
    }

    IamPolicyStore policies() {
        return policies;
    }
}
