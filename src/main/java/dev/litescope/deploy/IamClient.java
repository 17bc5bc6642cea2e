package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.Lookups;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/** The IAM API v1 calls a deploy makes: the runtime service account, read and created. */
public final class IamClient {
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final RetryPolicy retry;

    public IamClient(GoogleHttp http, ApiEndpoint endpoint, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /** {@code ID@PROJECT.iam.gserviceaccount.com}. */
    public static String email(String accountId, String project) {
        return accountId + "@" + project + ".iam.gserviceaccount.com";
    }

    /** The service account, or empty when the project has none with that e-mail. */
    public Optional<JsonNode> getServiceAccount(String project, String email) throws IOException,
            InterruptedException {
        String url = endpoint.url("v1/projects/" + project + "/serviceAccounts/" + email);
        return Lookups.getIfExists(http, retry, url);
    }

    /** Creates the service account {@code accountId} (6 to 30 of a-z, 0-9 and '-') in {@code project}. */
    public JsonNode createServiceAccount(String project, String accountId, String displayName, String description)
            throws IOException, InterruptedException {
        ObjectNode body = JsonMapper.MAPPER.createObjectNode();
        body.put("accountId", accountId);
        body.putObject("serviceAccount").put("displayName", displayName).put("description", description);
        String url = endpoint.url("v1/projects/" + project + "/serviceAccounts");
        return retry.runIo(() -> http.postJson(url, body, JsonNode.class));
    }
}
