package dev.litescope.ui.connections;

import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/** Several copies of one real Litestream replica, in folders or in the loopback bucket, to be discovered. */
public final class ConnectionFixtures {
    private ConnectionFixtures() {
    }

    /** Copies the fixture's replica to {@code dir/path} for each path, object times kept. */
    public static void copies(ReplicaFixture fixture, Path dir, String... paths) {
        for (String p : paths) {
            ReplicaFixture.copyOf(fixture, dir.resolve(p));
        }
    }

    /** Uploads the fixture's replica under {@code prefix/path/} for each path, each object with its file time. */
    public static void upload(ReplicaFixture fixture, LoopbackGcs gcs, String bucket, String prefix, String... paths) {
        Path src = fixture.replicaDir();
        try (Stream<Path> files = Files.walk(src)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            for (String p : paths) {
                for (Path f : all) {
                    String key = prefix + "/" + p + "/" + src.relativize(f).toString().replace('\\', '/');
                    gcs.put(bucket, key, Files.readAllBytes(f), Files.getLastModifiedTime(f).toInstant()
                            .truncatedTo(ChronoUnit.MILLIS));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
