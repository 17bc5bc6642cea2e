package dev.litescope.restore;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.util.Cancellation;
import dev.litescope.util.Cancellation.CancelledException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A working copy of a replica's database that moves through time, whatever the replica's format: Litestream 0.3's
 * {@code restore.v3.MovingCopy} (WAL indexes of a generation) and 0.5's {@code restore.ltx.LtxMovingCopy} (TXIDs).
 * Each state it reaches is byte-identical to a fresh restore of the same target; {@code restore.any.AnyRestore}
 * makes the one a replica's history needs.
 *
 * @param <P> the plan a fresh restore of a target would perform, in the copy's format
 */
public interface MovableCopy<P extends Plan> extends Closeable {
    /** The working copy's file. */
    Path file();

    /** The disk the checkpoints take now. */
    long checkpointBytes();

    /**
     * Moves the copy to the state a fresh restore gives for {@code target}: forward through the objects between,
     * back from a checkpoint, or with a full restore, which the step says and why.
     */
    CopyStep<P> moveTo(RestoreTarget target, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, CancelledException;

    /** Removes the checkpoints; the copy stays. */
    @Override
    void close() throws IOException;
}
