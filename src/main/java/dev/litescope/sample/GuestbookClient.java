package dev.litescope.sample;

import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Talks to the sample guestbook over its JSON API, as a visitor would: adds entries. */
public final class GuestbookClient {
    private final URI base;

    private record Entry(String name, String message) {
    }

    private record Created(Long id) {
    }

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
        try (OutputStream o = c.getOutputStream()) {
            o.write(JsonMapper.compact(new Entry(name, message)).getBytes(StandardCharsets.UTF_8));
        }
        int code = c.getResponseCode();
        if (code != 201) {
            throw new IOException("POST " + base.resolve("entries") + " answered HTTP " + code);
        }
        try (InputStream in = c.getInputStream()) {
            Created created = JsonMapper.MAPPER.readValue(in, Created.class);
            if (created == null || created.id() == null) {
                throw new IOException("POST " + base.resolve("entries") + " answered without an entry id");
            }
            return created.id();
        }
    }
}
