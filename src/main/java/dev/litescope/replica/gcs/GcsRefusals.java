package dev.litescope.replica.gcs;

import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.Failures;
import dev.litescope.cloud.GoogleApiException;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.IamPermissions;
import dev.litescope.replica.ObjectStoreException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what finally failed in a request to Cloud Storage into a message a user can act on: the object, the
 * account, the permission it lacks (asked of Cloud Storage by testIamPermissions), the host that does not
 * resolve, and how many attempts were really made.
 */
final class GcsRefusals {
    private static final Logger log = LoggerFactory.getLogger(GcsRefusals.class);
    private static final List<String> NEEDED = List.of("storage.objects.list", "storage.objects.get");

    private final GoogleHttp http;
    private final String endpoint;
    private final String bucket;
    private final String account;
    private final ApiEndpoint endpointSource;

    GcsRefusals(GoogleHttp http, String endpoint, String bucket, String account, ApiEndpoint endpointSource) {
        this.http = http;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.account = account;
        this.endpointSource = endpointSource;
    }

    String account() {
        return account;
    }

    /**
     * @param what       the request, naming its object ("download gs://b/k")
     * @param permission the permission the request needs
     * @param attempts   how many attempts were made
     */
    ObjectStoreException explain(String what, String permission, Exception last, int attempts) {
        log.debug("{} failed after {} attempt(s)", what, attempts, last);
        if (last instanceof ObjectStoreException e) {
            return e;
        }
        if (last instanceof InterruptedException || last instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new ObjectStoreException(what + ": interrupted", last);
        }
        if (last instanceof GoogleApiException g) {
            return new ObjectStoreException(refusal(what, permission, g, attempts), last);
        }
        if (Failures.isUnresolvedHost(last)) {
            String host = URI.create(endpoint).getHost();
            return new ObjectStoreException(what + ": could not resolve the host " + host
                    + endpointSource.source().map(s -> " (from " + s + "; check it, or unset it to use "
                    + "Cloud Storage)").orElse("; check the network and DNS"), last);
        }
        Optional<String> unreachable = unreachable(last);
        if (unreachable.isPresent()) {
            return new ObjectStoreException(what + " failed after " + attempts(attempts) + ": " + unreachable.get(),
                    last);
        }
        if (last instanceof GcsObjectStore.DamagedDownload) {
            return new ObjectStoreException(what + " failed " + times(attempts) + ": " + last.getMessage()
                    + "; the stored object may be damaged, or something between here and Cloud Storage alters data",
                    last);
        }
        String message = last.getMessage() == null || last.getMessage().isBlank() ? last.toString()
                : last.getMessage();
        return new ObjectStoreException(what + " failed after " + attempts(attempts) + ": " + message, last);
    }

    /** A connection that could not be made, in words that name the server and what to check. */
    private Optional<String> unreachable(Exception e) {
        String check = endpointSource.isOverridden() ? "; is the server at " + variable() + " running?"
                : "; check the network connection and any proxy settings";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return Optional.of("cannot connect to " + endpoint + " (connection refused)" + check);
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException) {
                return Optional.of("no answer from " + endpoint + " (timed out)" + check);
            }
        }
        return Optional.empty();
    }

    private String variable() {
        return endpointSource.sourceVariable().orElse("");
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }

    private static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    private String refusal(String what, String permission, GoogleApiException e, int attempts) {
        String message = e.getMessage();
        String detail = message == null || message.isBlank() ? "" : " (" + message.lines().findFirst().orElse("") + ")";
        return switch (e.httpStatus()) {
            case 401 -> what + ": the credentials were rejected (" + account + "); run `gcloud auth "
                    + "application-default login` again, or check GOOGLE_APPLICATION_CREDENTIALS" + detail;
            case 403 -> what + ": permission denied for " + account + ", which lacks " + missing(permission)
                    + " on bucket " + bucket + " (grant it roles/storage.objectViewer there)" + detail;
            case 404 -> what.startsWith("list")
                    ? what + ": bucket " + bucket + " does not exist" + (endpointSource.isOverridden()
                    ? " on the server at " + endpoint + " (" + variable() + ")"
                    : ", or " + account + " cannot see it") + detail
                    : what + ": the object is gone (deleted or replaced after it was listed; Litestream's retention "
                    + "removes old objects); list the replica again" + detail;
            case 412 -> what + ": the object changed after it was listed; list the replica again" + detail;
            default -> what + " failed" + (e.isTransient() ? " after " + attempts(attempts) : "")
                    + ": HTTP " + e.httpStatus() + detail;
        };
    }

    /**
     * The permissions a replica needs that the account lacks, asked of Cloud Storage (testIamPermissions needs
     * no permission of its own); {@code failed}, the one the refused request needed, when it cannot say.
     */
    private String missing(String failed) {
        try {
            List<String> lacking = IamPermissions.lackingByGet(http,
                    endpoint + "/storage/v1/b/" + GcsObjectStore.encode(bucket) + "/iam/testPermissions", NEEDED);
            return lacking.isEmpty() ? failed : String.join(" and ", lacking);
        } catch (IOException | RuntimeException e) {
            log.debug("testIamPermissions on bucket {} failed", bucket, e);
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed;
        }
    }
}
