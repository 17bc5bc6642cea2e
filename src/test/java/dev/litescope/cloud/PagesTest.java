package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.http.LoopbackHttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paged listings followed to the end over HTTP. */
class PagesTest {
    private LoopbackHttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile boolean stuck;

    @BeforeEach
    void start() {
        // Seven revisions, three a page; the token is the index of the next one, plus a character to encode.
        server = LoopbackHttpServer.start("pages", 0, call -> {
            queries.add(call.rawQuery() == null ? "" : call.rawQuery());
            String token = call.param("pageToken");
            int from = token == null ? 0 : Integer.parseInt(token.substring(0, token.indexOf('/')));
            List<Map<String, String>> page = new ArrayList<>();
            for (int i = from; i < Math.min(from + 3, 7); i++) {
                page.add(Map.of("name", "s-0000" + i));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("revisions", page);
            if (stuck) {
                doc.put("nextPageToken", "3/x");
            } else if (from + 3 < 7) {
                doc.put("nextPageToken", (from + 3) + "/x");
            }
            call.json(200, doc);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static GoogleHttp http() {
        return new GoogleHttp(Optional.empty(), Duration.ofSeconds(5));
    }

    @Test
    void followsNextPageTokenToTheEnd() throws Exception {
        List<JsonNode> all = Pages.all(http(), server.endpoint() + "/v2/projects/p/locations/r/services/s/revisions"
                + "?pageSize=3", "revisions");
        assertThat(all).extracting(n -> n.path("name").asText())
                .containsExactly("s-00000", "s-00001", "s-00002", "s-00003", "s-00004", "s-00005", "s-00006");
        assertThat(queries).containsExactly("pageSize=3", "pageSize=3&pageToken=3%2Fx", "pageSize=3&pageToken=6%2Fx");
    }

    @Test
    void aUrlWithoutAQueryGetsTheTokenAsItsFirstParameter() throws Exception {
        assertThat(Pages.all(http(), server.endpoint() + "/v2/x", "revisions")).hasSize(7);
        assertThat(queries.get(1)).isEqualTo("pageToken=3%2Fx");
    }

    @Test
    void aTokenSentTwiceEndsTheListingWithAnError() {
        stuck = true;
        assertThatThrownBy(() -> Pages.all(http(), server.endpoint() + "/v2/x", "revisions"))
                .hasMessageContaining("the server sent the page token it sent before");
        assertThat(queries).hasSize(2);
    }
}
