package dev.litescope.replica;

import dev.litescope.util.UserDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replica the app opens when none is configured: made by the real Litestream v0.3.13 (see
 * {@code DemoReplicaBuilder} in the test sources, which regenerates it) and bundled as its objects plus a
 * manifest of their times, since a replica's object times are its history and git keeps no file times.
 *
 * <p>Installing writes the objects into the user's cache and gives each file its time from the manifest, shifted
 * so that the newest object is a minute old: the demo always looks like a replica that is being written to.
 */
public final class DemoReplica {
    static final String BASE = "/demo/";

    private DemoReplica() {
    }

    /** One line of the manifest: an object, its size, and its time in nanoseconds after the first object. */
    record Entry(String key, long size, long offsetNanos) {
    }

    /** Installs the demo (once per build) and returns its folder. */
    public static Path install(Map<String, String> env) throws IOException {
        List<Entry> entries = manifest();
        Path dir = UserDirs.cache(env)
                .resolve("demo-" + Integer.toHexString(entries.hashCode())).resolve("replica");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".install");
        long span = entries.stream().mapToLong(Entry::offsetNanos).max().orElse(0);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).minusNanos(span);
        for (Entry e : entries) {
            Path file = tmp.resolve(e.key());
            Files.createDirectories(file.getParent());
            try (InputStream in = resource(e.key())) {
                Files.copy(in, file);
            }
            if (Files.size(file) != e.size()) {
                throw new IOException("demo object " + e.key() + " is damaged in this build (size " + Files.size(file)
                        + ", expected " + e.size() + ")");
            }
            Files.setLastModifiedTime(file, FileTime.from(start.plusNanos(e.offsetNanos())));
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isDirectory(dir)) {
                throw raced;
            }
            // another process installed it meanwhile; theirs is as good
        }
        return dir;
    }

    static List<Entry> manifest() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = resource("manifest.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoReplica.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IOException("this build does not bundle the demo replica (missing " + BASE + name + ")");
        }
        return in;
    }
}
