package dev.litescope.sample.guestbook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes application/x-www-form-urlencoded text: request bodies and URL query strings. */
final class FormData {

    private FormData() {
    }

    /**
     * Name to value; for a repeated name the first value wins. Decoded as UTF-8 (the page declares UTF-8,
     * so browsers send it).
     *
     * @throws IllegalArgumentException on a malformed %-escape
     */
    static Map<String, String> parse(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
