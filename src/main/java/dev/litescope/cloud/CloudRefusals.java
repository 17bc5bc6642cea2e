package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Google API's refusal means and what to do about it: the permission a 403 lacks and a role that grants
 * it, an API that is not enabled and how to enable it, and a 409 that says the thing already exists (success for
 * an idempotent create). Read from the error's {@code google.rpc.ErrorInfo} detail, else from its message.
 */
public final class CloudRefusals {
    private CloudRefusals() {
    }

    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    /** Cloud Run, IAM and most v1+ APIs: "Permission 'run.services.get' denied on resource ...". */
    private static final Pattern PERMISSION_QUOTED = Pattern.compile("[Pp]ermission '([a-zA-Z0-9_.]+)' denied");
    /** Cloud Storage: "x does not have storage.buckets.create access to ...". */
    private static final Pattern PERMISSION_ACCESS = Pattern.compile("does not have ([a-z]+\\.[a-zA-Z0-9_.]+) access");

    /**
     * A predefined role that grants each permission prefix, the narrowest that holds what a deploy or a monitor
     * needs of that service. Longer prefixes come first when looked up.
     */
    private static final Map<String, String> ROLES = Map.ofEntries(
            Map.entry("run.", "roles/run.admin"),
            Map.entry("run.services.get", "roles/run.viewer"),
            Map.entry("run.services.list", "roles/run.viewer"),
            Map.entry("run.revisions.", "roles/run.viewer"),
            Map.entry("cloudbuild.builds.", "roles/cloudbuild.builds.editor"),
            Map.entry("iam.serviceAccounts.actAs", "roles/iam.serviceAccountUser"),
            Map.entry("iam.serviceAccounts.", "roles/iam.serviceAccountAdmin"),
            Map.entry("serviceusage.services.enable", "roles/serviceusage.serviceUsageAdmin"),
            Map.entry("serviceusage.", "roles/serviceusage.serviceUsageConsumer"),
            Map.entry("artifactregistry.", "roles/artifactregistry.admin"),
            Map.entry("storage.buckets.", "roles/storage.admin"),
            Map.entry("storage.objects.", "roles/storage.objectAdmin"),
            Map.entry("logging.", "roles/logging.viewer"),
            Map.entry("monitoring.", "roles/monitoring.viewer"),
            Map.entry("resourcemanager.projects.get", "roles/browser"),
            Map.entry("resourcemanager.projects.list", "roles/browser"),
            Map.entry("resourcemanager.projects.", "roles/resourcemanager.projectIamAdmin"));

    /** The permission a refusal names, from its ErrorInfo ({@code metadata.permission}) or its message. */
    public static Optional<String> missingPermission(GoogleError e) {
        Optional<String> fromDetail = errorInfo(e, "IAM_PERMISSION_DENIED").map(i -> i.path("metadata")
                .path("permission").asText("")).filter(s -> !s.isEmpty());
        if (fromDetail.isPresent()) {
            return fromDetail;
        }
        for (Pattern p : new Pattern[] {PERMISSION_QUOTED, PERMISSION_ACCESS}) {
            Matcher m = p.matcher(e.message());
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** A predefined role that grants {@code permission}, when it is one Litescope uses. */
    public static Optional<String> roleGranting(String permission) {
        String best = null;
        for (String prefix : ROLES.keySet()) {
            if (permission.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return Optional.ofNullable(best).map(ROLES::get);
    }

    /** The API (a service name such as run.googleapis.com) the refusal says is not enabled, and for what. */
    public record DisabledApi(String service, Optional<String> consumer, Optional<String> activationUrl) {
    }

    /** The disabled API a SERVICE_DISABLED refusal names. */
    public static Optional<DisabledApi> disabledApi(GoogleError e) {
        return errorInfo(e, "SERVICE_DISABLED").map(i -> {
            JsonNode m = i.path("metadata");
            return new DisabledApi(m.path("service").asText("the API"), text(m, "consumer"),
                    text(m, "activationUrl"));
        });
    }

    /** Whether {@code e} is a 409 that says the thing to create exists already: success when creating is. */
    public static boolean alreadyExists(Exception e) {
        if (!(e instanceof GoogleApiException g) || g.httpStatus() != 409) {
            return false;
        }
        // A 409 ABORTED is a concurrent change (an etag conflict), not an existing resource.
        return g.error().map(err -> err.status().map("ALREADY_EXISTS"::equals)
                .orElse(err.message().toLowerCase(Locale.ROOT).contains("already"))).orElse(false);
    }

    /** A create call, for {@link #createUnlessExists}. */
    @FunctionalInterface
    public interface Create {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code create}, for a step that is idempotent: true when it created the thing, false when the server
     * answered that it {@linkplain #alreadyExists exists already}. Any other failure is thrown.
     */
    public static boolean createUnlessExists(Create create) throws IOException, InterruptedException {
        try {
            create.run();
            return true;
        } catch (GoogleApiException e) {
            if (alreadyExists(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The refusal in words that say what to do.
     *
     * @param what    what was asked, e.g. "create service litescope-sample"
     * @param account who asked, e.g. from {@link ApplicationDefaultCredentials#describe}
     * @param project the project, for the commands to suggest
     */
    public static String explain(String what, GoogleApiException e, String account, String project) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        Optional<GoogleError> err = e.error();
        Optional<DisabledApi> disabled = err.flatMap(CloudRefusals::disabledApi);
        if (disabled.isPresent()) {
            DisabledApi d = disabled.get();
            return what + ": the API " + d.service() + " is not enabled in project " + project + "; enable it with "
                    + "`gcloud services enable " + d.service() + " --project " + project + "`"
                    + d.activationUrl().map(u -> " or at " + u).orElse("") + ", then try again";
        }
        return switch (e.httpStatus()) {
            case 401 -> what + ": the credentials were rejected (" + account + "); run `gcloud auth "
                    + "application-default login` again, or check GOOGLE_APPLICATION_CREDENTIALS (" + message + ")";
            case 403 -> {
                Optional<String> permission = err.flatMap(CloudRefusals::missingPermission);
                yield what + ": permission denied for " + account + permission.map(p -> ", which lacks " + p
                        + roleGranting(p).map(r -> " (" + r + " grants it; e.g. `gcloud projects "
                        + "add-iam-policy-binding " + project + " --member=... --role=" + r + "`)").orElse(""))
                        .orElse("") + " (" + message + ")";
            }
            case 404 -> what + ": not found (" + message + ")";
            case 409 -> what + ": conflict (" + message + "); if something else changed it at the same time, "
                    + "try again";
            default -> what + " failed: HTTP " + e.httpStatus() + " (" + message + ")";
        };
    }

    private static Optional<JsonNode> errorInfo(GoogleError e, String reason) {
        return e.details().stream().filter(d -> ERROR_INFO.equals(d.path("@type").asText()))
                .filter(d -> reason.equals(d.path("reason").asText())).findFirst();
    }

    private static Optional<String> text(JsonNode n, String field) {
        return Optional.of(n.path(field).asText("")).filter(s -> !s.isEmpty());
    }
}
