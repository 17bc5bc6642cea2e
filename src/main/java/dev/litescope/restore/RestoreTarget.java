package dev.litescope.restore;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which state to restore, in Litestream 0.3's terms. All absent means the latest state of the newest
 * generation. {@code index} and {@code timestamp} exclude each other, as in Litestream.
 *
 * @param generation restore from this generation only
 * @param index      restore up to and including every WAL segment of this WAL index
 * @param timestamp  restore the state as of this moment, including objects created at exactly this time
 */
public record RestoreTarget(Optional<String> generation, OptionalInt index, Optional<Instant> timestamp) {
    public RestoreTarget {
        if (index.isPresent() && timestamp.isPresent()) {
            throw new IllegalArgumentException("cannot specify index & timestamp to restore");
        }
        if (index.isPresent() && index.getAsInt() < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }

    public static RestoreTarget latest() {
        return new RestoreTarget(Optional.empty(), OptionalInt.empty(), Optional.empty());
    }

    public RestoreTarget withGeneration(String g) {
        return new RestoreTarget(Optional.of(g), index, timestamp);
    }

    public RestoreTarget withIndex(int i) {
        return new RestoreTarget(generation, OptionalInt.of(i), timestamp);
    }

    public RestoreTarget withTimestamp(Instant t) {
        return new RestoreTarget(generation, index, Optional.of(t));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        generation.ifPresent(g -> sb.append("generation ").append(g).append(' '));
        index.ifPresent(i -> sb.append("index ").append(String.format("%08x", i)).append(' '));
        timestamp.ifPresent(t -> sb.append("timestamp ").append(t).append(' '));
        return sb.length() == 0 ? "latest" : sb.toString().trim();
    }
}
