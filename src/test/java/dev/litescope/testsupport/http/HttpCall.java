package dev.litescope.testsupport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.zip.GZIPInputStream;

/**
 * One exchange as a fake sees it: the method, the raw path and query, the decoded non-empty query parameters,
 * headers, a body read once (un-gzipped when the client compressed it) and the ways to answer.
 */
public final class HttpCall {
    /** Thrown out of a handler so that the server drops the connection mid-body. */
    public static final class DropConnection extends IOException {
        DropConnection() {
            super("fault injection: connection dropped mid-body");
        }
    }

    /** The most a body write hands the socket at once (see {@link #write}). */
    private static final int WRITE_SLICE = 1 << 20;

    private final HttpExchange ex;
    private final String defaultHost;
    private final long bytesPerSecond;
    private final Map<String, String> query = new LinkedHashMap<>();
    private byte[] body;

    /** @param bytesPerSecond how fast a body goes out (see {@link LoopbackHttpServer#limitRate}); 0: unpaced */
    HttpCall(HttpExchange ex, String defaultHost, long bytesPerSecond) {
        this.ex = ex;
        this.defaultHost = defaultHost;
        this.bytesPerSecond = bytesPerSecond;
        for (String[] kv : pairs(ex.getRequestURI().getRawQuery())) {
            // Go's clients send endOffset=, delimiter= ...: an empty value means absent.
            if (!kv[1].isEmpty()) {
                query.put(kv[0], kv[1]);
            }
        }
    }

    private static List<String[]> pairs(String raw) {
        List<String[]> out = new ArrayList<>();
        for (String pair : raw == null || raw.isEmpty() ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.add(new String[] {
                URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)});
        }
        return out;
    }

    public String method() {
        return ex.getRequestMethod();
    }

    public boolean isHead() {
        return "HEAD".equals(method());
    }

    public String rawPath() {
        return ex.getRequestURI().getRawPath();
    }

    /** Verbatim, empty parameters included; null without a query. */
    public String rawQuery() {
        return ex.getRequestURI().getRawQuery();
    }

    /** The non-empty query parameters, decoded; the first value of a repeated one. */
    public Map<String, String> query() {
        return query;
    }

    public String param(String name) {
        return query.get(name);
    }

    /** Every value of a repeated parameter ({@code permissions=a&permissions=b}), in order, empty ones included. */
    public List<String> params(String name) {
        return pairs(rawQuery()).stream().filter(kv -> kv[0].equals(name)).map(kv -> kv[1]).toList();
    }

    public String header(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    /** Every request header, names case-insensitive. */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        return headers;
    }

    public List<String> headerValues(String name) {
        return ex.getRequestHeaders().getOrDefault(name, List.of());
    }

    public Headers responseHeaders() {
        return ex.getResponseHeaders();
    }

    /** {@code http://HOST} as the client addressed this server. */
    public String baseUrl() {
        return "http://" + Optional.ofNullable(header("Host")).orElse(defaultHost);
    }

    /** The request body, un-gzipped if the client compressed it (the Java storage client gzips uploads). */
    public byte[] body() throws IOException {
        if (body == null) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String enc = header("Content-Encoding");
            if (enc != null && enc.trim().equalsIgnoreCase("gzip")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    raw = in.readAllBytes();
                }
            }
            body = raw;
        }
        return body;
    }

    /** Reads what the client sent if no handler did, so that an error answer does not cut an upload off. */
    public void drainBody() throws IOException {
        if (body == null) {
            body();
        }
    }

    /**
     * The body bound to {@code type}; an empty body binds {@code empty}. Malformed JSON is an IllegalArgumentException.
     */
    public <T> T bodyAs(Class<T> type, T empty) throws IOException {
        byte[] b = body();
        if (b.length == 0) {
            return empty;
        }
        try {
            return LoopbackJson.MAPPER.readValue(b, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid JSON body: " + e.getOriginalMessage(), e);
        }
    }

    /** Answers {@code doc} as JSON (records and maps through Jackson; absent fields left out). */
    public int json(int status, Object doc) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        return send(status, LoopbackJson.MAPPER.writeValueAsBytes(doc));
    }

    /** Sends {@code body} whole; HEAD and empty bodies get headers only. Returns the body bytes written. */
    public int send(int status, byte[] body) throws IOException {
        return send(status, body, 0, body.length);
    }

    /**
     * Sends {@code len} bytes of {@code data} from {@code off} (a range of a stored object, sent without copying
     * it out); HEAD and empty bodies get headers only. Returns the body bytes written.
     */
    public int send(int status, byte[] data, int off, int len) throws IOException {
        if (len == 0 || isHead()) {
            ex.sendResponseHeaders(status, -1); // 0 would mean chunked to the JDK server
            return 0;
        }
        ex.sendResponseHeaders(status, len);
        write(ex.getResponseBody(), data, off, len);
        return len;
    }

    /**
     * Writes in slices: the socket write of one heap array goes through a temporary native buffer of its whole
     * size, which the JDK then keeps for the thread, so a server that wrote a few 700 MB bodies whole held
     * gigabytes outside its heap, and the write that found no room failed with an Error after the headers had
     * gone out, leaving the client waiting for a body that never came.
     */
    private void write(OutputStream os, byte[] data, int off, int len) throws IOException {
        if (bytesPerSecond <= 0) {
            for (int at = off; at < off + len; at += WRITE_SLICE) {
                os.write(data, at, Math.min(WRITE_SLICE, off + len - at));
            }
            return;
        }
        // Paced: slices of a hundredth of a second's bytes, each sent no sooner than the rate allows.
        int slice = (int) Math.max(1, Math.min(WRITE_SLICE, bytesPerSecond / 100));
        long start = System.nanoTime();
        for (int at = off; at < off + len; at += slice) {
            os.write(data, at, Math.min(slice, off + len - at));
            long sent = Math.min(len, at - off + slice);
            long due = start + (long) (sent * 1e9 / bytesPerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("server stopping", e);
                }
            }
        }
    }

    /**
     * Fault injection: sends the headers with the full Content-Length, then half of {@code body}, then drops
     * the connection (throws {@link DropConnection}); {@code written} learns the half that went out.
     */
    public void sendHalfThenDrop(int status, byte[] data, int off, int len, IntConsumer written)
            throws IOException {
        sendHalf(status, data, off, len, written);
        throw new DropConnection();
    }

    /** Sends the headers with the full length and the first half of the body. */
    void sendHalf(int status, byte[] data, int off, int len, IntConsumer written) throws IOException {
        ex.sendResponseHeaders(status, len);
        OutputStream os = ex.getResponseBody();
        write(os, data, off, len / 2);
        os.flush();
        written.accept(len / 2);
    }

    /**
     * Sends the headers (with the full length) and half the body, then nothing more for {@code silence}, as a
     * network path that stopped carrying bytes does; then drops the connection.
     */
    public void sendHalfThenStall(int status, byte[] data, int off, int len, Duration silence, IntConsumer written)
            throws IOException {
        sendHalf(status, data, off, len, written);
        try {
            Thread.sleep(silence.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new DropConnection();
    }

    @Override
    public String toString() {
        return method() + " " + rawPath() + (rawQuery() == null ? "" : "?" + rawQuery());
    }
}
