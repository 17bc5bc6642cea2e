package dev.litescope.testsupport.gcs;

import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The buckets and objects of a {@link LoopbackGcs}: one live generation per name, hashes computed
 * as GCS does, generations that never repeat, and optional persistence to a directory.
 *
 * <p>Every method is synchronized on the store. Callers that combine calls (check a
 * precondition, then write) hold that lock around the whole, as {@link GcsUploads} does.
 *
 * <p>Persistence layout: {@code DIR/BUCKET/} per bucket, holding one file per object named by the
 * SHA-256 of the object name: a JSON line of metadata, then the bytes. Files are written to a
 * temp file and renamed, so each is all or nothing.
 */
final class GcsStore {
    /** GCS sorts names by their UTF-8 bytes, which is code-point order, not Java's UTF-16 order. */
    static final Comparator<String> NAME_ORDER = GcsStore::compareCodePoints;
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    record Stored(ObjectMeta meta, byte[] data) {
    }

    record Bucket(String name, Instant created, NavigableMap<String, Stored> objects) {
        Bucket(String name, Instant created) {
            this(name, created, new TreeMap<>(NAME_ORDER));
        }
    }

    /** The first line of a persisted object's file. */
    private record Head(String name, String contentType, String timeCreated, String updated, long generation,
                        long metageneration, Map<String, String> metadata) {
    }

    private final Path persistDir;
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private long lastGeneration;

    /** @param persistDir null for memory only; else loaded now and written through on every change */
    GcsStore(Path persistDir) throws IOException {
        this.persistDir = persistDir;
        if (persistDir != null) {
            load();
        }
    }

    synchronized List<String> bucketNames() {
        return List.copyOf(buckets.keySet());
    }

    /** The bucket, or null. */
    synchronized Bucket bucket(String name) {
        return buckets.get(name);
    }

    /** The bucket, created (and persisted) if new. */
    synchronized Bucket createBucket(String name) {
        if (!BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid bucket name: '" + name + "'");
        }
        return buckets.computeIfAbsent(name, n -> {
            if (persistDir != null) {
                try {
                    Files.createDirectories(persistDir.resolve(n));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new Bucket(n, now());
        });
    }

    /** The live generation of bucket/name, or null. */
    synchronized Stored object(String bucket, String name) {
        Bucket b = buckets.get(bucket);
        return b == null ? null : b.objects().get(name);
    }

    /** The objects whose names start with {@code prefix}, in listing order. */
    synchronized List<Stored> list(String bucket, String prefix) {
        Bucket b = buckets.get(bucket);
        if (b == null) {
            return List.of();
        }
        return b.objects().tailMap(prefix, true).values().stream()
                .takeWhile(s -> s.meta().name().startsWith(prefix))
                .toList();
    }

    /**
     * Stores {@code data} as a new generation of bucket/name (creating the bucket if need be); the
     * one place objects come into being. {@code data} must not be shared with callers.
     */
    synchronized Stored write(String bucket, String name, byte[] data, String contentType,
                              Map<String, String> metadata, Instant created, Instant updated) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 1024 || name.contains("\r")
                || name.contains("\n") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid object name: " + name);
        }
        Bucket b = createBucket(bucket);
        // Like GCS, microseconds since the epoch, but never repeating (also across restarts).
        Instant now = Instant.now();
        lastGeneration = Math.max(lastGeneration + 1, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
        Stored s = new Stored(meta(bucket, name, data, created.truncatedTo(ChronoUnit.MILLIS),
                updated.truncatedTo(ChronoUnit.MILLIS), lastGeneration, 1, contentType, metadata), data);
        b.objects().put(name, s);
        persist(s);
        return s;
    }

    /** @return whether there was such an object */
    synchronized boolean delete(String bucket, String name) {
        Bucket b = buckets.get(bucket);
        if (b == null || b.objects().remove(name) == null) {
            return false;
        }
        if (persistDir != null) {
            try {
                Files.deleteIfExists(objectFile(bucket, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /**
     * UTF-16 strings in code-point order without decoding them: they differ from Java's order only where a
     * surrogate (U+D800..U+DFFF, half of a code point above U+FFFF) meets a char at or above it, and there the
     * surrogates must sort above U+E000..U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    return fixUp(x) - fixUp(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int fixUp(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static String md5(byte[] data) {
        return Base64.getEncoder().encodeToString(digest("MD5", data));
    }

    private static ObjectMeta meta(String bucket, String name, byte[] data, Instant created, Instant updated,
                                   long generation, long metageneration, String contentType,
                                   Map<String, String> metadata) {
        String etag = Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(16).putLong(generation).putLong(metageneration).array());
        return new ObjectMeta(bucket, name, data.length, created, updated, generation, metageneration, md5(data),
                crc32c(data), etag, contentType, metadata);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- persistence ------------------------------------------------------------------------

    private Path objectFile(String bucket, String name) {
        String hash = HexFormat.of().formatHex(digest("SHA-256", name.getBytes(StandardCharsets.UTF_8)));
        return persistDir.resolve(bucket).resolve(hash + ".obj");
    }

    private void persist(Stored s) {
        if (persistDir == null) {
            return;
        }
        ObjectMeta m = s.meta();
        Head head = new Head(m.name(), m.contentType(), m.timeCreated().toString(), m.updated().toString(),
                m.generation(), m.metageneration(), new TreeMap<>(m.metadata()));
        Path f = objectFile(m.bucket(), m.name());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(LoopbackJson.MAPPER.writeValueAsBytes(head));
                out.write('\n');
                out.write(s.data());
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("persisting " + m.bucket() + "/" + m.name(), e);
        }
    }

    /** Reloads every bucket and object; times, generations and metadata come back as they were. */
    private synchronized void load() throws IOException {
        Files.createDirectories(persistDir);
        try (Stream<Path> dirs = Files.list(persistDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Bucket b = createBucket(dir.getFileName().toString());
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".obj")).toList()) {
                        byte[] all = Files.readAllBytes(f);
                        int nl = 0;
                        while (all[nl] != '\n') {
                            nl++;
                        }
                        Head h = LoopbackJson.MAPPER.readValue(all, 0, nl, Head.class);
                        byte[] data = Arrays.copyOfRange(all, nl + 1, all.length);
                        long gen = h.generation();
                        ObjectMeta m = meta(b.name(), h.name(), data, Instant.parse(h.timeCreated()),
                                Instant.parse(h.updated()), gen, h.metageneration(), h.contentType(),
                                h.metadata() == null ? Map.of() : h.metadata());
                        b.objects().put(m.name(), new Stored(m, data));
                        lastGeneration = Math.max(lastGeneration, gen);
                    }
                }
            }
        }
    }
}
