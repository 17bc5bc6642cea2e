package dev.litescope.ui.fx;

import dev.litescope.util.Units;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the window writes sizes and times: UTC, as Litestream prints them, so the CLI and the GUI agree. */
public final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** Time of day only, for axis labels where the date would crowd the ticks. */
    static String clock(Instant t) {
        return CLOCK.format(t);
    }

    public static String bytes(long n) {
        return Units.bytes(n);
    }
}
