package dev.litescope.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Lists that Google APIs answer a page at a time, followed by {@code nextPageToken} to the end. */
public final class Pages {
    private Pages() {
    }

    /**
     * Every item of the list at {@code url}: each page's array {@code field} (such as {@code revisions}), page
     * after page, each asked for with the previous page's {@code nextPageToken}. A server that hands back a token
     * it already gave stops the listing with an error rather than a loop.
     */
    public static List<JsonNode> all(GoogleHttp http, String url, String field) throws IOException,
            InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = "";
        do {
            String page = token.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + "pageToken="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8);
            JsonNode answer = http.getJson(page, JsonNode.class);
            answer.path(field).forEach(items::add);
            token = answer.path("nextPageToken").asText("");
            if (!token.isEmpty() && !seen.add(token)) {
                throw new IOException("listing " + GoogleHttp.redact(url) + ": the server sent the page token "
                        + "it sent before; the listing would never end");
            }
        } while (!token.isEmpty());
        return items;
    }
}
