package dev.litescope.ui.fx;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;

/**
 * Moments as the timeline reads and writes them: RFC 3339 with an offset ({@code 2026-11-27T10:15:00Z},
 * {@code 2026-11-27T11:15:00+01:00}), or a plain date and time read in the zone the timeline shows. Written
 * back with every significant digit of the fraction, so a moment typed from what the field shows is the same
 * moment to the nanosecond (a restore includes objects created at or before it, so rounding would matter).
 */
public final class TimeText {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).optionalStart().appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter(Locale.ROOT);
    private static final DateTimeFormatter WITH_OFFSET = new DateTimeFormatterBuilder().append(LOCAL)
            .parseCaseInsensitive().appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT);
    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z").toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TAG = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private TimeText() {
    }

    /** A moment from what the user typed; a text without an offset is read in {@code zone}. */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        String s = text == null ? "" : text.strip();
        if (s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 't')) {
            s = s.substring(0, 10) + "T" + s.substring(11).strip();
        }
        s = s.replace(" ", "");
        try {
            return Optional.of(OffsetDateTime.parse(s, WITH_OFFSET).toInstant());
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Optional.of(LocalDateTime.parse(s, LOCAL).atZone(zone).toInstant());
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }

    /** RFC 3339 in {@code zone}'s offset, with the fraction to its last significant digit. */
    public static String format(Instant t, ZoneId zone) {
        return WRITE.format(t.atZone(zone));
    }

    /** Milliseconds and the zone, short enough for the cursor's tag: {@code 2026-11-27 11:15:00.123 +01:00}. */
    public static String tag(Instant t, ZoneId zone) {
        var z = t.atZone(zone);
        String offset = z.getOffset().equals(ZoneOffset.UTC) ? "UTC" : z.getOffset().getId();
        return TAG.format(z) + " " + offset;
    }

    /** To the minute, for a list: {@code 2026-11-27 10:15Z} in UTC, {@code 2026-11-27 11:15+01:00} elsewhere. */
    public static String minute(Instant t, ZoneId zone) {
        return withOffset(MINUTE, t, zone);
    }

    /** To the second, for a list: {@code 2026-11-27 10:15:07Z}, {@code 2026-11-27 11:15:07+01:00}. */
    public static String second(Instant t, ZoneId zone) {
        return withOffset(SECOND, t, zone);
    }

    private static String withOffset(DateTimeFormatter f, Instant t, ZoneId zone) {
        var z = t.atZone(zone);
        return f.format(z) + (z.getOffset().equals(ZoneOffset.UTC) ? "Z" : z.getOffset().getId());
    }

    /** What the field's prompt and error say a plain time is read in. */
    public static String zoneName(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : "local time (" + zone.getId() + ")";
    }
}
