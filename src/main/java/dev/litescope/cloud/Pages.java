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

    /** Asks for one page: the first when {@code token} is empty, else the one that token names. */
    @FunctionalInterface
    public interface Fetch {
        JsonNode page(String token) throws IOException, InterruptedException;
    }

    /**
     * Every item of the list at {@code url}: each page's array {@code field} (such as {@code revisions}), page
     * after page, each asked for with the previous page's {@code nextPageToken}. A server that hands back a token
     * it already gave stops the listing with an error rather than a loop.
     */
    public static List<JsonNode> all(GoogleHttp http, String url, String field) throws IOException,
            InterruptedException {
        return upTo(token -> http.getJson(token.isEmpty() ? url : url + (url.contains("?") ? "&" : "?")
                + "pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), JsonNode.class), field,
                Integer.MAX_VALUE, GoogleHttp.redact(url));
    }

    /**
     * The first {@code limit} items of a list whose pages {@code fetch} asks for (a POST such as Logging's
     * {@code entries:list} carries its token in the body), stopping as soon as that many are in.
     *
     * @param what names the listing in the error about a repeated token
     */
    public static List<JsonNode> upTo(Fetch fetch, String field, int limit, String what) throws IOException,
            InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = "";
        do {
            JsonNode answer = fetch.page(token);
            for (JsonNode item : answer.path(field)) {
                if (items.size() >= limit) {
                    return items;
                }
                items.add(item);
            }
            token = answer.path("nextPageToken").asText("");
            if (!token.isEmpty() && !seen.add(token)) {
                throw new IOException("listing " + what + ": the server sent the page token "
                        + "it sent before; the listing would never end");
            }
        } while (!token.isEmpty() && items.size() < limit);
        return items;
    }
}
