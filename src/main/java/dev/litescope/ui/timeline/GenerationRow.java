package dev.litescope.ui.timeline;

import dev.litescope.replica.v3.Generation;
import java.time.Instant;
import java.util.Optional;

/**
 * One generation as the window lists it: the engine's record plus the figures the list and the timeline show.
 *
 * @param bounds the first and last object time; empty for a generation that holds no objects
 */
public record GenerationRow(Generation generation, Optional<Generation.TimeBounds> bounds) {

    public static GenerationRow of(Generation g) {
        return new GenerationRow(g, g.bounds());
    }

    public String name() {
        return generation.name();
    }

    public Optional<Instant> start() {
        return bounds.map(Generation.TimeBounds::start);
    }

    public Optional<Instant> end() {
        return bounds.map(Generation.TimeBounds::end);
    }

    public int snapshotCount() {
        return generation.snapshots().size();
    }

    public int segmentCount() {
        return generation.walSegments().size();
    }

    public long storedBytes() {
        return generation.storedBytes();
    }

    public boolean spans(Instant t) {
        return bounds.map(b -> b.contains(t)).orElse(false);
    }
}
