package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.IamPolicies;
import dev.litescope.cloud.Lookups;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.Pages;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of the Cloud Run Admin API v2 a deploy and a monitor make, as REST over {@link GoogleHttp}: services
 * get, create and patch (each optionally {@code validateOnly}, the server-side dry run), their long-running
 * operations, and revisions. Transient failures (429, 5xx, a reset) are retried with {@link RetryPolicy}.
 */
public final class CloudRunClient {
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final OperationPoller poller;
    private final RetryPolicy retry;

    /**
     * @param endpoint where Cloud Run is reached
     * @param poller   polls this API's operations ({@code v2/{name}})
     */
    public CloudRunClient(GoogleHttp http, ApiEndpoint endpoint, OperationPoller poller, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.poller = poller;
        this.retry = retry;
    }

    /** {@code projects/P/locations/R/services/S}. */
    public static String serviceName(String project, String region, String service) {
        return "projects/" + project + "/locations/" + region + "/services/" + service;
    }

    /** The service, or empty when there is none by that name (a 404). */
    public Optional<JsonNode> getService(String name) throws IOException, InterruptedException {
        return Lookups.getIfExists(http, retry, endpoint.url("v2/" + name));
    }

    /**
     * Creates service {@code serviceId} in {@code projects/P/locations/R} and returns its operation (not waited
     * for: see {@link #await}). With {@code validateOnly} the server checks the request and creates nothing.
     */
    public JsonNode createService(String project, String region, String serviceId, JsonNode service,
                                  boolean validateOnly) throws IOException, InterruptedException {
        String url = endpoint.url("v2/projects/" + project + "/locations/" + region + "/services?serviceId="
                + encode(serviceId) + (validateOnly ? "&validateOnly=true" : ""));
        return retry.runIo(() -> http.postJson(url, service, JsonNode.class));
    }

    /**
     * Replaces the service {@code name} with {@code service} (a new revision when its template changed) and
     * returns the operation. With {@code allowMissing} a missing service is created.
     */
    public JsonNode updateService(String name, JsonNode service, boolean validateOnly, boolean allowMissing)
            throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        if (validateOnly) {
            query.append("validateOnly=true");
        }
        if (allowMissing) {
            query.append(query.isEmpty() ? "" : "&").append("allowMissing=true");
        }
        String url = endpoint.url("v2/" + name + (query.isEmpty() ? "" : "?" + query));
        return retry.runIo(() -> http.patchJson(url, service, JsonNode.class));
    }

    /** Waits for {@code operation} and returns its response (the service, for a create or an update). */
    public JsonNode await(String what, JsonNode operation) throws IOException, InterruptedException {
        return poller.await(what, operation);
    }

    /** Every revision of the service {@code name}, page after page, newest first as the API lists them. */
    public List<JsonNode> revisions(String name) throws IOException, InterruptedException {
        String url = endpoint.url("v2/" + name + "/revisions?pageSize=100");
        return retry.runIo(() -> Pages.all(http, url, "revisions"));
    }

    /** The service's IAM policy, with its etag. */
    public JsonNode getIamPolicy(String name) throws IOException, InterruptedException {
        String url = endpoint.url("v2/" + name + ":getIamPolicy");
        return retry.runIo(() -> http.getJson(url, JsonNode.class));
    }

    /** Writes the service's IAM policy; a stale etag in it is refused with a 409 ABORTED. */
    public void setIamPolicy(String name, JsonNode policy) throws IOException, InterruptedException {
        String url = endpoint.url("v2/" + name + ":setIamPolicy");
        retry.runIo(() -> http.postJson(url, Map.of("policy", policy), JsonNode.class));
    }

    /**
     * Lets anyone invoke the service ({@code allUsers} → {@code roles/run.invoker}) unless it already does.
     *
     * @return whether the policy changed
     */
    public boolean allowPublicAccess(String name) throws IOException, InterruptedException {
        return IamPolicies.grant("service " + name, () -> getIamPolicy(name), p -> setIamPolicy(name, p),
                "roles/run.invoker", "allUsers");
    }

    public ApiEndpoint endpoint() {
        return endpoint;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
