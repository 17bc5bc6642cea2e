package dev.litescope.testsupport.gcs;

import dev.litescope.testsupport.gcs.GcsStore.Stored;
import dev.litescope.testsupport.gcs.LoopbackGcs.Request;
import dev.litescope.testsupport.http.HttpError;
import java.util.Map;

/**
 * {@code generation} and the four {@code if*} preconditions, as query parameters or as the XML API's
 * {@code x-goog-if-*} headers, checked against the live generation. A failed NotMatch answers 304 on reads,
 * 412 on writes.
 */
final class GcsPreconditions {
    private GcsPreconditions() {
    }

    /** @param existing the live generation, null if there is none */
    static void check(Map<String, String> q, Request r, Stored existing, boolean read) {
        Long gen = number(q, r, "generation", null);
        if (gen != null && read && (existing == null || existing.meta().generation() != gen)) {
            throw new HttpError(404, "notFound", "No such object: " + r.bucket() + "/" + r.object());
        }
        ObjectMeta m = existing == null ? null : existing.meta();
        Long v = number(q, r, "ifGenerationMatch", "x-goog-if-generation-match");
        if (v != null && (v == 0 ? m != null : m == null || m.generation() != v)) {
            throw failed();
        }
        v = number(q, r, "ifMetagenerationMatch", "x-goog-if-metageneration-match");
        if (v != null && (m == null || m.metageneration() != v)) {
            throw failed();
        }
        v = number(q, r, "ifGenerationNotMatch", null);
        Long mv = number(q, r, "ifMetagenerationNotMatch", null);
        if (m != null && ((v != null && m.generation() == v) || (mv != null && m.metageneration() == mv))) {
            throw read ? new HttpError(304, "notModified", "Not Modified") : failed();
        }
    }

    /** A numeric query parameter (or its XML-API header), null if absent. */
    static Long number(Map<String, String> q, Request r, String param, String header) {
        String s = q.get(param);
        if (s == null && header != null) {
            s = r.header(header);
        }
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "invalid", "Invalid value for " + param + ": " + s);
        }
    }

    private static HttpError failed() {
        return new HttpError(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
}
