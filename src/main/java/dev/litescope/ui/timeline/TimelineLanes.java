package dev.litescope.ui.timeline;

import dev.litescope.restore.v3.RestorePlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The timeline's data: a {@link Lane} per generation, in the order the generations are listed, with times in
 * nanoseconds from the first object's time (the origin the {@link TimelineViewport} gets as its content's start).
 * Built once when the generations change; pure Java, tested without a screen.
 */
final class TimelineLanes {
    static final TimelineLanes EMPTY = new TimelineLanes(new Lane[0], Optional.empty(), Optional.empty());

    private final Lane[] lanes;
    private final Optional<Instant> first;
    private final Optional<Instant> last;

    private TimelineLanes(Lane[] lanes, Optional<Instant> first, Optional<Instant> last) {
        this.lanes = lanes;
        this.first = first;
        this.last = last;
    }

    /** The lanes of {@code rows}; {@code describe} names an object key in a break's reason. */
    static TimelineLanes of(List<GenerationRow> rows, Function<String, String> describe) {
        Instant min = null;
        Instant max = null;
        for (GenerationRow r : rows) {
            if (r.bounds().isPresent()) {
                min = min == null || r.start().get().isBefore(min) ? r.start().get() : min;
                max = max == null || r.end().get().isAfter(max) ? r.end().get() : max;
            }
        }
        Instant origin = min == null ? Instant.EPOCH : min;
        Lane[] lanes = new Lane[rows.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(rows.get(i), origin, describe);
        }
        return new TimelineLanes(lanes, Optional.ofNullable(min), Optional.ofNullable(max));
    }

    int size() {
        return lanes.length;
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

    /** Marks, in the lane of its generation, what {@code plan} fetches; clears every other lane's marks. */
    void markPlanned(Optional<RestorePlan> plan) {
        for (Lane lane : lanes) {
            lane.markPlanned(plan);
        }
    }
}
