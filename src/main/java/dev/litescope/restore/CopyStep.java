package dev.litescope.restore;

import java.util.Optional;

/**
 * One move of a working copy through time (0.3's {@code MovingCopy}, 0.5's {@code LtxMovingCopy}): the plan a
 * fresh restore of the target would perform, how the copy got there, and why it re-based when it did.
 *
 * @param objectsApplied  WAL segments or LTX files applied by this step (a full restore's included)
 * @param checkpointBytes the disk the copy's checkpoints take after the step
 * @param message         why the step re-based, in words for the user; empty when it did not
 */
public record CopyStep<P extends Plan>(P plan, How how, int objectsApplied, long checkpointBytes,
                                       Optional<String> message) {
    /** How a step reached its target. */
    public enum How { UNCHANGED, FORWARD, FROM_CHECKPOINT, FULL_RESTORE }

    public boolean rebased() {
        return how == How.FULL_RESTORE;
    }
}
