package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.v3.Planner;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.testsupport.Catalogs;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.LitestreamBinary;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.RestoreComparison;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.GoTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores from Cloud Storage: the real Litestream replicates into the loopback GCS server, and Litescope must
 * give the bytes `litestream restore` gives from the same bucket, use its cache, survive transient faults and
 * explain the permanent ones.
 */
class GcsRestoreTest {
    static LoopbackGcs gcs;
    static ReplicaFixture fixture;

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    Map<String, String> env;

    @BeforeAll
    static void replicate() {
        gcs = LoopbackGcs.start();
        fixture = ReplicaFixture.buildOnGcs(shared.resolve("fixture"), 4096, Workload.standard(4096), gcs,
                "replicas", "apps/guestbook/db");
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @BeforeEach
    void environment() {
        gcs.clearFaults();
        env = new HashMap<>(fixture.litestreamEnv());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    @Test
    void aGridOfTargetsGivesLitestreamsBytes() throws Exception {
        List<RestoreComparison.Outcome> outcomes = RestoreDifferentialTest.compareAll(fixture, 25, tmp);
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(60);
        RestoreDifferentialTest.assertMostlyRestorable(outcomes);
    }

    @Test
    void aSecondRestoreDownloadsOnlyWhatTheCacheLacks() throws Exception {
        // Find a later target (-index) and an earlier one (-timestamp) that share a snapshot and some segments.
        Catalog catalog = Catalogs.of(fixture);
        Planner planner = new Planner(catalog);
        RestorePlan late = null;
        RestorePlan early = null;
        String earlier = null;
        search:
        for (String g : catalog.generationNames()) {
            for (WalSegment w : catalog.generation(g).walSegments()) {
                RestorePlan candidate = planner.plan(RestoreTarget.index(g, w.index()));
                if (candidate.segments().size() >= 3) {
                    String t = GoTime.rfc3339Nano(
                            candidate.segments().get(candidate.segments().size() - 2).created());
                    RestorePlan e = planner.plan(RestoreTarget.timestamp(g, GoTime.parseRfc3339(t)));
                    if (keys(e).contains(candidate.snapshot().object().key())) {
                        late = candidate;
                        early = e;
                        earlier = t;
                        break search;
                    }
                }
            }
        }
        assertThat(late).as("a WAL index with three segments over one snapshot").isNotNull();
        String generation = late.generation();
        Set<String> cached = keys(early);
        long shared = keys(late).stream().filter(cached::contains).count();
        long expectedDownloads = keys(late).size() - shared;
        assertThat(shared).as("objects both restores need").isGreaterThanOrEqualTo(2);
        assertThat(expectedDownloads).as("objects only the later point needs").isPositive();

        ProcResult first = restore("-generation", generation, "-timestamp", earlier);
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        gcs.resetCounters();
        ProcResult second = restore("-stats", "-generation", generation, "-index",
                String.format("%08x", late.lastIndex()));
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).as("downloads on the second restore")
                .isEqualTo(expectedDownloads);
        assertThat(second.stderr()).contains(shared + " reads from the local cache")
                .contains(expectedDownloads + " reads (class B)");

        ProcResult uncached = restore("-no-cache", "-generation", generation, "-index",
                String.format("%08x", late.lastIndex()));
        assertThat(uncached.exitCode()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out-3.db")))
                .isEqualTo(RestoreComparison.sha256(tmp.resolve("out-2.db")));
    }

    @Test
    void transientFaultsAreSurvivedWithIdenticalOutput() throws Exception {
        Path expected = tmp.resolve("litestream.db");
        LitestreamBinary.restore(fixture.litestreamEnv(), expected, fixture.replicaUrl()).requireSuccess();
        gcs.failNext(3, 503, LoopbackGcs.Kind.MEDIA);
        gcs.failNext(1, 429, LoopbackGcs.Kind.LIST);
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 2);
        gcs.corruptNextMedia(2);
        ProcResult r = restore("-no-cache");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out-1.db"))).isEqualTo(RestoreComparison.sha256(expected));
    }

    /**
     * The snapshot streams from the bucket and its CRC32C is checked only at its end: bytes damaged on the way are
     * found there, and the snapshot is read again from its start; damaged every time, the restore says so.
     */
    @Test
    void aSnapshotDamagedOnTheWayIsReadAgain() throws Exception {
        Path expected = tmp.resolve("litestream.db");
        LitestreamBinary.restore(fixture.litestreamEnv(), expected, fixture.replicaUrl()).requireSuccess();
        gcs.resetCounters();
        gcs.corruptNextMedia(2, q -> q.object() != null && q.object().endsWith(".snapshot.lz4"));
        ProcResult r = restore("-no-cache");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(RestoreComparison.sha256(tmp.resolve("out-" + restores + ".db")))
                .isEqualTo(RestoreComparison.sha256(expected));
        assertThat(gcs.requests()).filteredOn(q -> q.kind() == LoopbackGcs.Kind.MEDIA && q.object() != null
                && q.object().endsWith(".snapshot.lz4")).hasSize(3);

        gcs.corruptNextMedia(100, q -> q.object() != null && q.object().endsWith(".snapshot.lz4"));
        ProcResult refused = restore("-no-cache");
        gcs.clearFaults();
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains(".snapshot.lz4").contains("arrived damaged 3 times");
        assertThat(RestoreComparison.leftovers(tmp, "cache"))
                .noneMatch(p -> p.getFileName().toString().contains("out-" + restores));
    }

    @Test
    void persistentFaultsEndInTheMessageAndNoFile() throws Exception {
        gcs.failNext(10_000, 503, LoopbackGcs.Kind.MEDIA);
        ProcResult r = restore("-no-cache");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("gs://replicas/apps/guestbook/db/generations/").contains("HTTP 503")
                .contains("failed after");
        gcs.clearFaults();
        gcs.failNext(10_000, 403, LoopbackGcs.Kind.LIST);
        ProcResult denied = restore("-no-cache");
        assertThat(denied.stderr()).contains("permission denied").contains("storage.objects.list");
        assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
    }

    @Test
    void anObjectCorruptAtRestIsCaughtAndNamed() throws Exception {
        Catalog catalog = Catalogs.of(fixture);
        RestorePlan plan = new Planner(catalog).plan(RestoreTarget.latest());
        ObjectInfo victim = plan.segments().get(plan.segments().size() - 1).object();
        byte[] data = gcs.get("replicas", victim.key());
        data[data.length / 2] ^= 0x40;
        byte[] original = gcs.get("replicas", victim.key());
        gcs.overwriteKeepingTime("replicas", victim.key(), data);
        try {
            ProcResult r = restore("-no-cache");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("gs://replicas/" + victim.key()).contains("corrupt");
            assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
        } finally {
            gcs.overwriteKeepingTime("replicas", victim.key(), original);
        }
    }

    /**
     * A refusal on a replica below a bucket prefix names the whole object key: the restorer once named a WAL
     * segment without the replica's root, as gs://bucket/generations/….
     */
    @Test
    void aGapInAPrefixedReplicaIsRefusedNamingTheFullObjectKey() throws Exception {
        String root = "gap/team/app.db";
        WalSegment[] victim = segmentWithSuccessor();
        copyReplica(root);
        gcs.delete("refusals", root + "/" + victim[0].object().key().substring(FIXTURE_ROOT.length()));
        ProcResult r = restorePrefixed(root, victim[0]);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("is out of sequence")
                .contains("gs://refusals/" + root + "/generations/" + victim[1].object().key()
                        .substring(FIXTURE_ROOT.length() + "generations/".length()))
                .doesNotContain("gs://refusals/generations/");
        assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
    }

    @Test
    void aChecksumBreakInAPrefixedReplicaIsRefusedNamingTheFullObjectKey() throws Exception {
        String root = "checksum/team/app.db";
        WalSegment[] victim = segmentWithSuccessor();
        copyReplica(root);
        String key = root + "/" + victim[0].object().key().substring(FIXTURE_ROOT.length());
        byte[] wal = Lz4Frame.decode(gcs.get("refusals", key));
        wal[(victim[0].offset() == 0 ? 32 : 0) + 24 + 7] ^= 0x01;
        gcs.overwriteKeepingTime("refusals", key, RestoreRefusalTest.compress(wal));
        ProcResult r = restorePrefixed(root, victim[0]);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).contains("fails its checksum").contains("gs://refusals/" + key)
                .doesNotContain("gs://refusals/generations/");
        assertThat(RestoreComparison.leftovers(tmp, "cache")).isEmpty();
    }

