package dev.litescope.restore.v3;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore fetches and applies: one snapshot, then the WAL segments of indexes snapshot.index .. last,
 * in position order.
 *
 * @param notes where this plan departs from what {@code litestream restore} would do, in words for the user
 */
public record RestorePlan(RestoreTarget target, String generation, Snapshot snapshot, List<WalSegment> segments,
                          List<String> notes) implements Plan {
    public RestorePlan {
        segments = List.copyOf(segments);
        notes = List.copyOf(notes);
    }

    @Override
    public List<ObjectInfo> objects() {
        List<ObjectInfo> all = new ArrayList<>(objectCount());
        all.add(snapshot.object());
        segments.forEach(s -> all.add(s.object()));
        return all;
    }

    @Override
    public int objectCount() {
        return 1 + segments.size();
    }

    @Override
    public long storedBytes() {
        return snapshot.size() + segments.stream().mapToLong(WalSegment::size).sum();
    }

    /** The last WAL index applied, or the snapshot's index when no WAL is applied. */
    public int lastIndex() {
        return segments.isEmpty() ? snapshot.index() : segments.get(segments.size() - 1).index();
    }

    @Override
    public String summary() {
        String indexes = segments.isEmpty() ? ""
                : String.format(" (indexes %08x..%08x)", segments.get(0).index(), lastIndex());
        return String.format("generation %s, snapshot %08x, %d WAL segment(s)%s", generation, snapshot.index(),
                segments.size(), indexes);
    }
}
