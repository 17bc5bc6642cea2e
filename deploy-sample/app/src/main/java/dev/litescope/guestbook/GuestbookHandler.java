package dev.litescope.guestbook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * All routes:
 * <pre>
 *   GET  /                          HTML page: form, newest 50 entries, total count
 *   POST /entries                   form (303 to /) or JSON (201 with the entry); answered after the commit
 *   GET  /api/entries?limit&after_id JSON {"count", "entries"}; newest first, or ascending after an id
 *   GET  /healthz                   "ok" once SELECT 1 works, with X-Health-Token when HEALTH_TOKEN is set
 * </pre>
 * HEAD is answered wherever GET is.
 */
final class GuestbookHandler implements HttpHandler {

    static final int PAGE_SIZE = 50;
    static final int MAX_LIMIT = 1000;
    /** Far above any real entry (name ≤ 100 + message ≤ 1000 characters), small enough to read into memory. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A commit normally takes milliseconds; this only bounds a stuck one (well below Cloud Run's timeout). */
    private static final long COMMIT_WAIT_SECONDS = 30;

    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";
    private static final String JSON_TYPE = "application/json";
    /** The page needs nothing but its inline style and a form posting to itself. */
    private static final String CSP =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final Store store;

    private final String healthToken;

    GuestbookHandler(Store store, String healthToken) {
        this.store = store;
        this.healthToken = healthToken;
    }

    /** An error answer: status plus a message for the client. */
    private static final class HttpError extends Exception {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex) {
        boolean api = wantsJson(ex);
        try {
            route(ex);
        } catch (HttpError e) {
            sendError(ex, e.status, e.getMessage(), api);
        } catch (Throwable e) {
            System.err.println("guestbook: " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + e);
            sendError(ex, 500, "internal error", api);
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws Exception {
        String method = ex.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        switch (ex.getRequestURI().getRawPath()) {
            case "/" -> {
                requireMethod(ex, get, "GET, HEAD");
                index(ex);
            }
            case "/entries" -> {
                requireMethod(ex, method.equals("POST"), "POST");
                addEntry(ex);
            }
            case "/api/entries" -> {
                requireMethod(ex, get, "GET, HEAD");
                listEntries(ex);
            }
            case "/healthz" -> {
                requireMethod(ex, get, "GET, HEAD");
                health(ex);
            }
            default -> throw new HttpError(404, "not found");
        }
    }

    private static void requireMethod(HttpExchange ex, boolean allowed, String allow) throws HttpError {
        if (!allowed) {
            ex.getResponseHeaders().set("Allow", allow);
            throw new HttpError(405, "method not allowed; use " + allow);
        }
    }

    // ---------------------------------------------------------------- routes

    private void index(HttpExchange ex) throws IOException, SQLException {
        Page page = store.newest(PAGE_SIZE);
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        send(ex, 200, HTML, Html.page(page));
    }

    private void addEntry(HttpExchange ex) throws Exception {
        String mediaType = mediaType(ex.getRequestHeaders().getFirst("Content-Type"));
        boolean json = JSON_TYPE.equals(mediaType);
        if (!json && !FORM_TYPE.equals(mediaType)) {
            closeAfterResponse(ex); // the body stays unread
            throw new HttpError(415, "send " + FORM_TYPE + " or " + JSON_TYPE);
        }
        String body = readBody(ex);
        NewEntry entry;
        try {
            entry = json ? fromJson(body) : fromForm(body);
        } catch (NewEntry.InvalidEntryException e) {
            throw new HttpError(400, e.getMessage());
        }

        Entry stored = awaitCommit(entry);
        if (json) {
            send(ex, 201, JSON, stored.toJson());
        } else {
            // Post/redirect/get: reloading the page then does not post the form again.
            ex.getResponseHeaders().set("Location", "/");
            send(ex, 303, TEXT, "");
        }
    }

    private static NewEntry fromJson(String body) throws HttpError, NewEntry.InvalidEntryException {
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Json.JsonException e) {
            throw new HttpError(400, "invalid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> fields)) {
            throw new HttpError(400, "the body must be a JSON object with \"name\" and \"message\"");
        }
        return NewEntry.validate(stringField(fields, "name"), stringField(fields, "message"));
    }

    private static String stringField(Map<?, ?> fields, String name) throws HttpError {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw new HttpError(400, name + " must be a string");
        }
        return (String) value;
    }

