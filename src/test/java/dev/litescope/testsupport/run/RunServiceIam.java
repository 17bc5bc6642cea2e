package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.IamPolicyStore;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cloud Run services' IAM policies on a {@link LoopbackCloudRun}: {@code GET v2/{service}:getIamPolicy} and
 * {@code POST v2/{service}:setIamPolicy} with {@code {policy}}, a stale etag answered 409 ABORTED, a missing
 * service 404.
 */
public final class RunServiceIam {
    private static final Pattern IAM = Pattern.compile("/v2/(projects/[^/]+/locations/[^/]+/services/[^/:]+)"
            + ":(getIamPolicy|setIamPolicy)");

    private final LoopbackCloudRun run;
    private final IamPolicyStore policies = new IamPolicyStore(409, "ABORTED", LoopbackJson.MAPPER.createObjectNode());

    private RunServiceIam(LoopbackCloudRun run) {
        this.run = run;
    }

    /** Adds the IAM calls to {@code run}. */
    public static RunServiceIam on(LoopbackCloudRun run) {
        RunServiceIam iam = new RunServiceIam(run);
        run.extend(iam::answer);
        return iam;
    }

    /** The members granted {@code role} on the service, as set. */
    public Optional<JsonNode> members(String service, String role) {
        return policies.members(service, role);
    }

    /** The next {@code n} writes find the policy changed since it was read. */
    public void conflictNext(int n) {
        policies.conflictNext(n);
    }

    private Optional<JsonNode> answer(String method, String path, HttpCall call, byte[] body) throws IOException {
        Matcher m = IAM.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String service = m.group(1);
        if (run.service(service).isEmpty()) {
            throw new HttpError(404, "NOT_FOUND", "Resource '" + service + "' does not exist.");
        }
        if (m.group(2).equals("getIamPolicy") && method.equals("GET")) {
            return Optional.of(policies.get(service));
        }
        if (m.group(2).equals("setIamPolicy") && method.equals("POST")) {
            return Optional.of(policies.set(service, LoopbackJson.MAPPER.readTree(body).path("policy")));
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }
}
