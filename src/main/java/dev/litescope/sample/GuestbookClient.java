package dev.litescope.sample;

import dev.litescope.util.Json;
import dev.litescope.util.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Talks to the sample guestbook over its JSON API, as a visitor would: adds entries. */
public final class GuestbookClient {
    private final URI base;

    /** @param base the app's root, e.g. {@link LocalSandbox#url()} */
    public GuestbookClient(URI base) {
        this.base = base;
    }

    /**
     * Adds an entry and returns its id. The app answers only after the entry is committed, so a returned id is
     * an entry Litestream will replicate.
     */
    public long post(String name, String message) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve("entries").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        c.setRequestProperty("Content-Type", "application/json");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("message", message);
        try (OutputStream o = c.getOutputStream()) {
            o.write(Json.compact(entry).getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        if (code != 201) {
            throw new IOException("POST " + base.resolve("entries") + " answered HTTP " + code);
        }
        try (InputStream in = c.getInputStream()) {
            Object id = JsonReader.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("id");
            if (!(id instanceof Number n)) {
                throw new IOException("POST " + base.resolve("entries") + " answered without an entry id");
            }
            return n.longValue();
        }
    }
}