    private static final String FIXTURE_ROOT = "apps/guestbook/db/";

    /** A segment at offset > 0 followed by another of its index, in a generation's snapshot-covered indexes. */
    private static WalSegment[] segmentWithSuccessor() throws Exception {
        Catalog catalog = Catalogs.of(fixture);
        for (var g : catalog.allGenerations()) {
            List<WalSegment> segs = g.walSegments();
            int firstSnapshot = g.snapshots().get(0).index();
            for (int i = 0; i + 1 < segs.size(); i++) {
                WalSegment w = segs.get(i);
                if (w.index() >= firstSnapshot && w.offset() > 0 && segs.get(i + 1).index() == w.index()) {
                    return new WalSegment[] {w, segs.get(i + 1)};
                }
            }
        }
        throw new AssertionError("fixture has no WAL index with three segments at or above a snapshot");
    }

    /** Copies the fixture's objects to gs://refusals/ROOT, keeping their times. */
    private static void copyReplica(String root) {
        gcs.createBucket("refusals");
        for (var m : gcs.list("replicas", FIXTURE_ROOT)) {
            gcs.put("refusals", root + "/" + m.name().substring(FIXTURE_ROOT.length()), gcs.get("replicas", m.name()),
                    m.timeCreated());
        }
    }

    private ProcResult restorePrefixed(String root, WalSegment through) {
        String generation = through.object().key().substring(FIXTURE_ROOT.length() + "generations/".length(),
                FIXTURE_ROOT.length() + "generations/".length() + 16);
        return Litescope.run(env, "restore", "-no-cache", "-o", tmp.resolve("prefixed.db").toString(), "-generation",
                generation, "-index", String.format("%08x", through.index()), "gs://refusals/" + root);
    }