    private static NewEntry fromForm(String body) throws HttpError, NewEntry.InvalidEntryException {
        Map<String, String> fields;
        try {
            fields = FormData.parse(body);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed form data: " + e.getMessage());
        }
        return NewEntry.validate(fields.get("name"), fields.get("message"));
    }

    /** Queues the insert for the writer thread and waits until its transaction has committed. */
    private Entry awaitCommit(NewEntry entry) throws HttpError {
        try {
            return store.add(entry).get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException) { // closing: the entry was not queued
                throw new HttpError(503, e.getCause().getMessage());
            }
            // Already logged by the writer with the SQLite error.
            throw new HttpError(500, "could not store the entry");
        } catch (TimeoutException e) {
            System.err.println("guestbook: no commit within " + COMMIT_WAIT_SECONDS + " s");
            throw new HttpError(503, "the database did not commit in time; the entry may or may not be stored");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted");
        }
    }

    private void listEntries(HttpExchange ex) throws IOException, SQLException, HttpError {
        Map<String, String> query;
        try {
            query = FormData.parse(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed query string");
        }
        int limit = PAGE_SIZE;
        if (query.containsKey("limit")) {
            // Anything above the maximum is served as the maximum, so a client paging with a big limit still works.
            limit = (int) Math.min(parseNumber(query.get("limit"), "limit", 1), MAX_LIMIT);
        }
        Page page = query.containsKey("after_id")
                ? store.after(parseNumber(query.get("after_id"), "after_id", 0), limit)
                : store.newest(limit);
        send(ex, 200, JSON, page.toJson());
    }

    private static long parseNumber(String text, String name, long min) throws HttpError {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new HttpError(400, name + " must be an integer of at least " + min);
    }

    private void health(HttpExchange ex) throws IOException {
        try {
            store.check();
        } catch (SQLException e) {
            send(ex, 503, TEXT, "unavailable: " + e.getMessage() + "\n");
            return;
        }
        if (!healthToken.isEmpty()) {
            ex.getResponseHeaders().set("X-Health-Token", healthToken);
        }
        send(ex, 200, TEXT, "ok\n");
    }

    // ---------------------------------------------------------------- request and response plumbing

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** API callers and JSON posters get JSON errors; browsers and forms get plain text. */
    private static boolean wantsJson(HttpExchange ex) {
        return ex.getRequestURI().getRawPath().startsWith("/api/")
                || JSON_TYPE.equals(mediaType(ex.getRequestHeaders().getFirst("Content-Type")));
    }

    private static String readBody(HttpExchange ex) throws IOException, HttpError {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    closeAfterResponse(ex);
                    throw new HttpError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
                }
            } catch (NumberFormatException e) {
                closeAfterResponse(ex);
                throw new HttpError(400, "invalid Content-Length");
            }
        }
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1); // chunked bodies have no Content-Length
        if (bytes.length > MAX_BODY_BYTES) {
            closeAfterResponse(ex);
            throw new HttpError(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            // Strict: malformed UTF-8 is refused instead of being stored as U+FFFD.
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, "the body is not valid UTF-8");
        }
    }

    /**
     * For answers sent without reading the whole request body: the server then drops the connection, and saying
     * so keeps the client from reusing it for its next request (which would fail with no response).
     */
    private static void closeAfterResponse(HttpExchange ex) {
        ex.getResponseHeaders().set("Connection", "close");
    }

    private static void sendError(HttpExchange ex, int status, String message, boolean json) {
        if (ex.getResponseCode() != -1) {
            return; // headers already went out; all we can do is close the exchange
        }
        try {
            if (json) {
                send(ex, status, JSON, "{\"error\":" + Json.quote(message) + "}");
            } else {
                send(ex, status, TEXT, message + "\n");
            }
        } catch (IOException e) {
            // The client is gone; nothing to answer.
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Headers headers = ex.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        boolean noBody = bytes.length == 0 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
