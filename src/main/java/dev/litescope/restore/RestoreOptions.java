package dev.litescope.restore;

/**
 * @param parallelism    how many WAL segments are downloaded and decoded ahead of the one being applied
 * @param force          replace an existing output file (and its stale -wal, -journal and -shm companions)
 * @param integrityCheck run SQLite's check on the result before it is moved into place
 */
public record RestoreOptions(int parallelism, boolean force, IntegrityCheck integrityCheck) {
    public RestoreOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(8, false, IntegrityCheck.NONE);
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
