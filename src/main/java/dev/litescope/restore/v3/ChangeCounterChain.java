package dev.litescope.restore.v3;

import dev.litescope.restore.RestoreException;

/**
 * Ties a snapshot to the WAL applied on top of it through the change counter in the database header (page 1,
 * bytes 24..27). SQLite writes it whenever page 1 goes to the WAL, as one more than the counter the writing
 * connection last read, so along one database's history the counters of page 1's versions never go down and
 * never go up by more than one. (A connection that keeps page 1 cached writes the same counter again.)
 *
 * <p>A snapshot of WAL index S is the database file while S was current: the state at the end of index S-1 plus
 * some of S's frames that a checkpoint had copied in. So its counter C is that of a page-1 version at most one
 * below the first page-1 frame of S, and no higher than the last page-1 frame of S. A snapshot of another
 * generation or another database breaks one bound or the other; a WAL index copied in from elsewhere breaks the
 * chain. Only when the restore stops inside index S (a timestamp) is the upper bound left out: the snapshot may
 * then hold frames of S that were uploaded after the target, and Litestream restores it all the same.
 */
final class ChangeCounterChain {
    private final String snapshot;
    private final int snapshotIndex;
    private final long snapshotCounter;
    private final boolean snapshotIndexWhole;
    private long last = -1;
    private long lastInSnapshotIndex = -1;
    private boolean pastSnapshotIndex;

    /**
     * @param snapshot           the snapshot's name, for messages
     * @param snapshotIndexWhole whether the restore applies every segment of the snapshot's index
     */
    ChangeCounterChain(String snapshot, int snapshotIndex, long snapshotCounter, boolean snapshotIndexWhole) {
        this.snapshot = snapshot;
        this.snapshotIndex = snapshotIndex;
        this.snapshotCounter = snapshotCounter;
        this.snapshotIndexWhole = snapshotIndexWhole;
    }

    /** A committed frame of page 1 in WAL index {@code index}, in apply order. */
    void pageOne(int index, String where, long walOffset, String segment, long counter) throws RestoreException {
        if (index != snapshotIndex) {
            endSnapshotIndex();
        }
        if (last < 0) {
            if (counter > snapshotCounter + 1) {
                throw new RestoreException(String.format("snapshot %s does not belong to the WAL applied on top of "
                        + "it: its database header has change counter %d, but page 1 in %s (segment %s, WAL offset "
                        + "%d) already has %d, so the WAL continues a state the snapshot never had. The snapshot is "
                        + "another generation's or another database's; litestream restore would mix the two. Restore "
                        + "a point that uses another snapshot.", snapshot, snapshotCounter, where, segment, walOffset,
                        counter));
            }
        } else if (counter < last || counter > last + 1) {
            throw new RestoreException(String.format("%s does not continue the database it is applied to: page 1 in "
                    + "segment %s (WAL offset %d) has change counter %d after %d (SQLite only ever adds one). The WAL "
                    + "belongs to another generation or another database; litestream restore would mix the two. "
                    + "Restore an earlier point, before this segment.", where, segment, walOffset, counter, last));
        }
        last = counter;
        if (index == snapshotIndex) {
            lastInSnapshotIndex = counter;
        }
    }

    /** Every segment of {@code index} in the restore has been applied. */
    void endIndex(int index) throws RestoreException {
        if (index == snapshotIndex) {
            endSnapshotIndex();
        }
    }

    /** The snapshot's index has been applied, or a later index starts. */
    private void endSnapshotIndex() throws RestoreException {
        if (pastSnapshotIndex) {
            return;
        }
        pastSnapshotIndex = true;
        if (!snapshotIndexWhole) {
            return;
        }
        long reached = Math.max(lastInSnapshotIndex, last);
        if (reached >= 0 && snapshotCounter > reached) {
            throw new RestoreException(String.format("snapshot %s does not belong to the WAL applied on top of it: "
                    + "its database header has change counter %d, but page 1 reaches only %d in its WAL index %08x, "
                    + "so the snapshot holds a later state than its own index ever wrote. The snapshot is another "
                    + "generation's or another database's; litestream restore would mix the two. Restore a point "
                    + "that uses another snapshot.", snapshot, snapshotCounter, reached, snapshotIndex));
        }
        last = Math.max(last, snapshotCounter);
    }
}
