package dev.litescope.guestbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP API against one server started in-process on a free port with a temporary database. The tests
 * share that server (a stop takes a second), so each one looks only at the entries it created itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestbookHttpTest {

    private static final String ISO_MILLIS_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private Guestbook app;
    private Http http;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        // A directory that does not exist yet: the app creates it.
        app = Guestbook.start(Config.of(0, dir.resolve("data/db.sqlite")));
        http = new Http(app.port());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.shutdown();
        }
    }

    @Test
    void jsonPostAnswers201WithTheStoredEntry() throws Exception {
        HttpResponse<String> response = http.postJson(Http.entryJson("Ada", "Hello from JSON"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        Map<String, Object> entry = object(response.body());
        assertThat(entry).containsEntry("name", "Ada").containsEntry("message", "Hello from JSON");
        assertThat(((BigDecimal) entry.get("id")).longValue()).isPositive();
        assertThat((String) entry.get("created_at")).matches(ISO_MILLIS_UTC);

        // Acknowledged means committed: a read right after sees it.
        long id = ((BigDecimal) entry.get("id")).longValue();
        List<Map<String, Object>> after = entries(http.get("/api/entries?after_id=" + (id - 1) + "&limit=1").body());
        assertThat(after).hasSize(1);
        assertThat(after.get(0)).isEqualTo(entry);
    }

    @Test
    void formPostRedirectsToThePageWhichShowsTheEntry() throws Exception {
        HttpResponse<String> response = http.postForm("Grace", "Hello & welcome from the form");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/");
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<strong>Grace</strong>", "Hello &amp; welcome from the form",
                "<form method=\"post\" action=\"/entries\"");
        Map<String, Object> newest = entries(http.get("/api/entries?limit=1").body()).get(0);
        assertThat(newest).containsEntry("name", "Grace").containsEntry("message", "Hello & welcome from the form");
    }

    @Test
    void pageEscapesMarkup() throws Exception {
        http.postJson(Http.entryJson("<script>alert('name')</script>", "<script>alert(\"x\")</script> & <b>bold</b>"));

        String page = http.get("/").body();
        assertThat(page).doesNotContain("<script>", "<b>bold</b>");
        assertThat(page).contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;",
                "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
        assertThat(http.get("/").headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void pageShowsTheTotalAndAtMostFiftyEntries() throws Exception {
        for (int i = 0; i < 55; i++) {
            assertThat(http.postJson(Http.entryJson("bulk", "entry " + i)).statusCode()).isEqualTo(201);
        }
        long total = count();
        String page = http.get("/").body();
        assertThat(page).contains("<h2>" + total + " entries, the newest 50</h2>");
        assertThat(page.split("<li id=\"entry-", -1)).hasSize(51);
        assertThat(page).contains("entry 54").doesNotContain("entry 4<");
    }

    @Test
    void unicodeSurvivesBothEncodingsAndCountsCodePoints() throws Exception {
        String name = "Zoë 🚀 漢字";
        assertThat(object(http.postJson(Http.entryJson(name, "ünïcødé\nsecond line")).body()))
                .containsEntry("name", name).containsEntry("message", "ünïcødé\nsecond line");
        assertThat(http.postForm(name, "vía formulario ✓").statusCode()).isEqualTo(303);
        assertThat(entries(http.get("/api/entries?limit=1").body()).get(0))
                .containsEntry("name", name).containsEntry("message", "vía formulario ✓");

        // 100 emoji are 200 UTF-16 chars but 100 characters: accepted; 101 are not.
        assertThat(http.postJson(Http.entryJson("🚀".repeat(100), "m")).statusCode()).isEqualTo(201);
        assertThat(http.postJson(Http.entryJson("🚀".repeat(101), "m")).statusCode()).isEqualTo(400);
    }

    @Test
    void lengthLimitsAreInclusive() throws Exception {
        assertThat(http.postJson(Http.entryJson("n".repeat(100), "m".repeat(1000))).statusCode()).isEqualTo(201);
        assertThat(http.postJson(Http.entryJson("n".repeat(101), "m")).statusCode()).isEqualTo(400);
        assertThat(http.postJson(Http.entryJson("n", "m".repeat(1001))).statusCode()).isEqualTo(400);
        // Surrounding white space is not part of the entry.
        assertThat(object(http.postJson(Http.entryJson("  Ada  ", "\n hi \n")).body()))
                .containsEntry("name", "Ada").containsEntry("message", "hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"\",\"message\":\"hi\"}",
        "{\"name\":\"   \",\"message\":\"hi\"}",
        "{\"name\":\"Ada\",\"message\":\"\"}",
        "{\"name\":\"Ada\"}",
        "{\"message\":\"hi\"}",
        "{\"name\":42,\"message\":\"hi\"}",
        "{\"name\":\"Ada\",\"message\":[\"hi\"]}",
        "{\"name\":null,\"message\":\"hi\"}",
        "[\"Ada\",\"hi\"]",
        "\"Ada\"",
        "{\"name\":\"Ada\",\"message\":\"hi\"",
        "{\"name\":\"Ada\",\"message\":\"hi\"} trailing",
        "",
    })
    void invalidJsonEntriesAre400WithAJsonError(String body) throws Exception {
        long before = count();
        HttpResponse<String> response = http.postJson(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(object(response.body())).containsOnlyKeys("error");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void invalidFormEntriesAre400WithAPlainError() throws Exception {
        long before = count();
        HttpResponse<String> empty = http.postForm("", "hi");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(empty.body()).startsWith("name must be 1 to 100 characters");

        assertThat(http.post("application/x-www-form-urlencoded", "name=Ada").statusCode()).isEqualTo(400);
        assertThat(http.post("application/x-www-form-urlencoded", "name=%zz&message=hi").statusCode()).isEqualTo(400);
        assertThat(count()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"Ada\",\"message\":\"half \\ud83d of an emoji\"}",
        "{\"name\":\"\\udc00Ada\",\"message\":\"hi\"}",
        "{\"name\":\"Ada\",\"message\":\"a\\u0000b\"}",
        "{\"name\":\"Ada\\u0007\",\"message\":\"hi\"}",
        "{\"name\":\"Ada\\nLovelace\",\"message\":\"hi\"}",
        "{\"name\":\"Ada\",\"message\":\"esc \\u001b[31m red\"}",
        "{\"name\":\"Ada\",\"message\":\"c1 \\u0085 control\"}",
    })
    void loneSurrogatesAndControlCharactersInJsonAre400(String body) throws Exception {
        long before = count();
        HttpResponse<String> response = http.postJson(body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat((String) object(response.body()).get("error")).matches("(name|message) holds .*");
        assertThat(count()).isEqualTo(before);
        assertThat(http.get("/").body()).doesNotContain("\u0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "name=Ada&message=a%00b",
        "name=%ED%A0%80&message=hi",
        "name=Ada&message=%F0%9F%9A",
        "name=A%07da&message=hi",
        "name=Ada%0D%0ALovelace&message=hi",
    })
    void loneSurrogatesAndControlCharactersInFormsAre400(String body) throws Exception {
        long before = count();
        HttpResponse<String> response = http.post("application/x-www-form-urlencoded", body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void messagesKeepTheirLineBreaksAndTabs() throws Exception {
        assertThat(object(http.postJson("{\"name\":\"Ada\",\"message\":\"one\\ttab\\r\\ntwo\"}").body()))
                .containsEntry("message", "one\ttab\r\ntwo");
    }

    @Test
    void otherBodiesAreRefused() throws Exception {
        assertThat(http.post("text/plain", "name=Ada&message=hi").statusCode()).isEqualTo(415);
        String huge = Http.entryJson("Ada", "x".repeat(GuestbookHandler.MAX_BODY_BYTES));
        assertThat(http.postJson(huge).statusCode()).isEqualTo(413);
        // Invalid UTF-8 is refused, not stored as replacement characters.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/entries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'})));
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void apiListsNewestFirstAndPagesAscendingAfterAnId() throws Exception {
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            Map<String, Object> e = object(http.postJson(Http.entryJson("pager", "p" + i)).body());
            ids[i] = ((BigDecimal) e.get("id")).longValue();
        }

        Map<String, Object> newest = object(http.get("/api/entries?limit=2").body());
        assertThat(((BigDecimal) newest.get("count")).longValue()).isEqualTo(count());
        assertThat(ids(newest)).containsExactly(ids[4], ids[3]);

        Map<String, Object> after = object(http.get("/api/entries?after_id=" + ids[0] + "&limit=3").body());
        assertThat(ids(after)).containsExactly(ids[1], ids[2], ids[3]);
        assertThat(ids(object(http.get("/api/entries?after_id=" + ids[4]).body()))).isEmpty();

        // Without a limit: 50, newest first.
        List<Long> defaultPage = ids(object(http.get("/api/entries").body()));
        assertThat(defaultPage).hasSize((int) Math.min(50, count())).startsWith(ids[4]);
    }

    @Test
    void apiPagesThroughEverythingWithAfterId() throws Exception {
        long total = count();
        long last = 0;
        long seen = 0;
        while (true) {
            List<Long> page = ids(object(http.get("/api/entries?limit=7&after_id=" + last).body()));
            if (page.isEmpty()) {
                break;
            }
            assertThat(page).isSorted().allMatch(id -> id > 0);
            assertThat(page.get(0)).isGreaterThan(last);
            seen += page.size();
            last = page.get(page.size() - 1);
        }
        assertThat(seen).isGreaterThanOrEqualTo(total);
    }

    @Test
    void apiValidatesItsParameters() throws Exception {
        for (String query : List.of("limit=0", "limit=-5", "limit=abc", "after_id=-1", "after_id=x", "limit=")) {
            HttpResponse<String> response = http.get("/api/entries?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(object(response.body())).as(query).containsOnlyKeys("error");
        }
        // Above the maximum is served as the maximum.
        assertThat(http.get("/api/entries?limit=5000").statusCode()).isEqualTo(200);
    }

    @Test
    void healthEchoesTheTokenItWasStartedWith(@TempDir Path other) throws Exception {
        Config config = Config.fromEnvironment(Map.of("PORT", "0", "DB_PATH", other.resolve("db.sqlite").toString(),
                "HEALTH_TOKEN", "run-4f2a"));
        Guestbook tokened = Guestbook.start(config);
        try {
            HttpResponse<String> health = new Http(tokened.port()).get("/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("X-Health-Token")).hasValue("run-4f2a");
        } finally {
            tokened.shutdown();
        }
    }

    @Test
    void healthAndErrors() throws Exception {
        HttpResponse<String> health = http.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().strip()).isEqualTo("ok");
        assertThat(health.headers().firstValue("X-Health-Token")).isEmpty();

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        assertThat(http.get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = http.get("/entries");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/"))
                .DELETE()).statusCode()).isEqualTo(405);
    }

    // ---------------------------------------------------------------- helpers

    private long count() throws Exception {
        return ((BigDecimal) object(http.get("/api/entries?limit=1").body()).get("count")).longValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) throws Json.JsonException {
        return (Map<String, Object>) Json.parse(json);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(String json) throws Json.JsonException {
        return (List<Map<String, Object>>) object(json).get("entries");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("entries")).stream()
                .map(e -> ((BigDecimal) e.get("id")).longValue())
                .toList();
    }
}
