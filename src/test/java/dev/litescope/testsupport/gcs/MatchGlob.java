package dev.litescope.testsupport.gcs;

import dev.litescope.testsupport.http.HttpError;
import java.util.regex.Pattern;

/** GCS's {@code matchGlob}: {@code **} crosses '/', {@code *} and {@code ?} do not; {@code [..]} and {@code {a,b}}. */
final class MatchGlob {
    private MatchGlob() {
    }

    static Pattern compile(String g) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char ch = g.charAt(i);
            if (ch == '*') {
                boolean dbl = i + 1 < g.length() && g.charAt(i + 1) == '*';
                re.append(dbl ? ".*" : "[^/]*");
                i += dbl ? 1 : 0;
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '[') {
                int close = g.indexOf(']', i + 1);
                if (close < 0) {
                    throw new HttpError(400, "invalid", "Invalid matchGlob: " + g);
                }
                String set = g.substring(i + 1, close);
                re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                i = close;
            } else if (ch == '{') {
                braces++;
                re.append("(?:");
            } else if (ch == '}' && braces > 0) {
                braces--;
                re.append(')');
            } else if (ch == ',' && braces > 0) {
                re.append('|');
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
