package dev.litescope.testsupport.gcs;

import dev.litescope.testsupport.http.HttpError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A listing's partial response, as GCS answers {@code fields=items(name,size),prefixes,nextPageToken}: only the
 * named members of the page and of each item (an item selector without parentheses keeps the whole item). Nested
 * selectors below an item's field ({@code metadata/key}) are not supported and answer 400.
 */
final class ListFields {
    private final Set<String> top;
    /** The item fields kept; empty for the whole item. */
    private final Set<String> item;

    private ListFields(Set<String> top, Set<String> item) {
        this.top = top;
        this.item = item;
    }

    static ListFields parse(String spec) {
        Set<String> top = new LinkedHashSet<>();
        Set<String> item = new LinkedHashSet<>();
        int depth = 0;
        StringBuilder word = new StringBuilder();
        String outer = null;
        for (char ch : (spec + ",").toCharArray()) {
            if (ch == '(' && depth == 0) {
                outer = word.toString().trim();
                word.setLength(0);
                depth++;
            } else if (ch == ')' && depth == 1) {
                addInner(outer, word.toString(), item);
                word.setLength(0);
                depth--;
            } else if (ch == ',' && depth == 1) {
                addInner(outer, word.toString(), item);
                word.setLength(0);
            } else if (ch == ',' && depth == 0) {
                String w = outer != null ? outer : word.toString().trim();
                if (!w.isEmpty()) {
                    top.add(w);
                }
                outer = null;
                word.setLength(0);
            } else if (ch == '(' || ch == ')' || ch == '/') {
                throw new HttpError(400, "invalid", "Invalid field selection " + spec);
            } else {
                word.append(ch);
            }
        }
        if (depth != 0) {
            throw new HttpError(400, "invalid", "Invalid field selection " + spec);
        }
        return new ListFields(top, item);
    }

    private static void addInner(String outer, String word, Set<String> item) {
        if (!"items".equals(outer)) {
            throw new HttpError(400, "invalid", "Invalid field selection " + outer + "(" + word + ")");
        }
        if (!word.isBlank()) {
            item.add(word.trim());
        }
    }

    /** The page with only the selected members; empty lists and absent values are left out, as GCS does. */
    Map<String, Object> page(String baseUrl, String nextToken, List<String> prefixes, List<ObjectMeta> items) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (top.contains("kind")) {
            doc.put("kind", "storage#objects");
        }
        if (top.contains("nextPageToken") && nextToken != null) {
            doc.put("nextPageToken", nextToken);
        }
        if (top.contains("prefixes") && !prefixes.isEmpty()) {
            doc.put("prefixes", prefixes);
        }
        if (top.contains("items") && !items.isEmpty()) {
            List<Object> out = new ArrayList<>(items.size());
            for (ObjectMeta m : items) {
                if (item.isEmpty()) {
                    out.add(GcsResources.object(baseUrl, m));
                    continue;
                }
                Map<String, Object> one = new LinkedHashMap<>();
                for (String f : item) {
                    Object v = GcsResources.objectField(baseUrl, m, f);
                    if (v != null) {
                        one.put(f, v);
                    }
                }
                out.add(one);
            }
            doc.put("items", out);
        }
        return doc;
    }
}
