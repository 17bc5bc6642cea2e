package dev.litescope.guestbook;

/** One guestbook row. {@code createdAt} is ISO-8601 UTC with milliseconds, e.g. 2025-01-31T12:00:00.123Z. */
public record Entry(long id, String name, String message, String createdAt) {

    public String toJson() {
        return "{\"id\":" + id
                + ",\"name\":" + Json.quote(name)
                + ",\"message\":" + Json.quote(message)
                + ",\"created_at\":" + Json.quote(createdAt) + "}";
    }
}
