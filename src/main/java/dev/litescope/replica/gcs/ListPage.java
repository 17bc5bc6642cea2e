package dev.litescope.replica.gcs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of objects.list, read as a stream: each object resource is bound to a record as it arrives, so a
 * page of 1000 never exists as a tree of maps.
 */
final class ListPage {
    private ListPage() {
    }

    /** The fields of an object resource a replica needs; int64 fields arrive as JSON strings. */
    record ObjectResource(String name, Long size, String timeCreated, String updated, Long generation,
                          String crc32c, Map<String, String> metadata) {
        ObjectInfo info() {
            // Every listed object has timeCreated; should a server omit it, its update time is the next best clock.
            String time = timeCreated != null ? timeCreated : updated;
            Instant created = time == null ? Instant.EPOCH : OffsetDateTime.parse(time).toInstant();
            return new ObjectInfo(name, size == null ? 0 : size, created,
                    generation == null ? OptionalLong.empty() : OptionalLong.of(generation),
                    Optional.ofNullable(crc32c), metadata == null ? Map.of() : metadata);
        }
    }

    /** A page that is not a listing: cut short or garbled on the way. */
    static final class Unreadable extends IOException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads a page into {@code objects} and {@code prefixes}; returns its next page token, if any. */
    static Optional<String> read(InputStream in, List<ObjectInfo> objects, List<String> prefixes) throws IOException {
        Optional<String> token = Optional.empty();
        try (JsonParser p = JsonMapper.MAPPER.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "items" -> {
                        expect(value, JsonToken.START_ARRAY, p);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            ObjectResource o = p.readValueAs(ObjectResource.class);
                            if (o.name() == null) {
                                throw new Unreadable("an object without a name in the listing", null);
                            }
                            objects.add(o.info());
                        }
                    }
                    case "prefixes" -> {
                        expect(value, JsonToken.START_ARRAY, p);
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            prefixes.add(p.getText());
                        }
                    }
                    case "nextPageToken" -> token = Optional.ofNullable(p.getValueAsString()).filter(t -> !t.isEmpty());
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, p);
            if (p.nextToken() != null) {
                throw new Unreadable("text after the listing's end", null);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // cut short, not JSON, a time that is not RFC 3339, a size that is not a number
            throw new Unreadable(e.getMessage(), e);
        }
        return token;
    }

    private static void expect(JsonToken got, JsonToken wanted, JsonParser p) throws IOException {
        if (got != wanted) {
            throw new Unreadable("expected " + wanted + " but found " + got + " at " + p.currentLocation(), null);
        }
    }
}
