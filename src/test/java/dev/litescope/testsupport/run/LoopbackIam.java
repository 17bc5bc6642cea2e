package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback IAM API v1, service accounts only: get ({@code projects/P/serviceAccounts/EMAIL}, 404 when missing)
 * and create ({@code {accountId, serviceAccount}}, 409 ALREADY_EXISTS when the account exists, 400 for an account
 * id IAM would refuse). Served under {@code /iam/}, as with {@code CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM=}
 * {@link #endpoint()}.
 */
public final class LoopbackIam extends GoogleApiFake {
    private static final Pattern ACCOUNTS = Pattern.compile("/v1/projects/([^/]+)/serviceAccounts");
    private static final Pattern ACCOUNT = Pattern.compile("/v1/projects/([^/]+)/serviceAccounts/([^/]+)");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");

    private final Map<String, ObjectNode> accounts = new LinkedHashMap<>();

    private LoopbackIam() {
        super("iam", "/iam", "iam.googleapis.com");
    }

    public static LoopbackIam start() {
        return new LoopbackIam();
    }





    public synchronized Optional<JsonNode> account(String email) {
        return Optional.ofNullable(accounts.get(email)).map(JsonNode::deepCopy);
    }


    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException {
        Matcher m;
        if ((m = ACCOUNT.matcher(path)).matches() && method.equals("GET")) {
            String email = m.group(2);
            return Optional.ofNullable(accounts.get(email)).<JsonNode>map(JsonNode::deepCopy).orElseThrow(() ->
                    new HttpError(404, "NOT_FOUND", "Unknown service account"));
        }
        if ((m = ACCOUNTS.matcher(path)).matches() && method.equals("POST")) {
            String project = m.group(1);
            JsonNode req = LoopbackJson.MAPPER.readTree(body);
            String id = req.path("accountId").asText("");
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new HttpError(400, "INVALID_ARGUMENT", "Invalid form of account ID " + id
                        + ". Service account ID must be between 6 and 30 characters.");
            }
            String email = id + "@" + project + ".iam.gserviceaccount.com";
            if (accounts.containsKey(email)) {
                throw new HttpError(409, "ALREADY_EXISTS", "Service account " + id + " already exists within "
                        + "project projects/" + project + ".");
            }
            ObjectNode a = LoopbackJson.MAPPER.createObjectNode();
            a.put("name", "projects/" + project + "/serviceAccounts/" + email);
            a.put("projectId", project);
            a.put("uniqueId", String.valueOf(100000000000000000L + accounts.size()));
            a.put("email", email);
            a.put("displayName", req.path("serviceAccount").path("displayName").asText(""));
            a.put("description", req.path("serviceAccount").path("description").asText(""));
            a.put("oauth2ClientId", a.get("uniqueId").asText());
            accounts.put(email, a);
            return a.deepCopy();
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }
}
