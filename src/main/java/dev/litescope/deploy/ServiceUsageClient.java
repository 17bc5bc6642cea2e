package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Service Usage API v1 calls a deploy makes: which of the APIs it needs are not enabled in the project, and
 * enabling them in one {@code services:batchEnable} whose operation is waited for.
 */
public final class ServiceUsageClient {
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final OperationPoller poller;
    private final RetryPolicy retry;

    /**
     * @param endpoint where Service Usage is reached
     * @param poller   polls its operations ({@code v1/operations/...})
     */
    public ServiceUsageClient(GoogleHttp http, ApiEndpoint endpoint, OperationPoller poller, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.poller = poller;
        this.retry = retry;
    }

    /** The APIs of {@code needed} whose state in {@code project} is not ENABLED, in the order given. */
    public List<GoogleApi> notEnabled(String project, List<GoogleApi> needed) throws IOException,
            InterruptedException {
        List<GoogleApi> off = new ArrayList<>();
        for (GoogleApi api : needed) {
            String url = endpoint.url("v1/projects/" + project + "/services/" + api.serviceName());
            JsonNode s = retry.runIo(() -> http.getJson(url, JsonNode.class));
            if (!"ENABLED".equals(s.path("state").asText())) {
                off.add(api);
            }
        }
        return off;
    }

    /** Enables {@code apis} in {@code project} (enabling an enabled one changes nothing) and waits until done. */
    public void enable(String project, List<GoogleApi> apis) throws IOException, InterruptedException {
        if (apis.isEmpty()) {
            return;
        }
        List<String> ids = apis.stream().map(GoogleApi::serviceName).toList();
        String url = endpoint.url("v1/projects/" + project + "/services:batchEnable");
        JsonNode op = retry.runIo(() -> http.postJson(url, Map.of("serviceIds", ids), JsonNode.class));
        poller.await("enable " + String.join(", ", ids) + " in project " + project, op);
    }
}
