package dev.litescope.util;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time and duration text exactly as Litestream (Go) prints and parses it, so that output and flags match
 * what Litestream users know.
 */
public final class GoTime {
    private static final DateTimeFormatter RFC3339_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:\\d{2})");
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L;
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoTime() {
    }

    /** Go's {@code t.UTC().Format(time.RFC3339)}: whole seconds, truncated, with a Z. */
    public static String rfc3339Seconds(Instant t) {
        return RFC3339_SECONDS.format(t);
    }

    /** Go's RFC3339Nano in UTC: fraction with trailing zeros removed, for machine-readable output. */
    public static String rfc3339Nano(Instant t) {
        String base = RFC3339_SECONDS.format(t);
        int nanos = t.getNano();
        if (nanos == 0) {
            return base;
        }
        String frac = String.format("%09d", nanos).replaceAll("0+$", "");
        return base.substring(0, base.length() - 1) + "." + frac + "Z";
    }

    /**
     * Parses like Go's {@code time.Parse(time.RFC3339, s)}: an offset (Z or ±hh:mm) is required; a fraction
     * of up to nine digits is accepted.
     */
    public static Instant parseRfc3339(String s) {
        Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot parse timestamp \"" + s + "\": expected RFC 3339 such as "
                    + "2026-11-27T20:29:44Z or 2026-11-27T21:29:44.5+01:00");
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
            String frac = m.group(7);
            int nanos = frac == null ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
            ZoneOffset offset = m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            return local.withNano(nanos).toInstant(offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("cannot parse timestamp \"" + s + "\": " + e.getMessage());
        }
    }

    /** Litestream's TruncateDuration: fewer digits the larger the value. */
    public static Duration truncateLag(Duration d) {
        long n = toNanos(d);
        long unit;
        long a = Math.abs(n);
        if (a > 10 * S) {
            unit = S;
        } else if (a > S) {
            unit = S / 10;
        } else if (a > MS) {
            unit = MS;
        } else if (a > US) {
            unit = US;
        } else {
            return d;
        }
        return Duration.ofNanos(n - n % unit); // Go's Truncate rounds toward zero
    }

    /**
     * Go's {@code time.ParseDuration} for durations that are not negative: "300ms", "1.5s", "2m30s", "1h"; units
     * ns, us (or µs), ms, s, m, h. A bare 0 is zero.
     *
     * @throws IllegalArgumentException naming the text and what a duration looks like
     */
    public static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text);
        int at = 0;
        long nanos = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double units = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> NS;
                case "us", "µs", "μs" -> US;
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> 60 * S;
                default -> 3600 * S;
            };
            nanos += Math.round(units * unit);
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": expected a number and a unit, "
                    + "such as 500ms, 30s, 2m or 1h30m");
        }
        return Duration.ofNanos(nanos);
    }

    /** Go's {@code time.Duration.String()}: "0s", "1.5µs", "12ms", "47s", "2m50s", "1h0m0.5s". */
    public static String durationString(Duration d) {
        long n = toNanos(d);
        if (n == 0) {
            return "0s";
        }
        boolean neg = n < 0;
        // Work on the magnitude as unsigned to cover Long.MIN_VALUE like Go does.
        long u = neg ? -n : n;
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, S) < 0) {
            long unit;
            String suffix;
            if (u < US) {
                unit = NS;
                suffix = "ns";
            } else if (u < MS) {
                unit = US;
                suffix = "µs";
            } else {
                unit = MS;
                suffix = "ms";
            }
            sb.append(fraction(u, unit)).append(suffix);
        } else {
            long secsTotal = Long.divideUnsigned(u, S);
            long nanos = Long.remainderUnsigned(u, S);
            long h = secsTotal / 3600;
            long m = (secsTotal / 60) % 60;
            long sec = secsTotal % 60;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(fraction(sec * S + nanos, S)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fraction(long v, long unit) {
        long whole = v / unit;
        long rest = v % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        String frac = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
        return whole + "." + frac;
    }

    private static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
