package dev.litescope.monitor;

import java.util.Locale;

/** Kubernetes resource quantities as Cloud Run writes memory and volume sizes: 256Mi, 1Gi, 512M, 1000000. */
final class Quantity {
    private Quantity() {
    }

    static long bytes(String q) {
        String s = q.trim();
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
            {"k", "1000"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        try {
            for (String[] u : units) {
                if (s.endsWith(u[0])) {
                    return Math.round(Double.parseDouble(s.substring(0, s.length() - u[0].length()))
                            * Long.parseLong(u[1]));
                }
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the size '%s' is not a quantity such as "
                    + "256Mi or 1Gi", q));
        }
    }
}
