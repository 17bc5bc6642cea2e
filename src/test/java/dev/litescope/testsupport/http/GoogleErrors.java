package dev.litescope.testsupport.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refusals as Google's v1+ JSON APIs send them: {@code {"error": {code, message, status, details}}}, with a
 * {@code google.rpc.ErrorInfo} detail naming the missing permission or the disabled API.
 */
public final class GoogleErrors {
    private GoogleErrors() {
    }

    /** An error answer with one ErrorInfo detail. */
    public static final class Refusal extends HttpError {
        private final Map<String, Object> detail;

        public Refusal(int status, String reason, String message, Map<String, Object> detail) {
            super(status, reason, message);
            this.detail = detail;
        }
    }

    /** The 403 IAM answers when the caller lacks {@code permission} on {@code resource}. */
    public static Refusal permissionDenied(String permission, String resource, String domain) {
        return new Refusal(403, "PERMISSION_DENIED", "Permission '" + permission + "' denied on resource '"
                + resource + "' (or resource may not exist).", errorInfo("IAM_PERMISSION_DENIED", domain,
                Map.of("permission", permission)));
    }

    /** The 403 an API answers in a project where it is not enabled. */
    public static Refusal serviceDisabled(String service, String title) {
        return new Refusal(403, "PERMISSION_DENIED", title + " has not been used in project before or it is "
                + "disabled.", errorInfo("SERVICE_DISABLED", "googleapis.com", Map.of("service", service,
                "activationUrl", "https://console.developers.google.com/apis/api/" + service + "/overview")));
    }

    public static Map<String, Object> errorInfo(String reason, String domain, Map<String, String> metadata) {
        return Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", reason, "domain", domain,
                "metadata", metadata);
    }

    /** The error document for {@code e}. */
    public static Map<String, Object> document(HttpError e) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", e.status());
        inner.put("message", e.getMessage());
        inner.put("status", e.reason());
        inner.put("details", e instanceof Refusal r ? List.of(r.detail) : List.of());
        return Map.of("error", inner);
    }
}
