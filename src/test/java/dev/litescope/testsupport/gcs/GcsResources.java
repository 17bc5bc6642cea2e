package dev.litescope.testsupport.gcs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.litescope.testsupport.gcs.GcsStore.Bucket;
import dev.litescope.testsupport.http.HttpError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The JSON documents the GCS JSON API answers, as records Jackson writes in field order. */
final class GcsResources {
    private static final DateTimeFormatter RFC3339_MS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** IMF-fixdate; Go's http.ParseTime wants the two-digit day that RFC_1123_DATE_TIME omits. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private GcsResources() {
    }

    /** An object resource ({@code storage#object}); sizes and generations are strings, as GCS sends them. */
    record ObjectResource(String kind, String id, String selfLink, String mediaLink, String name, String bucket,
                          String generation, String metageneration, String contentType, String storageClass,
                          String size, String md5Hash, String crc32c, String etag, String timeCreated,
                          String updated, String timeStorageClassUpdated,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) {
    }

    record BucketResource(String kind, String id, String name, String projectNumber, String metageneration,
                          String location, String storageClass, String etag, String timeCreated, String updated) {
    }

    /** A listing page; empty lists are left out, as GCS does. */
    record ObjectList(String kind, String nextPageToken,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> prefixes,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ObjectResource> items) {
    }

    record Permissions(String kind, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> permissions) {
    }

    record ErrorDetail(String message, String domain, String reason) {
    }

    record ErrorBody(int code, String message, List<ErrorDetail> errors) {
    }

    record ErrorDocument(ErrorBody error) {
    }

    static ErrorDocument error(HttpError e) {
        return new ErrorDocument(new ErrorBody(e.status(), e.getMessage(),
                List.of(new ErrorDetail(e.getMessage(), "global", e.reason()))));
    }

    static ObjectResource object(String baseUrl, ObjectMeta m) {
        String b = URLEncoder.encode(m.bucket(), StandardCharsets.UTF_8);
        String o = URLEncoder.encode(m.name(), StandardCharsets.UTF_8).replace("+", "%20");
        return new ObjectResource("storage#object", m.bucket() + "/" + m.name() + "/" + m.generation(),
                baseUrl + "/storage/v1/b/" + b + "/o/" + o,
                baseUrl + "/download/storage/v1/b/" + b + "/o/" + o + "?generation=" + m.generation() + "&alt=media",
                m.name(), m.bucket(), Long.toString(m.generation()), Long.toString(m.metageneration()),
                m.contentType(), "STANDARD", Long.toString(m.size()), m.md5Hash(), m.crc32c(), m.etag(),
                time(m.timeCreated()), time(m.updated()), time(m.timeCreated()), new TreeMap<>(m.metadata()));
    }

    /**
     * One field of an object resource by its JSON name, as {@link #object} would write it, for a partial response
     * ({@code fields=items(name,size)}); null for a field the resource does not have. Builds only what is asked.
     */
    static Object objectField(String baseUrl, ObjectMeta m, String field) {
        return switch (field) {
            case "name" -> m.name();
            case "bucket" -> m.bucket();
            case "size" -> Long.toString(m.size());
            case "generation" -> Long.toString(m.generation());
            case "metageneration" -> Long.toString(m.metageneration());
            case "timeCreated", "timeStorageClassUpdated" -> time(m.timeCreated());
            case "updated" -> time(m.updated());
            case "crc32c" -> m.crc32c();
            case "md5Hash" -> m.md5Hash();
            case "etag" -> m.etag();
            case "contentType" -> m.contentType();
            case "metadata" -> m.metadata().isEmpty() ? null : new TreeMap<>(m.metadata());
            default -> {
                ObjectResource whole = object(baseUrl, m);
                yield switch (field) {
                    case "kind" -> whole.kind();
                    case "id" -> whole.id();
                    case "selfLink" -> whole.selfLink();
                    case "mediaLink" -> whole.mediaLink();
                    case "storageClass" -> whole.storageClass();
                    default -> null;
                };
            }
        };
    }

    static BucketResource bucket(Bucket b) {
        return new BucketResource("storage#bucket", b.name(), b.name(), "0", "1", "US", "STANDARD", "CAE=",
                time(b.created()), time(b.created()));
    }

    private static String time(Instant t) {
        return RFC3339_MS.format(t);
    }
}
