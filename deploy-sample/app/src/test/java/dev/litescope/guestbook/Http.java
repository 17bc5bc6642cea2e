package dev.litescope.guestbook;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the tests, talking to one running guestbook. */
final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // the JDK server speaks HTTP/1.1 only
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    Http(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
    }

    HttpResponse<String> postJson(String json) throws IOException, InterruptedException {
        return post("application/json", json);
    }

    HttpResponse<String> postForm(String name, String message) throws IOException, InterruptedException {
        return post("application/x-www-form-urlencoded",
                "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                        + "&message=" + URLEncoder.encode(message, StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("/entries"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The JSON body for an entry, with both values quoted properly. */
    static String entryJson(String name, String message) {
        return "{\"name\":" + Json.quote(name) + ",\"message\":" + Json.quote(message) + "}";
    }
}
