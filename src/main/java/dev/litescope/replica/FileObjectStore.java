package dev.litescope.replica;

import dev.litescope.util.ChunkedRead;
import dev.litescope.util.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A replica in a local directory, as Litestream's {@code file} replica type writes it. An object's creation
 * time is the file's mtime at nanosecond precision, which is what Litestream compares.
 */
public final class FileObjectStore implements ObjectStore {
    private final Path root;
    private final RequestCounters counters = new RequestCounters();

    public FileObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Listing list(String prefix, boolean delimited) throws ObjectStoreException {
        counters.countList();
        // A prefix ends either at a directory boundary ("generations/") or inside a name ("generations/0a").
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash + 1);
        String namePart = prefix.substring(slash + 1);
        Path dir = resolve(dirPart);
        if (!Files.isDirectory(dir)) {
            requireRootFolder();
            return new Listing(List.of(), List.of());
        }
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                String name = child.getFileName().toString();
                if (!name.startsWith(namePart)) {
                    continue;
                }
                BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String key = dirPart + name;
                if (attrs.isDirectory()) {
                    if (delimited) {
                        prefixes.add(key + "/");
                    } else {
                        walk(child, key + "/", objects);
                    }
                } else if (attrs.isRegularFile()) {
                    objects.add(info(key, attrs));
                }
            }
        } catch (AccessDeniedException e) {
            throw new ObjectStoreException("cannot read directory " + dir + ": permission denied; check that "
                    + "the replica folder is readable by this user", e);
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        prefixes.sort(Comparator.naturalOrder());
        return new Listing(objects, prefixes);
    }

    /**
     * A folder inside the replica may be absent (a generation without WAL segments yet), but the replica's own
     * folder must be there and be a folder: say what it is instead, so that a mistyped path or a database file
     * given for its replica is not reported as an empty replica.
     */
    private void requireRootFolder() throws ObjectStoreException {
        if (Files.isDirectory(root)) {
            return;
        }
        if (Files.isRegularFile(root)) {
            throw new ObjectStoreException(isSqliteFile(root)
                    ? root + " is a SQLite database file, not its replica: choose its replica folder (the one that "
                    + "holds \"generations/\", as given in litestream.yml's replica path)"
                    : root + " is a file, not a replica folder: choose the folder that holds \"generations/\"");
        }
        Path existing = root.getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        throw new MissingReplicaException("the folder " + root + " does not exist (moved, deleted, mistyped, or "
                + "on a drive that is not mounted)" + (existing == null ? "" : "; the nearest folder that exists is "
                + existing));
    }

    /** Whether the file starts with SQLite's 16-byte header string. */
    static boolean isSqliteFile(Path file) {
        byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(magic.length), magic);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Listing listFirst(String prefix, int max) throws ObjectStoreException {
        List<ObjectInfo> all = list(prefix, false).objects();
        return all.size() <= max ? new Listing(all, List.of())
                : new Listing(all.subList(0, max), List.of(), true);
    }

    private void walk(Path dir, String keyPrefix, List<ObjectInfo> out) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String key = keyPrefix + child.getFileName();
                if (attrs.isDirectory()) {
                    walk(child, key + "/", out);
                } else if (attrs.isRegularFile()) {
                    out.add(info(key, attrs));
                }
            }
        }
    }

    private static ObjectInfo info(String key, BasicFileAttributes attrs) {
        return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    @Override
    public InputStream open(ObjectInfo object) throws ObjectStoreException {
        counters.countRead();
        String key = object.key();
        Path file = resolve(key);
        try {
            InputStream in = Files.newInputStream(file);
            return new CountingInputStream(in, counters::countBytes);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(describe(key) + " does not exist (was it deleted by retention while "
                    + "reading?); list the replica again", e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readAll(ObjectInfo object) throws ObjectStoreException {
        counters.countRead();
        String key = object.key();
        try {
            byte[] b = ChunkedRead.readAll(resolve(key));
            counters.countBytes(b.length);
            return b;
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(describe(key) + " does not exist (was it deleted by retention while "
                    + "reading?); list the replica again", e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + describe(key) + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the replica root: " + key);
        }
        return p;
    }

    @Override
    public String describe(String key) {
        return resolve(key).toString();
    }

    @Override
    public RequestCounters counters() {
        return counters;
    }
}
