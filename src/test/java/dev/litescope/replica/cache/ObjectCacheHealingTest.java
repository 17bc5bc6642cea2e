package dev.litescope.replica.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The object cache on a replica in the loopback server, opened as the command line opens it: entries checked on
 * every read, keyed by endpoint, and off entirely at LITESCOPE_CACHE_MAX_MB=0.
 */
class ObjectCacheHealingTest {
    @TempDir
    Path home;
    LoopbackGcs gcs;
    byte[] data;

    @BeforeEach
    void server() {
        gcs = LoopbackGcs.start();
        data = new byte[30_000];
        new Random(3).nextBytes(data);
        gcs.put("bkt", "db/generations/0000000000000001/snapshots/00000000.snapshot.lz4", data);
    }

    @AfterEach
    void stop() {
        gcs.close();
    }

    private Map<String, String> env(LoopbackGcs server, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("STORAGE_EMULATOR_HOST", server.hostPort(),
                "XDG_CACHE_HOME", home.resolve("cache").toString()));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static Replica open(Map<String, String> env) throws Exception {
        return Replicas.open(ReplicaUrl.parse("gs://bkt/db"), ReplicaOptions.fromEnvironment(env, true));
    }

    private static ObjectInfo snapshot(Replica r) throws Exception {
        return r.store().list("db/generations/", false).objects().get(0);
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> s = Files.walk(home.resolve("cache"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aDamagedEntryIsDroppedAndDownloadedAgainWithoutBlamingTheObject() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger cacheLog = (Logger) LoggerFactory.getLogger(ObjectCache.class);
        cacheLog.addAppender(logged);
        try {
            Replica r = open(env(gcs));
            ObjectInfo o = snapshot(r);
            assertThat(r.store().readAll(o)).isEqualTo(data);
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(1);
            assertThat(r.store().readAll(o)).isEqualTo(data);
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).as("the second read is the cache's").isEqualTo(1);

            // A byte flipped on this machine's disk, the size unchanged.
            Path entry = entries().get(0);
            byte[] onDisk = Files.readAllBytes(entry);
            onDisk[1234] ^= 0x40;
            Files.write(entry, onDisk);
            assertThat(r.store().readAll(o)).isEqualTo(data);
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(2);
            assertThat(Files.readAllBytes(entries().get(0))).as("healed").isEqualTo(data);

            // The streaming read checks too.
            Files.write(entries().get(0), onDisk);
            try (InputStream in = r.store().open(o)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(3);
            try (InputStream in = r.store().open(o)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(3);
        } finally {
            cacheLog.detachAppender(logged);
        }
        assertThat(logged.list).hasSize(2).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("the cached copy of db/generations/0000000000000001/snapshots/00000000.snapshot.lz4")
                .contains("not of the stored object").contains("downloading it again"));
    }

    @Test
    void anEmulatorsBucketAndAnotherOfTheSameNameDoNotShareEntries() throws Exception {
        ObjectInfo listed;
        Replica first = open(env(gcs));
        listed = snapshot(first);
        assertThat(first.store().readAll(listed)).isEqualTo(data);
        // Another server with a bucket of the same name: the entry cached from the first must not answer for it.
        try (LoopbackGcs other = LoopbackGcs.start()) {
            other.createBucket("bkt");
            Replica r = open(env(other));
            assertThatThrownBy(() -> r.store().readAll(listed)).hasMessageContaining("the object is gone");
            assertThat(other.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(1);
        }
    }

    @Test
    void aLimitOfZeroMeansNoCacheReadsEither() throws Exception {
        Replica cached = open(env(gcs));
        assertThat(cached.store().readAll(snapshot(cached))).isEqualTo(data);
        assertThat(entries()).hasSize(1);
        Replica off = open(env(gcs, "LITESCOPE_CACHE_MAX_MB", "0"));
        ObjectInfo o = snapshot(off);
        assertThat(off.store().readAll(o)).isEqualTo(data);
        assertThat(off.store().readAll(o)).isEqualTo(data);
        assertThat(gcs.count(LoopbackGcs.Kind.MEDIA)).isEqualTo(3);
    }
}
