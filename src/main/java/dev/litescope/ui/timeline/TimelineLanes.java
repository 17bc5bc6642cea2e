package dev.litescope.ui.timeline;

import dev.litescope.restore.Plan;
import dev.litescope.restore.v3.RestorePlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The timeline's data: a {@link Lane} per generation, in the order the generations are listed, then the lanes of
 * the Litestream 0.5 history ({@link LtxLanes}) when the replica holds one (after an upgrade it holds both), with
 * times in nanoseconds from the first object's time (the origin the {@link TimelineViewport} gets as its content's
 * start). Built once when the generations or the history change; pure Java, tested without a screen.
 */
final class TimelineLanes {
    static final TimelineLanes EMPTY = new TimelineLanes(new Lane[0], Optional.empty(), Optional.empty(),
            Optional.empty());

    private final Lane[] lanes;
    private final Optional<LtxLanes> ltx;
    private final Optional<Instant> first;
    private final Optional<Instant> last;

    private TimelineLanes(Lane[] lanes, Optional<LtxLanes> ltx, Optional<Instant> first, Optional<Instant> last) {
        this.lanes = lanes;
        this.ltx = ltx;
        this.first = first;
        this.last = last;
    }

    /** The lanes of {@code rows}; {@code describe} names an object key in a break's reason. */
    static TimelineLanes of(List<GenerationRow> rows, Function<String, String> describe) {
        return of(rows, Optional.empty(), describe);
    }

    /** The lanes of {@code rows}, then those of the 0.5 history {@code ltx}, on one time axis. */
    static TimelineLanes of(List<GenerationRow> rows, Optional<LtxRow> ltx, Function<String, String> describe) {
        Instant min = null;
        Instant max = null;
        for (GenerationRow r : rows) {
            if (r.bounds().isPresent()) {
                min = min == null || r.start().get().isBefore(min) ? r.start().get() : min;
                max = max == null || r.end().get().isAfter(max) ? r.end().get() : max;
            }
        }
        if (ltx.isPresent() && !ltx.get().history().isEmpty()) {
            Instant oldest = ltx.get().history().oldest().orElseThrow();
            // The last restore point is a nanosecond after the newest file: the axis reaches it.
            Instant newest = ltx.get().history().newest().orElseThrow().plusNanos(1);
            min = min == null || oldest.isBefore(min) ? oldest : min;
            max = max == null || newest.isAfter(max) ? newest : max;
        }
        Instant origin = min == null ? Instant.EPOCH : min;
        Lane[] lanes = new Lane[rows.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(rows.get(i), origin, describe);
        }
        Optional<LtxLanes> levels = ltx.filter(r -> !r.history().isEmpty()).map(r -> new LtxLanes(r, origin));
        return new TimelineLanes(lanes, levels, Optional.ofNullable(min), Optional.ofNullable(max));
    }

    /** The generations' lanes. */
    int size() {
        return lanes.length;
    }

    /** Every lane: the generations' and the 0.5 history's. */
    int total() {
        return lanes.length + ltx.map(LtxLanes::size).orElse(0);
    }

    /** The 0.5 history's lanes, which come after the generations' ({@link #size()} is the first). */
    Optional<LtxLanes> ltx() {
        return ltx;
    }

    /** The first lane of the 0.5 history's restorable states, or -1. */
    int restorableLane() {
        return ltx.map(l -> lanes.length + l.restorableLane()).orElse(-1);
    }

    Lane get(int i) {
        return lanes[i];
    }

    /** The first object time of any generation: the origin of every lane's times. */
    Optional<Instant> first() {
        return first;
    }

    /** The last object time of any generation. */
    Optional<Instant> last() {
        return last;
    }

    /** The lane of {@code row}, or -1. */
    int indexOf(Optional<GenerationRow> row) {
        for (int i = 0; i < lanes.length && row.isPresent(); i++) {
            if (lanes[i].row.equals(row.get())) {
                return i;
            }
        }
        return -1;
    }

    /** The lane {@code delta} lanes from {@code lane} (up is -1), or -1 past the first or last. */
    int neighbour(int lane, int delta) {
        int i = lane + delta;
        return lane >= 0 && i >= 0 && i < lanes.length ? i : -1;
    }

    /** Marks, in the lanes of its generation or its levels, what {@code plan} fetches; clears every other mark. */
    void markPlanned(Optional<? extends Plan> plan) {
        Optional<RestorePlan> v3 = plan.filter(RestorePlan.class::isInstance).map(RestorePlan.class::cast);
        for (Lane lane : lanes) {
            lane.markPlanned(v3);
        }
        ltx.ifPresent(l -> l.markPlanned(plan));
    }
}
