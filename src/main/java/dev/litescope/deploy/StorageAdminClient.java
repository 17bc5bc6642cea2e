package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.IamPolicies;
import dev.litescope.cloud.Lookups;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The Cloud Storage JSON API calls a deploy makes beyond reading replicas: buckets (get, create with uniform
 * bucket-level access in a location), a bucket's IAM policy (get, set with its etag, and a binding added on top),
 * a simple upload that never overwrites, and reading the end of a text object (a build's log).
 */
public final class StorageAdminClient {
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final RetryPolicy retry;

    public StorageAdminClient(GoogleHttp http, ApiEndpoint endpoint, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /** The bucket's metadata, or empty when there is none by that name. */
    public Optional<JsonNode> getBucket(String bucket) throws IOException, InterruptedException {
        return Lookups.getIfExists(http, retry, endpoint.url("storage/v1/b/" + segment(bucket)));
    }

    /** Creates {@code bucket} in {@code project}, in {@code location}, with uniform bucket-level access. */
    public JsonNode createBucket(String project, String bucket, String location) throws IOException,
            InterruptedException {
        ObjectNode body = JsonMapper.MAPPER.createObjectNode();
        body.put("name", bucket);
        body.put("location", location);
        body.putObject("iamConfiguration").putObject("uniformBucketLevelAccess").put("enabled", true);
        String url = endpoint.url("storage/v1/b?project=" + query(project));
        return retry.runIo(() -> http.postJson(url, body, JsonNode.class));
    }

    /** The bucket's IAM policy, with its etag. */
    public JsonNode getIamPolicy(String bucket) throws IOException, InterruptedException {
        String url = endpoint.url("storage/v1/b/" + segment(bucket) + "/iam");
        return retry.runIo(() -> http.getJson(url, JsonNode.class));
    }

    /** Writes the bucket's IAM policy; a stale etag in it is refused by the server with a 412. */
    public void setIamPolicy(String bucket, ObjectNode policy) throws IOException, InterruptedException {
        String url = endpoint.url("storage/v1/b/" + segment(bucket) + "/iam");
        retry.runIo(() -> http.putJson(url, policy, JsonNode.class));
    }

    /**
     * Grants {@code role} to {@code member} on the bucket (and nowhere else).
     *
     * @return whether the policy changed
     */
    public boolean grant(String bucket, String role, String member) throws IOException, InterruptedException {
        return IamPolicies.grant("bucket " + bucket, () -> getIamPolicy(bucket), p -> setIamPolicy(bucket, p), role,
                member);
    }

    /** The object's metadata, or empty when there is none. */
    public Optional<JsonNode> getObject(String bucket, String name) throws IOException, InterruptedException {
        return Lookups.getIfExists(http, retry, endpoint.url("storage/v1/b/" + segment(bucket) + "/o/"
                + segment(name)));
    }

    /**
     * Uploads {@code bytes} as {@code name} only if no object has that name ({@code ifGenerationMatch=0}), so a
     * retried upload never writes twice; returns the object's metadata (its generation).
     */
    public JsonNode upload(String bucket, String name, String contentType, byte[] bytes) throws IOException,
            InterruptedException {
        String url = endpoint.url("upload/storage/v1/b/" + segment(bucket) + "/o?uploadType=media&name="
                + query(name) + "&ifGenerationMatch=0");
        return retry.runIo(() -> http.postBytes(url, contentType, bytes, JsonNode.class));
    }

    /** The last {@code n} lines of a text object, or empty when it cannot be read (missing, or refused). */
    public List<String> tail(String bucket, String name, int n) throws InterruptedException {
        String url = endpoint.url("storage/v1/b/" + segment(bucket) + "/o/" + segment(name) + "?alt=media");
        try {
            byte[] all = retry.runIo(() -> {
                try (InputStream in = http.get(url).body()) {
                    return in.readAllBytes();
                }
            });
            List<String> lines = new String(all, StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    public ApiEndpoint endpoint() {
        return endpoint;
    }

    /** A path segment: everything escaped, '/' included, as GCS wants object names. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
