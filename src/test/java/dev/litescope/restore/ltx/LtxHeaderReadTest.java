package dev.litescope.restore.ltx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder.Built;
import dev.litescope.testsupport.ltx.SqliteStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LTX file's own header read on its own, for showing its timestamp beside the object time: the first 100 bytes
 * only (one ranged GET on Cloud Storage, the cached copy when the cache holds the file), and a clear refusal
 * naming the object when those bytes are no header of that file.
 */
class LtxHeaderReadTest {
    static final Instant BASE = Instant.parse("2026-11-30T07:00:00Z");
    @TempDir
    static Path tmp;
    static List<Built> files;

    @BeforeAll
    static void build() throws Exception {
        files = new LtxReplicaBuilder(SqliteStates.capture(tmp, 4096, 6, 2), 4096, BASE).compact(1, 4).build();
    }

    @Test
    void overCloudStorageOneRangedReadOfTheHeaderGivesItsTimeAndTheCacheAnswersWhatItHolds() throws Exception {
        try (LoopbackGcs gcs = LoopbackGcs.start()) {
            LtxReplicaBuilder.upload(gcs, "heads", "db", files, 1500);
            // As Litestream 0.5.0 left it: no litestream-timestamp, so the object time is the upload's.
            Built first = files.get(0);
            gcs.put("heads", "db/" + first.relativeName(), first.data(), first.time().plusMillis(700));
            Replica replica = Replicas.open(ReplicaUrl.parse("gs://heads/db"), ReplicaOptions.fromEnvironment(
                    Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(), "XDG_CACHE_HOME", tmp.resolve("cache").toString()),
                    true));
            List<LtxFile> listed = new LtxCatalog(replica).files();
            assertThat(listed).hasSize(files.size());
            gcs.resetCounters();
            for (LtxFile f : listed) {
                LtxHeader h = LtxHeader.read(replica.store(), f);
                Built b = built(f);
                assertThat(h.time()).isEqualTo(b.time());
                assertThat(h.timeDiffersFrom(f)).as(f.label()).isEqualTo(b == first);
            }
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(listed.size());
            assertThat(gcs.requests()).filteredOn(r -> r.kind() == LoopbackGcs.Kind.MEDIA)
                    .allSatisfy(r -> assertThat(r.header("Range")).isEqualTo("bytes=0-99"));
            assertThat(replica.store().counters().snapshot().reads()).isEqualTo(listed.size());

            // A file the cache holds (a restore read it whole) is answered from the cache, and not cached by halves.
            LtxFile l1 = listed.stream().filter(f -> f.level() == 1).findFirst().orElseThrow();
            replica.store().readAll(l1.object());
            long media = gcs.count(LoopbackGcs.Kind.MEDIA);
            assertThat(LtxHeader.read(replica.store(), l1).maxTxid()).isEqualTo(4);
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(media);
        }
    }

    @Test
    void inAFolderTheHeaderTimeDiffersWhereTheMtimeWasChanged() throws Exception {
        Path root = tmp.resolve("folder");
        LtxReplicaBuilder.writeTo(root, files);
        Built copied = files.get(2);
        Files.setLastModifiedTime(root.resolve(copied.relativeName()),
                FileTime.from(copied.time().plusSeconds(3600)));
        Replica replica = Replicas.open(ReplicaUrl.parse(root.toString()));
        for (LtxFile f : new LtxCatalog(replica).files()) {
            LtxHeader h = LtxHeader.read(replica.store(), f);
            assertThat(h.time()).isEqualTo(built(f).time());
            assertThat(h.timeDiffersFrom(f)).as(f.label()).isEqualTo(built(f) == copied);
        }
    }

    @Test
    void aShortFileGarbageAndARenamedFileAreRefusedNamingTheObject() throws Exception {
        Path root = tmp.resolve("bad");
        LtxReplicaBuilder.writeTo(root, files);
        Built a = files.get(0);
        Built b = files.get(1);
        Files.write(root.resolve(a.relativeName()), Arrays.copyOf(a.data(), 60));
        byte[] garbage = b.data().clone();
        garbage[0] = 'X';
        Files.write(root.resolve(b.relativeName()), garbage);
        // The file of TXID 3 copied over the name of TXID 4.
        Built c = files.get(2);
        Built d = files.get(3);
        Files.write(root.resolve(d.relativeName()), c.data());
        Replica replica = Replicas.open(ReplicaUrl.parse(root.toString()));
        ObjectStore store = replica.store();
        List<LtxFile> listed = new LtxCatalog(replica).files();

        assertThatThrownBy(() -> LtxHeader.read(store, file(listed, a)))
                .isInstanceOf(LtxFormatException.class)
                .hasMessage("LTX file " + root.resolve(a.relativeName()) + " is 60 bytes long, shorter than the "
                        + "100-byte header");
        assertThatThrownBy(() -> LtxHeader.read(store, file(listed, b)))
                .isInstanceOf(LtxFormatException.class)
                .hasMessageContaining(root.resolve(b.relativeName()).toString())
                .hasMessageContaining("not an LTX file");
        assertThatThrownBy(() -> LtxHeader.read(store, file(listed, d)))
                .isInstanceOf(LtxFormatException.class)
                .hasMessageContaining(root.resolve(d.relativeName()).toString())
                .hasMessageContaining("holds TXIDs 0000000000000003-0000000000000003 although its name says "
                        + "0000000000000004-0000000000000004");
    }

    private static Built built(LtxFile f) {
        return files.stream().filter(b -> b.relativeName().equals(f.relativeName())).findFirst().orElseThrow();
    }

    private static LtxFile file(List<LtxFile> listed, Built b) {
        return listed.stream().filter(f -> f.relativeName().equals(b.relativeName())).findFirst().orElseThrow();
    }
}
