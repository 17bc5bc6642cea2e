package dev.litescope.cloud;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which permissions an account lacks, asked of the service itself (testIamPermissions needs no permission of
 * its own), so that a refusal can name what to grant.
 */
public final class IamPermissions {
    private IamPermissions() {
    }

    private record Held(List<String> permissions) {
    }

    /**
     * The permissions of {@code needed} that the account lacks, by the GET form of testIamPermissions that Cloud
     * Storage uses ({@code …/iam/testPermissions?permissions=…}).
     */
    public static List<String> lackingByGet(GoogleHttp http, String testUrl, List<String> needed)
            throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(testUrl);
        char sep = testUrl.contains("?") ? '&' : '?';
        for (String p : needed) {
            url.append(sep).append("permissions=").append(URLEncoder.encode(p, StandardCharsets.UTF_8));
            sep = '&';
        }
        return lacking(needed, http.getJson(url.toString(), Held.class));
    }

    private static List<String> lacking(List<String> needed, Held held) {
        List<String> has = held == null || held.permissions() == null ? List.of() : held.permissions();
        List<String> lacking = new ArrayList<>();
        for (String p : needed) {
            if (!has.contains(p)) {
                lacking.add(p);
            }
        }
        return lacking;
    }
}