    @Test
    void listingsOverGcsMatchLitestream() {
        for (String cmd : new String[] {"snapshots", "wal"}) {
            ProcResult ls = LitestreamBinary.run(fixture.litestreamEnv(), Duration.ofSeconds(30), cmd,
                    fixture.replicaUrl()).requireSuccess();
            ProcResult ours = Litescope.run(env, cmd, fixture.replicaUrl());
            assertThat(ours.exitCode()).as(ours.stderr()).isZero();
            assertThat(ours.stdout()).isEqualTo(ls.stdout().replace("gcs  ", "gcs  "));
        }
        ProcResult gs = Litescope.run(env, "snapshots", fixture.replicaUrl().replace("gcs://", "gs://"));
        assertThat(gs.stdout()).isEqualTo(Litescope.run(env, "snapshots", fixture.replicaUrl()).stdout());
    }

    private int restores;

    private ProcResult restore(String... flags) {
        Path out = tmp.resolve("out-" + (++restores) + ".db");
        String[] args = new String[flags.length + 4];
        args[0] = "restore";
        args[1] = "-o";
        args[2] = out.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        args[args.length - 1] = fixture.replicaUrl();
        return Litescope.run(env, args);
    }

    private static Set<String> keys(RestorePlan plan) {
        Set<String> s = new HashSet<>();
        s.add(plan.snapshot().object().key());
        plan.segments().forEach(w -> s.add(w.object().key()));
        return s;
    }
}
