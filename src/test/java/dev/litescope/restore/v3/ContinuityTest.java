package dev.litescope.restore.v3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing analysis on copies of a real Litestream replica with an object deleted: each break is found where
 * it is, and the planner refuses a restore at the break's first moment with exactly the break's words.
 */
class ContinuityTest {
    static ReplicaFixture original;

    @TempDir
    Path tmp;

    Path replica;

    @BeforeAll
    static void fixture() {
        original = ReplicaFixture.shared(4096, Workload.standard(4096));
    }

    @BeforeEach
    void copy() {
        replica = ReplicaFixture.copyOf(original, tmp.resolve("replica")).replicaDir();
    }

    private Catalog catalog() throws Exception {
        return new Catalog(Replicas.open(ReplicaUrl.parse("file://" + replica)));
    }

    @Test
    void anIntactReplicaHasNoBreaks() throws Exception {
        for (Generation g : catalog().allGenerations()) {
            assertThat(Continuity.of(g)).as(g.name()).isEmpty();
        }
    }

    @Test
    void aMissingWalIndexIsABreakFromTheNextIndexUntilASnapshotAboveIt() throws Exception {
        Catalog before = catalog();
        Generation g = null;
        int victim = -1;
        for (Generation candidate : before.allGenerations()) {
            Set<Integer> snapshotIndexes =
                    candidate.snapshots().stream().map(Snapshot::index).collect(Collectors.toSet());
            TreeSet<Integer> indexes = candidate.walSegments().stream().map(WalSegment::index)
                    .collect(Collectors.toCollection(TreeSet::new));
            int first = candidate.snapshots().get(0).index();
            for (int idx : indexes) {
                if (idx >= first && indexes.contains(idx + 1) && indexes.higher(idx + 1) != null
                        && !snapshotIndexes.contains(idx + 1) && !snapshotIndexes.contains(idx + 2)) {
                    g = candidate;
                    victim = idx + 1;
                    break;
                }
            }
            if (g != null) {
                break;
            }
        }
        assertThat(g).as("fixture has three WAL indexes in a row above a snapshot").isNotNull();
        int missing = victim;
        String name = g.name();
        for (WalSegment w : g.walSegments()) {
            if (w.index() == missing) {
                Files.delete(replica.resolve(w.object().key()));
            }
        }
        WalSegment nextFirst = g.walSegments().stream().filter(w -> w.index() > missing).findFirst().orElseThrow();

        Catalog broken = catalog();
        Generation now = broken.generation(g.name());
        List<Continuity.Break> breaks = Continuity.of(now, broken.replica().store()::describe);
        assertThat(breaks).hasSize(1);
        Continuity.Break b = breaks.get(0);
        assertThat(b.kind()).isEqualTo(Continuity.Kind.MISSING_INDEX);
        assertThat(b.index()).isEqualTo(missing);
        assertThat(b.from()).isEqualTo(nextFirst.created());
        assertThat(b.summary()).contains(String.format("%08x", missing));
        assertThat(b.reason()).startsWith(String.format("missing WAL index: %s/%08x", g.name(), missing));

        Planner planner = new Planner(broken);
        assertThatThrownBy(() -> planner.plan(RestoreTarget.timestamp(name, b.from())))
                .isInstanceOf(RestoreException.class).hasMessage(b.reason());
        // Just before the break the generation restores.
        planner.plan(RestoreTarget.timestamp(g.name(), b.from().minusNanos(1)));
        assertThat(b.refuses(b.from().minusNanos(1))).isFalse();
        assertThat(b.refuses(b.from())).isTrue();
        // From the first snapshot above the hole it restores again; without one, never.
        Snapshot above = now.snapshots().stream().filter(s -> s.index() > missing)
                .min((x, y) -> x.created().compareTo(y.created())).orElse(null);
        if (above == null) {
            assertThat(b.until()).isEmpty();
        } else {
            assertThat(b.until()).contains(above.created());
            planner.plan(RestoreTarget.timestamp(g.name(), above.created()));
        }
    }

    @Test
    void aMissingInitialSegmentIsABreakFromTheIndexsFirstRemainingSegment() throws Exception {
        Catalog before = catalog();
        WalSegment victim = null;
        WalSegment second = null;
        Generation g = null;
        for (Generation candidate : before.allGenerations()) {
            List<WalSegment> segs = candidate.walSegments();
            for (int i = 0; i + 1 < segs.size() && victim == null; i++) {
                if (segs.get(i).offset() == 0 && segs.get(i + 1).index() == segs.get(i).index()) {
                    victim = segs.get(i);
                    second = segs.get(i + 1);
                    g = candidate;
                }
            }
        }
        assertThat(victim).as("fixture has an index with two segments").isNotNull();
        Files.delete(replica.resolve(victim.object().key()));
        String name = g.name();

        Catalog broken = catalog();
        Generation now = broken.generation(name);
        List<Continuity.Break> breaks = Continuity.of(now, broken.replica().store()::describe);
        assertThat(breaks).hasSize(1);
        Continuity.Break b = breaks.get(0);
        assertThat(b.kind()).isEqualTo(Continuity.Kind.MISSING_INITIAL_SEGMENT);
        assertThat(b.index()).isEqualTo(victim.index());
        assertThat(b.from()).isEqualTo(second.created());
        assertThat(b.until()).as("Litestream checks every index it walks, so nothing after it restores").isEmpty();
        assertThat(b.reason()).contains("missing initial wal segment")
                .contains(replica.resolve(second.object().key()).toString());
        assertThatThrownBy(() -> new Planner(broken).plan(RestoreTarget.timestamp(name, b.from())))
                .isInstanceOf(RestoreException.class).hasMessage(b.reason());
        assertThatThrownBy(() -> new Planner(broken).plan(RestoreTarget.generation(name)))
                .isInstanceOf(RestoreException.class).hasMessage(b.reason());
    }

    @Test
    void aGenerationWithoutSnapshotsIsOneBreakOverItsWholeSpan() throws Exception {
        Generation g = catalog().allGenerations().stream().filter(x -> !x.walSegments().isEmpty()).findFirst()
                .orElseThrow();
        for (Snapshot s : g.snapshots()) {
            Files.delete(replica.resolve(s.object().key()));
        }
        Catalog broken = catalog();
        Generation now = broken.generation(g.name());
        List<Continuity.Break> breaks = Continuity.of(now);
        assertThat(breaks).extracting(Continuity.Break::kind).first().isEqualTo(Continuity.Kind.NO_SNAPSHOT);
        Continuity.Break b = breaks.get(0);
        assertThat(b.from()).isEqualTo(now.bounds().orElseThrow().start());
        assertThat(b.until()).isEmpty();
        assertThatThrownBy(() -> new Planner(broken).plan(RestoreTarget.generation(g.name())))
                .isInstanceOf(RestoreException.class).hasMessage(b.reason());
    }
}
