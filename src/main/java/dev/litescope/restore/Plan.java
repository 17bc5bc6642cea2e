package dev.litescope.restore;

import dev.litescope.replica.ObjectInfo;
import java.util.List;

/**
 * What a restore fetches and applies, in words every replica format shares: the target it was made for, the
 * objects and stored bytes to download, notes for the user and a one-line summary. Each format's planner makes
 * its own kind (Litestream 0.3's is {@link dev.litescope.restore.v3.RestorePlan}); a {@link RestoreResult}
 * carries the one it performed.
 */
public interface Plan {
    RestoreTarget target();

    /** The objects it reads, in the order it applies them. */
    List<ObjectInfo> objects();

    /** Objects to download: one read each. */
    default int objectCount() {
        return objects().size();
    }

    /** Stored (compressed) bytes to download. */
    default long storedBytes() {
        return objects().stream().mapToLong(ObjectInfo::size).sum();
    }

    /** Where this plan departs from what {@code litestream restore} would do, in words for the user. */
    List<String> notes();

    /** What is restored, in one line for messages, e.g. "generation G, snapshot 00000003, 2 WAL segment(s)". */
    String summary();
}
