package dev.litescope.replica.ltx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Layouts;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing a Litestream 0.5 replica: names, levels, object times from a folder and from GCS, and the layout. */
class LtxCatalogTest {
    static final Instant BASE = Instant.parse("2026-11-30T08:00:00Z");
    static LoopbackGcs gcs;
    static List<LtxReplicaBuilder.Built> files;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void build() throws Exception {
        gcs = LoopbackGcs.start();
        List<byte[]> states = SqliteStates.capture(tmp, 1024, 12, 3);
        files = new LtxReplicaBuilder(states, 1024, BASE).compact(1, 4).snapshotAt(8).build();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    @Test
    void listsAFolderReplicaByLevelWithMtimesAndSkipsWhatLitestreamSkips() throws Exception {
        Path root = tmp.resolve("folder");
        LtxReplicaBuilder.writeTo(root, files);
        Files.write(root.resolve("ltx/0/000000000000000d-000000000000000d.ltx.tmp"), new byte[3]);
        Files.write(root.resolve("ltx/0/notes.txt"), new byte[3]);
        Files.createDirectories(root.resolve("ltx/0/deeper"));
        Files.write(root.resolve("ltx/0/deeper/0000000000000001-0000000000000001.ltx"), new byte[3]);
        LtxCatalog catalog = new LtxCatalog(new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root + "")));
        List<LtxFile> all = catalog.files();
        assertThat(all).hasSize(12 + 3 + 1);
        assertThat(catalog.level(0)).extracting(LtxFile::minTxid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L);
        assertThat(catalog.level(1)).extracting(LtxFile::label).containsExactly(
                "L1 0000000000000001-0000000000000004", "L1 0000000000000005-0000000000000008",
                "L1 0000000000000009-000000000000000c");
        assertThat(catalog.level(9)).singleElement().satisfies(f -> {
            assertThat(f.isSnapshot()).isTrue();
            assertThat(f.created()).isEqualTo(BASE.plusSeconds(8).plusMillis(400));
        });
        assertThat(catalog.level(0).get(4).created()).isEqualTo(BASE.plusSeconds(5));
        assertThat(catalog.levels()).extracting(LtxLevel::level).containsExactly(0, 1, 9);
        assertThat(catalog.levels().get(1).maxTxid()).isEqualTo(12);
        assertThat(Layouts.detect(catalog.replica())).containsExactly(Discovery.Format.LITESTREAM_0_5);
    }

    @Test
    void onGcsTheTimeIsTheLitestreamTimestampMetadataElseTimeCreated() throws Exception {
        LtxReplicaBuilder.upload(gcs, "ltx-times", "apps/db", files, 2500);
        gcs.put("ltx-times", "apps/db/ltx/2/0000000000000001-000000000000000c.ltx", new byte[10],
                BASE.plusSeconds(60));
        gcs.put("ltx-times", "apps/db/ltx/3/0000000000000001-000000000000000c.ltx", new byte[10],
                BASE.plusSeconds(61), Map.of(LtxCatalog.TIMESTAMP_METADATA, "yesterday"));
        GcsObjectStore store = GcsObjectStore.connect("ltx-times", new GcsSettings(Optional.of(gcs.hostPort()),
                Optional.empty(), RetryPolicy.defaults()));
        gcs.resetCounters();
        LtxCatalog catalog = new LtxCatalog(new Replica(store, "apps/db", ReplicaUrl.parse("gs://ltx-times/apps/db")));
        assertThat(catalog.level(0).get(2).created()).isEqualTo(BASE.plusSeconds(3));
        assertThat(catalog.level(0).get(2).object().created()).isEqualTo(BASE.plusSeconds(3).plusMillis(2500));
        assertThat(catalog.level(9).get(0).created()).isEqualTo(BASE.plusSeconds(8).plusMillis(400));
        assertThat(catalog.level(2).get(0).created()).isEqualTo(BASE.plusSeconds(60));
        assertThat(catalog.level(3).get(0).created()).isEqualTo(BASE.plusSeconds(61));
        // One listing, which asks for the metadata.
        assertThat(gcs.requests()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(LoopbackGcs.Kind.LIST);
            assertThat(URLDecoder.decode(r.rawQuery(), StandardCharsets.UTF_8)).contains("crc32c,metadata)");
        });
    }

    @Test
    void detectsGenerationsLtxOrBoth() throws Exception {
        Path both = tmp.resolve("both");
        LtxReplicaBuilder.writeTo(both, files.subList(0, 2));
        Files.createDirectories(both.resolve("generations/0123456789abcdef/wal"));
        Files.write(both.resolve("generations/0123456789abcdef/wal/00000000_00000000.wal.lz4"), new byte[1]);
        Replica r = new Replica(new FileObjectStore(both), "", ReplicaUrl.parse(both.toString()));
        assertThat(Layouts.detect(r)).containsExactly(Discovery.Format.LITESTREAM_0_3,
                Discovery.Format.LITESTREAM_0_5);
        Path none = Files.createDirectories(tmp.resolve("none"));
        assertThat(Layouts.detect(new Replica(new FileObjectStore(none), "", ReplicaUrl.parse(none.toString()))))
                .isEmpty();
        assertThat(Layouts.detect(new Replica(new FileObjectStore(tmp.resolve("absent")), "",
                ReplicaUrl.parse(tmp.resolve("absent").toString())))).isEmpty();
    }

    @Test
    void discoveryReportsLevelsAndTxidsOfA05Replica() throws Exception {
        LtxReplicaBuilder.upload(gcs, "ltx-found", "users/7/app.db", files, 900);
        GcsObjectStore store = GcsObjectStore.connect("ltx-found", new GcsSettings(Optional.of(gcs.hostPort()),
                Optional.empty(), RetryPolicy.defaults()));
        List<Discovery.Found> found = new Discovery(new Replica(store, "", ReplicaUrl.parse("gs://ltx-found")), 2)
                .find();
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.format()).isEqualTo(Discovery.Format.LITESTREAM_0_5);
            assertThat(f.generations()).isEqualTo(3);
            // The newest time is the snapshot's metadata time, not its later upload.
            assertThat(f.newest()).contains(BASE.plusSeconds(12));
            LtxHistory h = f.ltx().orElseThrow();
            assertThat(h.levels()).extracting(LtxLevel::level).containsExactly(0, 1, 9);
            assertThat(h.maxTxid()).contains(12L);
            assertThat(h.restorableTxids()).hasSize(12);
        });
    }
}
