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
        BREAK("break", "the newest generation has no snapshot or misses a WAL index (0.3), or some TXIDs lie in "
                + "no file (0.5): a restore refuses to go past it"),
        NEW_GENERATION("new-generation", "Litestream began a generation in the last day beside older ones: it lost "
                + "its position (a restart without its WAL, a restore) and started over"),
        NO_SNAPSHOT("no-snapshot", "no snapshot within the snapshot interval before the newest object: a restore "
                + "replays more WAL than it should, and retention may have nothing newer to keep"),
        WARNING("warning", "a Litestream 0.5 health warning: files piling up at level 0, or a compaction level "
                + "that stopped");

        private final String label;
        private final String meaning;

        Condition(String label, String meaning) {
            this.label = label;
            this.meaning = meaning;
        }

        public String label() {
            return label;
        }

        /** What the condition means for the replica, in a sentence. */
        public String meaning() {
            return meaning;
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

    /** What the conditions mean, one line each (as a tooltip shows them); what "ok" means when there are none. */
    public static String explain(Set<Condition> conditions) {
        if (conditions.isEmpty()) {
            return "ok: no break, new generation, late snapshot or Litestream warning in the listing";
        }
        return String.join("\n", conditions.stream().sorted().map(c -> c.label() + ": " + c.meaning()).toList());
    }

    /** "ok", or the conditions' labels joined by '+'. */
    public static String label(Set<Condition> conditions) {
        return conditions.isEmpty() ? "ok"
                : String.join("+", conditions.stream().map(Condition::label).toList());
    }
}
