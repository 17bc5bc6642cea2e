package dev.litescope.cloud;

import com.google.auth.Credentials;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authorised client for Google's JSON APIs on the JDK's {@code java.net.http}: every request carries the
 * credentials' headers (a bearer token, refreshed by google-auth-library), an error status becomes a
 * {@link GoogleApiException} with the API's own message, and JSON answers are bound to records by Jackson.
 *
 * <p>Each request is logged at debug level as one line: method, URL with any secret query value masked,
 * status and duration. Headers are never logged: they carry the token.
 */
public final class GoogleHttp {
    private static final Logger log = LoggerFactory.getLogger(GoogleHttp.class);

    /**
     * The JDK's client reads a response in buffers of this size ({@code jdk.httpclient.bufsize}). Its default,
     * 16 KiB, hands a large download from thread to thread 64 times a megabyte: a 1 GB restore over the loopback
     * Cloud Storage server took 4.4 s and 4.3 s of CPU against 2.8 s and 2.7 s with 256 KiB (alternating, 6 pairs),
     * for about 5 MiB more memory, 10 at {@code -parallelism 64}.
     */
    static final int READ_BUFFER_BYTES = 256 << 10;
    static final String READ_BUFFER_PROPERTY = "jdk.httpclient.bufsize";

    static {
        // Before this class builds a request: the JDK reads the property once, when its HTTP code first loads
        // (building a request loads it too, before any client exists). Unless the user sized the buffers.
        if (System.getProperty(READ_BUFFER_PROPERTY) == null) {
            System.setProperty(READ_BUFFER_PROPERTY, Integer.toString(READ_BUFFER_BYTES));
        }
    }

    /** One connection pool for the process: clients are cheap to share and costly to start. */
    private static final class Shared {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The process's client (made on first use). */
    static HttpClient sharedClient() {
        return Shared.CLIENT;
    }

    private final Optional<Credentials> credentials;
    private final Duration timeout;

    /**
     * @param credentials sent with every request when present
     * @param timeout     how long to wait for an answer's headers before giving up on an attempt
     */
    public GoogleHttp(Optional<Credentials> credentials, Duration timeout) {
        this.credentials = credentials;
        this.timeout = timeout;
    }


    /**
     * A client for one API's endpoint: credentials only when it {@linkplain ApiEndpoint#needsCredentials() needs
     * them}, so that a loopback fake or an emulator is reached with no Google account at all.
     */
    public static GoogleHttp forEndpoint(ApiEndpoint endpoint, CredentialsSource credentials, Duration timeout)
            throws IOException {
        return new GoogleHttp(endpoint.needsCredentials() ? Optional.of(credentials.get()) : Optional.empty(),
                timeout);
    }

    /** Where credentials come from when an endpoint needs them. */
    @FunctionalInterface
    public interface CredentialsSource {
        Credentials get() throws IOException;
    }

    public Optional<Credentials> credentials() {
        return credentials;
    }

    /** A GET whose body is streamed; the caller closes it. A status other than 2xx throws. */
    public HttpResponse<InputStream> get(String url) throws IOException, InterruptedException {
        return send(request(url).GET().build());
    }

    /** {@link #get(String)} with one more request header, such as {@code Range}. */
    public HttpResponse<InputStream> get(String url, String header, String value)
            throws IOException, InterruptedException {
        return send(request(url).header(header, value).GET().build());
    }

    /** A GET whose JSON answer is bound to {@code type}. */
    public <T> T getJson(String url, Class<T> type) throws IOException, InterruptedException {
        try (InputStream in = get(url).body()) {
            return JsonMapper.MAPPER.readValue(in, type);
        }
    }

    /** A POST of {@code body} as JSON whose JSON answer is bound to {@code type}. */
    public <T> T postJson(String url, Object body, Class<T> type) throws IOException, InterruptedException {
        HttpRequest r = request(url).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonMapper.MAPPER.writeValueAsBytes(body))).build();
        try (InputStream in = send(r).body()) {
            return JsonMapper.MAPPER.readValue(in, type);
        }
    }

    /** A PATCH of {@code body} as JSON whose JSON answer is bound to {@code type}. */
    public <T> T patchJson(String url, Object body, Class<T> type) throws IOException, InterruptedException {
        HttpRequest r = request(url).header("Content-Type", "application/json; charset=utf-8")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JsonMapper.MAPPER.writeValueAsBytes(body)))
                .build();
        try (InputStream in = send(r).body()) {
            return JsonMapper.MAPPER.readValue(in, type);
        }
    }

    /** A PUT of {@code body} as JSON whose JSON answer is bound to {@code type}. */
    public <T> T putJson(String url, Object body, Class<T> type) throws IOException, InterruptedException {
        HttpRequest r = request(url).header("Content-Type", "application/json; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JsonMapper.MAPPER.writeValueAsBytes(body))).build();
        try (InputStream in = send(r).body()) {
            return JsonMapper.MAPPER.readValue(in, type);
        }
    }

    /** A POST of raw {@code bytes} (an upload's media) whose JSON answer is bound to {@code type}. */
    public <T> T postBytes(String url, String contentType, byte[] bytes, Class<T> type)
            throws IOException, InterruptedException {
        HttpRequest r = request(url).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        try (InputStream in = send(r).body()) {
            return JsonMapper.MAPPER.readValue(in, type);
        }
    }

    private HttpRequest.Builder request(String url) throws IOException {
        URI uri = URI.create(url);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // No h2c upgrade dance with a local emulator: it speaks HTTP/1.1.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        if (credentials.isPresent()) {
            Map<String, List<String>> headers = credentials.get().getRequestMetadata(uri);
            if (headers != null) {
                headers.forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
            }
        }
        return b;
    }

    private HttpResponse<InputStream> send(HttpRequest r) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = Shared.CLIENT.send(r, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.debug("{} {} failed after {} ms: {}", r.method(), redact(r.uri().toString()), millis(start),
                    e.toString());
            throw e;
        }
        int code = response.statusCode();
        log.debug("{} {} {} in {} ms", r.method(), redact(r.uri().toString()), code, millis(start));
        if (code / 100 != 2) {
            byte[] body;
            try (InputStream err = response.body()) {
                body = err.readNBytes(16 * 1024);
            }
            throw new GoogleApiException(code, body);
        }
        return response;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Query parameters whose values are secrets (tokens, API keys, signed-URL signatures). */
    private static final Set<String> SECRET_PARAMETERS = Set.of("access_token", "key", "token", "api_key",
            "x-goog-signature", "x-goog-credential", "signature", "sig", "upload_id", "client_secret",
            "refresh_token", "id_token", "code");
    private static final Pattern PARAMETER = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

    /** {@code url} with the value of every secret query parameter replaced by {@code ***}. */
    public static String redact(String url) {
        Matcher m = PARAMETER.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            boolean secret = SECRET_PARAMETERS.contains(m.group(2).toLowerCase(Locale.ROOT));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + "="
                    + (secret ? "***" : m.group(3))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
