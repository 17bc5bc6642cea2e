package dev.litescope.ui;

import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One replica that the real Litestream wrote into the loopback GCS server, shared by the UI tests of one JVM
 * (building it takes seconds). The server lives as long as the JVM.
 */
final class SharedGcsReplica {
    private static LoopbackGcs gcs;
    private static ReplicaFixture fixture;

    private SharedGcsReplica() {
    }

    static synchronized ReplicaFixture fixture() {
        if (fixture == null) {
            gcs = LoopbackGcs.start();
            Path dir = Path.of(System.getProperty("litescope.buildDir", "target"), "fixtures", "ui-gcs");
            deleteTree(dir);
            fixture = ReplicaFixture.buildOnGcs(dir, 4096, Workload.standard(4096), gcs, "replicas", "ui/app/db");
        }
        return fixture;
    }

    static LoopbackGcs gcs() {
        fixture();
        return gcs;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
