package dev.litescope.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns as Go's {@code text/tabwriter} prints them with Litestream's settings (minwidth 0, padding 2,
 * spaces): every cell but a row's last is padded to its column's widest cell plus two; the last cell is
 * printed as it is.
 */
public final class TabWriter {
    private final List<String[]> rows = new ArrayList<>();

    public TabWriter row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
