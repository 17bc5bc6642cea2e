package dev.litescope.util;

import java.nio.file.Files;
import java.nio.file.Path;

/** Names for new files that never take the place of an existing one. */
public final class FreePaths {
    private FreePaths() {
    }

    /**
     * {@code dir/name}, or {@code dir/stem-2.ext}, {@code dir/stem-3.ext}, … : the first whose file is not there and
     * that leaves no SQLite {@code -wal} or {@code -shm} behind it (SQLite would replay a stale one onto the new
     * database). Another process may still take the name before it is used; writers must refuse to replace.
     */
    public static Path unused(Path dir, String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path candidate = dir.resolve(name);
        for (int n = 2; taken(candidate); n++) {
            candidate = dir.resolve(stem + "-" + n + ext);
        }
        return candidate;
    }

    private static boolean taken(Path p) {
        return Files.exists(p) || Files.exists(Path.of(p + "-wal")) || Files.exists(Path.of(p + "-shm"));
    }
}
