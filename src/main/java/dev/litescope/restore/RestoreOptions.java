package dev.litescope.restore;

import java.util.Objects;

/**
 * @param parallelism    how many WAL segments are downloaded and decoded ahead of the one being applied, from
 *                       {@link #MIN_PARALLELISM} to {@link #MAX_PARALLELISM}
 * @param force          replace an existing output file (and its stale -wal, -journal and -shm companions)
 * @param integrityCheck run SQLite's check on the result before it is moved into place; by default the quick
 *                       one, so that a restore that succeeds has been verified by SQLite
 */
public record RestoreOptions(int parallelism, boolean force, IntegrityCheck integrityCheck) {
    public static final int MIN_PARALLELISM = 1;
    /**
     * More downloads at once than this do not go faster (the apply step is serial) and only hold more threads;
     * memory is bounded by the bytes in flight, not by this number.
     */
    public static final int MAX_PARALLELISM = 64;

    public RestoreOptions {
        if (parallelism < MIN_PARALLELISM || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(parallelismError(parallelism));
        }
        Objects.requireNonNull(integrityCheck, "integrityCheck");
    }

    /** The message for a parallelism out of range, the same from the command line and the engine. */
    public static String parallelismError(int parallelism) {
        return "parallelism " + parallelism + " is out of range: give a number of parallel downloads from "
                + MIN_PARALLELISM + " to " + MAX_PARALLELISM + " (the default is 8)";
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(8, false, IntegrityCheck.QUICK);
    }

    public RestoreOptions withForce(boolean f) {
        return new RestoreOptions(parallelism, f, integrityCheck);
    }

    public RestoreOptions withParallelism(int p) {
        return new RestoreOptions(p, force, integrityCheck);
    }

    public RestoreOptions withIntegrityCheck(IntegrityCheck c) {
        return new RestoreOptions(parallelism, force, c);
    }

    public enum IntegrityCheck {
        NONE, QUICK, FULL
    }
}
