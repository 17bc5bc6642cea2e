package dev.litescope.fleet;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.ltx.HealthWarning;
import dev.litescope.replica.ltx.LtxHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What is wrong with one replica of a fleet, from its listing alone (no object is read).
 *
 * <ul>
 *   <li>{@link Condition#BREAK}: the newest 0.3 generation has no snapshot or misses a WAL index between its
 *       first snapshot and its last segment; a 0.5 replica has TXIDs in no file.</li>
 *   <li>{@link Condition#NEW_GENERATION}: a 0.3 replica whose newest generation began in the last day while older
 *       ones exist: Litestream lost its position and started over. A replica's first generation is not counted.</li>
 *   <li>{@link Condition#NO_SNAPSHOT}: no snapshot (0.3) or level-9 file (0.5) within the snapshot interval,
 *       measured at the replica's newest object, as {@link HealthWarning} does: a stopped replica reads the
 *       same tomorrow.</li>
 *   <li>{@link Condition#WARNING}: any other Litestream 0.5 health warning (a level-0 backlog, a stalled level).</li>
 * </ul>
 */
public final class FleetHealth {
    public enum Condition {
        BREAK("break"), NEW_GENERATION("new-generation"), NO_SNAPSHOT("no-snapshot"), WARNING("warning");

        private final String label;

        Condition(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The condition a word names ("break", "breaks", "new-generation", "no-snapshot", "warning"...). */
        public static Optional<Condition> parse(String word) {
            String w = word.toLowerCase(Locale.ROOT);
            for (Condition c : values()) {
                if (w.equals(c.label) || w.equals(c.label + "s") || w.equals(c.name().toLowerCase(Locale.ROOT))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    static final Duration NEW_GENERATION_WINDOW = Duration.ofDays(1);

    private FleetHealth() {
    }

    /** The replica's conditions, in {@link Condition} order; empty when it is healthy. */
    public static Set<Condition> of(Discovery.Found r, Instant now, Duration snapshotInterval) {
        Set<Condition> out = EnumSet.noneOf(Condition.class);
        if (r.format() == Discovery.Format.LITESTREAM_0_5) {
            LtxHistory h = new LtxHistory(r.ltxFiles(), new HealthWarning.Settings(
                    HealthWarning.Settings.defaults().l0Retention(), HealthWarning.Settings.defaults()
                    .levelIntervals(), snapshotInterval, HealthWarning.Settings.defaults().slack()));
            for (HealthWarning w : h.warnings()) {
                out.add(switch (w.kind()) {
                    case TXID_GAP -> Condition.BREAK;
                    case NO_RECENT_SNAPSHOT -> Condition.NO_SNAPSHOT;
                    default -> Condition.WARNING;
                });
            }
            return out;
        }
        List<Discovery.Generation> gens = new ArrayList<>(r.v3());
        if (gens.isEmpty()) {
            return out;
        }
        Discovery.Generation newest = gens.get(gens.size() - 1);
        if (newest.broken()) {
            out.add(Condition.BREAK);
        }
        if (gens.size() > 1 && newest.first().isAfter(now.minus(NEW_GENERATION_WINDOW))) {
            out.add(Condition.NEW_GENERATION);
        }
        Instant at = r.newest().orElse(newest.newest());
        if (newest.newestSnapshot().map(s -> Duration.between(s, at).compareTo(snapshotInterval) > 0)
                .orElse(true)) {
            out.add(Condition.NO_SNAPSHOT);
        }
        return out;
    }

    /** "ok", or the conditions' labels joined by '+'. */
    public static String label(Set<Condition> conditions) {
        return conditions.isEmpty() ? "ok"
                : String.join("+", conditions.stream().map(Condition::label).toList());
    }
}
