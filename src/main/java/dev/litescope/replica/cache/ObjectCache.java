package dev.litescope.replica.cache;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.gcs.GcsObjectStore;
import dev.litescope.util.ChunkedRead;
import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local directory of immutable objects, bounded in size, least recently used first out. An object is cached
 * under its store (endpoint and bucket), key and generation: Litestream never rewrites a snapshot or WAL segment,
 * and a GCS generation's bytes never change, so an entry is valid forever. Every read checks the entry against the
 * CRC32C the listing carries, so a cache damaged on disk heals instead of feeding a restore bad bytes.
 *
 * <p>Safe for concurrent use within a process; several processes may share a directory (entries are written to a
 * temporary name and moved into place, and a missing entry is simply a miss).
 */
public final class ObjectCache {
    private static final Logger log = LoggerFactory.getLogger(ObjectCache.class);
    private final Path dir;
    private final long maxBytes;
    /** path → (size, last use); loaded on first use. */
    private Map<Path, long[]> index;
    private long total;

    public ObjectCache(Path dir, long maxBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** The user's cache directory: $XDG_CACHE_HOME/litescope/objects, or ~/.cache/litescope/objects. */
    public static Path defaultDir(Map<String, String> env) {
        return UserDirs.cache(env).resolve("objects");
    }

    public Path dir() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The cached bytes of an object, checked against the CRC32C its listing carries and refreshed as recently
     * used; empty on a miss. An entry that fails the check is a local fault (the cache folder was changed, or the
     * disk failed): it is dropped, said so in the log, and the caller downloads the object again.
     */
    public Optional<byte[]> read(String store, ObjectInfo object) {
        Optional<Path> p = path(store, object);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        byte[] data;
        try {
            data = ChunkedRead.readAll(p.get());
        } catch (IOException e) {
            forget(p.get()); // a miss, or evicted by another process meanwhile
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(data);
        if (!intact(p.get(), object, data.length, (int) crc.getValue())) {
            return Optional.empty();
        }
        touch(p.get(), object.size());
        return Optional.of(data);
    }

    /**
     * The cached file of an object, checked as {@link #read} checks it and refreshed as recently used; empty on
     * a miss. The file may be evicted by another process after it is returned: open it at once.
     */
    public Optional<Path> get(String store, ObjectInfo object) {
        Optional<Path> p = path(store, object);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        long n = 0;
        try (InputStream in = Files.newInputStream(p.get())) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) >= 0) {
                crc.update(buf, 0, r);
                n += r;
            }
        } catch (IOException e) {
            forget(p.get());
            return Optional.empty();
        }
        if (!intact(p.get(), object, n, (int) crc.getValue())) {
            return Optional.empty();
        }
        touch(p.get(), object.size());
        return p;
    }

    /** Whether a cached entry matches its listing; a damaged one is removed and reported as a local fault. */
    private boolean intact(Path file, ObjectInfo object, long length, int crc) {
        String got = GcsObjectStore.crc32cBase64(crc);
        if (length == object.size() && got.equals(object.crc32c().orElseThrow())) {
            return true;
        }
        log.warn("the cached copy of {} at {} is damaged ({} bytes, CRC32C {}; listed {} bytes, CRC32C {}): a fault "
                        + "of this machine's cache, not of the stored object; dropped, downloading it again",
                object.key(), file, length, got, object.size(), object.crc32c().orElseThrow());
        remove(file);
        return false;
    }

    private synchronized void touch(Path file, long size) {
        long now = System.currentTimeMillis();
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(now));
            index().put(file, new long[] {size, now});
        } catch (IOException e) {
            forget(file);
        }
    }

    private synchronized void forget(Path file) {
        long[] e = index().remove(file);
        if (e != null) {
            total -= e[0];
        }
    }

    /**
     * Whether the cache holds an object, without counting as a use: for telling the user what a restore would
     * not need to download.
     */
    public boolean holds(String store, ObjectInfo object) {
        Optional<Path> p = path(store, object);
        // The size only: checking every entry's CRC32C would read the cache to draw a plan.
        try {
            return p.isPresent() && Files.size(p.get()) == object.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Stores an object's bytes, then evicts the least recently used entries beyond the size limit. */
    public void put(String store, ObjectInfo object, byte[] data) {
        Optional<Path> p = path(store, object);
        if (p.isEmpty() || data.length > maxBytes) {
            return;
        }
        try {
            Files.createDirectories(p.get().getParent());
            Path tmp = Files.createTempFile(p.get().getParent(), ".", ".tmp");
            Files.write(tmp, data);
            Files.move(tmp, p.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            added(p.get(), data.length);
        } catch (IOException e) {
            // A cache that cannot be written is only slower.
        }
    }

    /**
     * The stream of an object read from its store, filling the object's entry as it is read ({@link CacheFill}):
     * the entry appears once every byte has been read and checked; a stream closed before leaves none. An
     * object the cache does not take (without a generation or CRC32C, or larger than the cache) is returned as is.
     */
    public InputStream filling(String store, ObjectInfo object, InputStream source) {
        Optional<Path> p = path(store, object);
        if (p.isEmpty() || object.size() > maxBytes) {
            return source;
        }
        Path entry = p.get();
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), ".", ".tmp");
            return new CacheFill(source, object, tmp, entry, this);
        } catch (IOException e) {
            return source; // a cache that cannot be written is only slower
        }
    }

    /** Moves a complete, checked temporary file into place as an entry. */
    void publish(Path complete, Path entry, long size) throws IOException {
        Files.move(complete, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        added(entry, size);
    }

    public synchronized void remove(Path file) {
        forget(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // gone or not ours to delete; either way no longer used
        }
    }

    public synchronized long sizeBytes() {
        index();
        return total;
    }

    private synchronized void added(Path file, long size) {
        long[] old = index().put(file, new long[] {size, System.currentTimeMillis()});
        total += size - (old == null ? 0 : old[0]);
        if (total > maxBytes) {
            // Down to 90 % so that a run of puts does not evict on every one.
            long target = maxBytes * 9 / 10;
            index.entrySet().stream().sorted(Comparator.comparingLong(en -> en.getValue()[1])).map(Map.Entry::getKey)
                    .toList().stream().takeWhile(x -> total > target).forEach(this::remove);
        }
    }

    private Map<Path, long[]> index() {
        if (index == null) {
            index = new HashMap<>();
            total = 0;
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(f -> !f.getFileName().toString().startsWith(".")).forEach(f -> {
                        try {
                            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                            if (a.isRegularFile()) {
                                index.put(f, new long[] {a.size(), a.lastModifiedTime().toMillis()});
                                total += a.size();
                            }
                        } catch (IOException ignored) {
                            // removed by another process meanwhile
                        }
                    });
                } catch (IOException | UncheckedIOException e) {
                    // an unreadable cache starts empty
                }
            }
        }
        return index;
    }

    /**
     * Where an object is cached: a hash of its store (the endpoint and bucket), key and generation. Only objects
     * listed with a generation and a CRC32C are cached: without both an entry could be neither trusted nor
     * checked.
     */
    private Optional<Path> path(String store, ObjectInfo object) {
        if (object.generation().isEmpty() || object.crc32c().isEmpty()) {
            return Optional.empty();
        }
        String id = store + "\n" + object.key() + "\n" + object.generation().getAsLong();
        String h = sha256(id);
        return Optional.of(dir.resolve(h.substring(0, 2)).resolve(h.substring(2)));
    }

    private static String sha256(String s) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
