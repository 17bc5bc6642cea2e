package dev.litescope.replica.ltx;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Litestream 0.5's object names: {@code ltx/<level>/<min>-<max>.ltx}, level 0..9, TXIDs as 16 lowercase hex. */
public final class LtxNames {
    /** The folder under a replica root that holds the levels. */
    public static final String DIR = "ltx";
    /** Level 9 holds full snapshots, read from the database rather than compacted. */
    public static final int SNAPSHOT_LEVEL = 9;
    public static final int MAX_LEVEL = 9;
    private static final Pattern NAME = Pattern.compile("^([0-9a-f]{16})-([0-9a-f]{16})\\.ltx$");
    private static final Pattern TXID = Pattern.compile("^[0-9a-fA-F]{16}$");

    /** The TXID range a file name gives. */
    public record Range(long min, long max) {
    }

    private LtxNames() {
    }

    /** The folder of one level, relative to the replica root, ending in '/'. */
    public static String levelDir(int level) {
        return DIR + "/" + level + "/";
    }

    public static String fileName(long min, long max) {
        return txid(min) + "-" + txid(max) + ".ltx";
    }

    /** A TXID as Litestream prints it: 16 lowercase hexadecimal digits. */
    public static String txid(long txid) {
        return String.format(Locale.ROOT, "%016x", txid);
    }

    /**
     * The range a base name gives, when it is one Litestream lists (its regex skips {@code .ltx.tmp} files and
     * anything else). A range whose min is 0 or above its max is no LTX file either.
     */
    public static Optional<Range> parse(String baseName) {
        Matcher m = NAME.matcher(baseName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long min = Long.parseUnsignedLong(m.group(1), 16);
        long max = Long.parseUnsignedLong(m.group(2), 16);
        if (min == 0 || Long.compareUnsigned(min, max) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Range(min, max));
    }

    /** The level a folder name gives: one decimal digit. */
    public static Optional<Integer> level(String name) {
        return name.length() == 1 && Character.isDigit(name.charAt(0))
                ? Optional.of(name.charAt(0) - '0') : Optional.empty();
    }

    /**
     * Parses {@code -txid} as Litestream 0.5 does: exactly 16 hexadecimal digits, either case.
     *
     * @throws IllegalArgumentException with what to type instead
     */
    public static long parseTxid(String s) {
        if (!TXID.matcher(s).matches()) {
            throw new IllegalArgumentException("invalid txid format \"" + s + "\": a TXID is 16 hexadecimal "
                    + "digits, such as 000000000000002a (`litescope ltx URL` lists them)");
        }
        return Long.parseUnsignedLong(s, 16);
    }
}
