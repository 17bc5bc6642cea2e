package dev.litescope.ui.connections;

import dev.litescope.replica.ReplicaUrl;
import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The connections the user added, remembered between runs in a small text file in their configuration folder, one
 * connection a line:
 *
 * <pre>
 * demo
 * folder /home/me/replicas
 * bucket gs://my-bucket/apps
 * </pre>
 *
 * Written whole to a temporary file next to it and moved into place, so a crash never leaves half a list. A
 * file that cannot be read entirely is copied aside before anything overwrites it, and the problem is reported:
 * the user's list is never silently lost.
 */
public final class ConnectionStore {
    static final String HEADER = "# Litescope connections, one a line: demo | folder PATH | bucket gs://BUCKET/PREFIX";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What was read; {@code problem} says what could not be, and where the damaged file was kept. */
    public record Loaded(List<Connection> connections, Optional<String> problem) {
    }

    private final Path file;

    public ConnectionStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The store in the user's configuration folder ({@link UserDirs#config}). */
    public static ConnectionStore inConfigDir(Map<String, String> env) {
        return new ConnectionStore(UserDirs.config(env).resolve("connections.txt"));
    }

    public Path file() {
        return file;
    }

    /** The remembered connections; on a first run (no file yet), just the demo. */
    public Loaded load() throws IOException {
        if (!Files.exists(file)) {
            return new Loaded(List.of(new Connection.Demo()), Optional.empty());
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new Loaded(List.of(), Optional.of(damaged("it is not text")));
        }
        List<Connection> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Connection c = parse(line);
                if (!out.contains(c)) {
                    out.add(c);
                }
            } catch (IllegalArgumentException e) {
                bad.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (bad.isEmpty()) {
            return new Loaded(List.copyOf(out), Optional.empty());
        }
        return new Loaded(List.copyOf(out), Optional.of(damaged(String.join("; ", bad))));
    }

    /** Replaces the remembered list, atomically. */
    public void save(List<Connection> connections) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Connection c : connections) {
            sb.append(format(c)).append('\n');
        }
        Path tmp = Files.createTempFile(file.getParent(), ".connections", ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String format(Connection c) {
        if (c instanceof Connection.Folder f) {
            return "folder " + f.dir();
        }
        if (c instanceof Connection.Bucket b) {
            return "bucket " + b.url();
        }
        return "demo";
    }

    static Connection parse(String line) {
        int space = line.indexOf(' ');
        String kind = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        switch (kind) {
            case "demo":
                return new Connection.Demo();
            case "folder":
                if (arg.isEmpty()) {
                    throw new IllegalArgumentException("\"folder\" without a path");
                }
                return new Connection.Folder(Path.of(arg));
            case "bucket":
                if (!(ReplicaUrl.parse(arg) instanceof ReplicaUrl.Gcs gcs)) {
                    throw new IllegalArgumentException("\"bucket\" needs a gs:// URL, not " + arg);
                }
                return new Connection.Bucket(gcs);
            default:
                throw new IllegalArgumentException("unknown entry \"" + kind + "\"");
        }
    }

    /** Keeps a copy of the damaged file and says so. */
    private String damaged(String why) throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + STAMP.format(Instant.now()));
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        return "Some remembered connections could not be read from " + file + " (" + why + "). A copy of the file "
                + "was kept as " + copy + "; the connections that could be read are shown.";
    }
}
