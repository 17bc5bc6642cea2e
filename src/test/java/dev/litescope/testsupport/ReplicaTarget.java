package dev.litescope.testsupport;

import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a fixture's Litestream replica lives, and what the harness needs to know about it: its URL,
 * its {@code litestream.yml} entry, the environment Litestream needs to reach it, and a listing of
 * its WAL segment objects, which the "caught up" wait watches.
 */
public sealed interface ReplicaTarget {

    /** The URL {@code litestream restore} and {@code generations} take. */
    String url();

    /** The replica's entry under {@code replicas:}, every line prefixed with {@code indent}. */
    String configEntry(String indent);

    /** Extra environment for every Litestream process that touches the replica. */
    Map<String, String> environment();

    /**
     * One line per WAL segment object in the replica (name, size, version), in a stable order, so
     * the listing changes whenever Litestream writes or deletes a segment.
     */
    List<String> walObjects() throws IOException;

    /** A directory, {@code type: file}. */
    record Directory(Path dir) implements ReplicaTarget {
        private static final Pattern URL_SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._~+,=@:-]*");

        /**
         * {@code file:///abs/path}, the form Litestream v0.3.13 takes for a file replica URL. A bare
         * path would not do: {@code restore} and {@code generations} read a bare path as a database
         * path and look it up in a config file.
         *
         * @throws IllegalStateException if the path holds a character a URL path would escape: v0.3.13
         *         then looks in the escaped path (so neither {@code %20} nor a raw space or {@code é}
         *         works) and quietly finds no generations
         */
        @Override
        public String url() {
            String path = dir.toString();
            if (!URL_SAFE_PATH.matcher(path).matches()) {
                throw new IllegalStateException("Litestream v0.3.13 cannot open a file:// replica at " + path
                        + "; build fixtures under a path of letters, digits and /._~+,=@:-");
            }
            return "file://" + path;
        }

        @Override
        public String configEntry(String indent) {
            return indent + "- type: file\n"
                    + indent + "  path: " + ReplicaFixture.yamlString(dir.toString()) + "\n";
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public List<String> walObjects() throws IOException {
            Path generations = dir.resolve("generations");
            if (!Files.isDirectory(generations)) {
                return List.of();
            }
            try (Stream<Path> s = Files.walk(generations)) {
                return s.filter(Files::isRegularFile)
                        .filter(p -> p.getParent().getFileName().toString().equals("wal"))
                        .sorted()
                        .map(p -> {
                            try {
                                return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                        .toList();
            }
        }
    }

    /**
     * {@code gcs://BUCKET/PATH} on a {@link LoopbackGcs}, which Litestream reaches through
     * {@code STORAGE_EMULATOR_HOST}. The WAL listing reads the server directly, so watching the
     * replica neither counts as requests nor meets injected faults.
     */
    record Gcs(LoopbackGcs server, String bucket, String path) implements ReplicaTarget {
        public Gcs {
            if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
                throw new IllegalArgumentException("replica path must be non-empty, without leading or trailing '/': "
                        + path);
            }
        }

        /** v0.3.13 accepts only {@code gcs://} (it rejects {@code gs://}, which 0.5 requires). */
        @Override
        public String url() {
            return "gcs://" + bucket + "/" + path;
        }

        @Override
        public String configEntry(String indent) {
            return indent + "- url: " + ReplicaFixture.yamlString(url()) + "\n";
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("STORAGE_EMULATOR_HOST", server.hostPort());
        }

        @Override
        public List<String> walObjects() {
            return server.list(bucket, path + "/generations/").stream()
                    .filter(m -> m.name().contains("/wal/"))
                    .map(m -> m.name() + " " + m.size() + " " + m.generation())
                    .toList();
        }
    }
}
