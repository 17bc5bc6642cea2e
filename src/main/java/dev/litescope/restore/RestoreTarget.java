package dev.litescope.restore;

import dev.litescope.replica.v3.Names;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which state to restore. Each kind is its own record, so a target that Litestream refuses cannot be built:
 * the checks live here, once, and the command line and the app only parse what the user typed.
 *
 * <ul>
 *   <li>{@link Latest}: the latest state of the generation updated last;
 *   <li>{@link Generation}: the latest state of one generation;
 *   <li>{@link Index}: up to and including every WAL segment of one WAL index, optionally of one generation
 *       (without one, Litestream 0.3's command line first chooses the generation a latest restore would use);
 *   <li>{@link Timestamp}: the state as of a moment, optionally in one generation. Litestream 0.3 includes
 *       objects created at exactly that moment; 0.5 takes only those created strictly before it;
 *   <li>{@link Txid}: Litestream 0.5's replicas only: the state after one transaction ID.
 * </ul>
 *
 * <p>Each planner refuses the kinds its format does not have: 0.5 has no generations or WAL indexes, 0.3 no TXIDs.
 */
public sealed interface RestoreTarget {

    record Latest() implements RestoreTarget {
        @Override
        public String toString() {
            return "latest";
        }
    }

    record Generation(String generation) implements RestoreTarget {
        public Generation {
            checkGeneration(generation);
        }

        @Override
        public String toString() {
            return "generation " + generation;
        }
    }

    /**
     * @param generation absent: the generation a latest restore would choose, as {@code litestream restore -index}
     *                   without {@code -generation} does
     * @param index      not negative
     */
    record Index(Optional<String> generation, int index) implements RestoreTarget {
        public Index {
            generation.ifPresent(RestoreTarget::checkGeneration);
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative");
            }
        }

        @Override
        public String toString() {
            return generation.map(g -> "generation " + g + " ").orElse("") + "index " + Names.hex8(index);
        }
    }

    record Timestamp(Optional<String> generation, Instant at) implements RestoreTarget {
        public Timestamp {
            generation.ifPresent(RestoreTarget::checkGeneration);
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String toString() {
            return generation.map(g -> "generation " + g + " ").orElse("") + "timestamp " + at;
        }
    }

    /** @param txid Litestream 0.5's transaction ID, at least 1 */
    record Txid(long txid) implements RestoreTarget {
        public Txid {
            if (txid < 1) {
                throw new IllegalArgumentException("TXID " + txid + " is no state: TXIDs start at 1");
            }
        }

        @Override
        public String toString() {
            return String.format("txid %016x", txid);
        }
    }

    static RestoreTarget latest() {
        return new Latest();
    }

    static RestoreTarget generation(String generation) {
        return new Generation(generation);
    }

    static RestoreTarget index(String generation, int index) {
        return new Index(Optional.of(generation), index);
    }

    static RestoreTarget index(int index) {
        return new Index(Optional.empty(), index);
    }

    static RestoreTarget timestamp(Instant at) {
        return new Timestamp(Optional.empty(), at);
    }

    /** Litestream 0.5's {@code -txid}: TXID 0 ("0000000000000000") means no target, the latest state. */
    static RestoreTarget txid(long txid) {
        return txid == 0 ? new Latest() : new Txid(txid);
    }

    static RestoreTarget timestamp(String generation, Instant at) {
        return new Timestamp(Optional.of(generation), at);
    }

    /**
     * The target that Litestream's restore flags name, each absent when not given.
     *
     * @throws IllegalArgumentException with Litestream's words, when the flags do not name one target
     */
    static RestoreTarget of(Optional<String> generation, OptionalInt index, Optional<Instant> timestamp) {
        if (index.isPresent() && timestamp.isPresent()) {
            throw new IllegalArgumentException("cannot specify index & timestamp to restore");
        }
        if (index.isPresent()) {
            return new Index(generation, index.getAsInt());
        }
        if (timestamp.isPresent()) {
            return new Timestamp(generation, timestamp.get());
        }
        return generation.<RestoreTarget>map(Generation::new).orElseGet(Latest::new);
    }

    /** The generation the restore is confined to, if any. */
    default Optional<String> inGeneration() {
        if (this instanceof Generation g) {
            return Optional.of(g.generation());
        }
        if (this instanceof Index i) {
            return i.generation();
        }
        return this instanceof Timestamp t ? t.generation() : Optional.empty();
    }

    /** The last WAL index to apply, for an {@link Index} target. */
    default OptionalInt upToIndex() {
        return this instanceof Index i ? OptionalInt.of(i.index()) : OptionalInt.empty();
    }

    /** The moment to restore, for a {@link Timestamp} target. */
    default Optional<Instant> asOf() {
        return this instanceof Timestamp t ? Optional.of(t.at()) : Optional.empty();
    }

    private static void checkGeneration(String generation) {
        if (!Names.isGeneration(generation)) {
            throw new IllegalArgumentException("invalid generation \"" + generation
                    + "\": a generation name is 16 lowercase hexadecimal digits");
        }
    }
}
