package dev.litescope.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The v0.3 file-replica layout (spec §1.1), read independently of the main code so tests can
 * check it and plant defects by name. Listings return only names Litestream itself would accept;
 * everything else (such as {@code *.tmp} files) is invisible to a restore.
 */
public final class ReplicaLayout {
    public static final Pattern GENERATION = Pattern.compile("^[0-9a-f]{16}$");
    public static final Pattern SNAPSHOT = Pattern.compile("^([0-9a-f]{8})\\.snapshot\\.lz4$");
    public static final Pattern WAL_SEGMENT = Pattern.compile("^([0-9a-f]{8})_([0-9a-f]{8})\\.wal\\.lz4$");

    private ReplicaLayout() {
    }

    /** {@code ROOT/generations/<gen>} directories, in name order (which is also Litestream's order). */
    public static List<Path> generations(Path replicaDir) {
        return list(replicaDir.resolve("generations"), GENERATION, true);
    }

    /** Snapshots of one generation, in (index) order. */
    public static List<Path> snapshots(Path generationDir) {
        return list(generationDir.resolve("snapshots"), SNAPSHOT, false);
    }

    /** WAL segments of one generation; fixed-width hex makes name order equal (index, offset) order. */
    public static List<Path> walSegments(Path generationDir) {
        return list(generationDir.resolve("wal"), WAL_SEGMENT, false);
    }

    public static int index(Path snapshotOrSegment) {
        return Integer.parseInt(snapshotOrSegment.getFileName().toString().substring(0, 8), 16);
    }

    /** Byte offset of a WAL segment within its index's WAL. */
    public static long offset(Path segment) {
        var m = WAL_SEGMENT.matcher(segment.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a WAL segment name: " + segment);
        }
        return Long.parseLong(m.group(2), 16);
    }

    private static List<Path> list(Path dir, Pattern name, boolean directories) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .filter(p -> directories ? Files.isDirectory(p) : Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
