package dev.litescope.restore;

/**
 * How far a restore has come. Bytes are stored (compressed) bytes, the unit the download is planned in.
 */
public record Progress(String phase, long bytesDone, long bytesPlanned, int objectsDone, int objectsPlanned) {
    public double fraction() {
        return bytesPlanned == 0 ? 1.0 : Math.min(1.0, (double) bytesDone / bytesPlanned);
    }

    /** Receives progress from the restoring threads; implementations must be thread-safe and quick. */
    @FunctionalInterface
    public interface Listener {
        void onProgress(Progress p);

        Listener NONE = p -> { };
    }
}
