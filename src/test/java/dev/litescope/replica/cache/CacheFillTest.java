package dev.litescope.replica.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache miss is read from the store once, by the restore, while the same bytes fill the cache entry (no copy
 * made before the first byte is read); the entry appears only when complete and checked, and a stream closed
 * early or a damaged download leaves nothing in the cache folder, not even a temporary file. Against the loopback
 * Cloud Storage server and its faults.
 */
class CacheFillTest {
    static final int SIZE = 3 << 20;

    @TempDir
    Path dir;
    LoopbackGcs gcs;
    byte[] data;
    ObjectCache cache;
    CachingObjectStore store;
    ObjectInfo object;

    @BeforeEach
    void setUp() throws Exception {
        gcs = LoopbackGcs.start();
        data = new byte[SIZE];
        new Random(5).nextBytes(data);
        gcs.put("bkt", "db/generations/0000000000000001/snapshots/00000000.snapshot.lz4", data);
        GcsObjectStore gcsStore = GcsObjectStore.connect("bkt", new GcsSettings(Optional.of(gcs.hostPort()),
                Optional.empty(), RetryPolicy.defaults()));
        cache = new ObjectCache(dir.resolve("cache"), 1L << 30);
        store = new CachingObjectStore(gcsStore, cache, "loopback/bkt");
        object = store.list("db/", false).objects().get(0);
        gcs.resetCounters();
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        gcs.close();
    }

    /** Every file under the cache folder, temporary ones (".…tmp") included. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(cache.dir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(cache.dir())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aMissIsReadOnceWhileItFillsTheEntryWhichAppearsOnlyWhenComplete() throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = store.open(object)) {
            read.write(in.readNBytes(SIZE / 2));
            assertThat(store.holds(object)).as("entry while half read").isFalse();
            assertThat(files()).as("only the file being filled").hasSize(1)
                    .allMatch(p -> p.getFileName().toString().startsWith("."));
            read.write(in.readAllBytes());
        }
        assertThat(read.toByteArray()).isEqualTo(data);
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).as("downloads").isEqualTo(1);
        assertThat(store.holds(object)).isTrue();
        assertThat(files()).hasSize(1).noneMatch(p -> p.getFileName().toString().startsWith("."));
        assertThat(cache.sizeBytes()).isEqualTo(SIZE);

        try (InputStream in = store.open(object)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.hits()).isEqualTo(1);
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).as("downloads after the hit").isEqualTo(1);
    }

    @Test
    void aStreamClosedEarlyLikeACancelledRestoreLeavesNothing() throws Exception {
        try (InputStream in = store.open(object)) {
            assertThat(in.readNBytes(SIZE - 1)).hasSize(SIZE - 1);
        }
        assertThat(store.holds(object)).isFalse();
        assertThat(files()).isEmpty();
        assertThat(cache.sizeBytes()).isZero();
    }

    @Test
    void aDamagedDownloadLeavesNothingAndTheNextReadFillsTheEntry() throws Exception {
        gcs.corruptNextMedia(1);
        assertThatThrownBy(() -> {
            try (InputStream in = store.open(object)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThat(store.holds(object)).isFalse();
        assertThat(files()).isEmpty();

        try (InputStream in = store.open(object)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.holds(object)).isTrue();
        assertThat(cache.get("loopback/bkt", object)).as("the entry passes its check").isPresent();
    }

    @Test
    void aConnectionResetMidBodyIsResumedAndTheEntryStillHoldsEveryByteOnce() throws Exception {
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 1);
        try (InputStream in = store.open(object)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(cache.get("loopback/bkt", object)).isPresent();
        assertThat(Files.readAllBytes(cache.get("loopback/bkt", object).orElseThrow())).isEqualTo(data);
    }
}
