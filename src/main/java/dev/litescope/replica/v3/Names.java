package dev.litescope.replica.v3;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Litestream 0.3's object names. Listings skip every name that does not match these patterns exactly
 * (temporary files included), so parsing is strict and anything else is ignored rather than an error.
 */
public final class Names {
    private static final Pattern GENERATION = Pattern.compile("^[0-9a-f]{16}$");
    private static final Pattern SNAPSHOT = Pattern.compile("^([0-9a-f]{8})\\.snapshot\\.lz4$");
    private static final Pattern WAL_SEGMENT = Pattern.compile("^([0-9a-f]{8})_([0-9a-f]{8})\\.wal\\.lz4$");

    /** Litestream starts a new generation before an index would pass this value. */
    public static final int MAX_INDEX = 0x7FFFFFFF;

    private Names() {
    }

    public static boolean isGeneration(String name) {
        return GENERATION.matcher(name).matches();
    }

    /** The WAL index a snapshot file name carries, if it is one. */
    public static Optional<Integer> snapshotIndex(String baseName) {
        Matcher m = SNAPSHOT.matcher(baseName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long index = Long.parseLong(m.group(1), 16);
        return index <= MAX_INDEX ? Optional.of((int) index) : Optional.empty();
    }

    /** The position a WAL segment file name carries, if it is one. */
    public static Optional<Position> walPosition(String baseName) {
        Matcher m = WAL_SEGMENT.matcher(baseName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long index = Long.parseLong(m.group(1), 16);
        return index <= MAX_INDEX
                ? Optional.of(new Position((int) index, Long.parseLong(m.group(2), 16)))
                : Optional.empty();
    }

    public static String generationsDir() {
        return "generations/";
    }

    public static String snapshotsDir(String generation) {
        return "generations/" + generation + "/snapshots/";
    }

    public static String walDir(String generation) {
        return "generations/" + generation + "/wal/";
    }

    public static String hex8(long v) {
        return String.format("%08x", v);
    }
}
