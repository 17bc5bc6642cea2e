package dev.litescope.replica;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.litescope.replica.Discovery.Format;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a discovery of a prefix keeps for the next one to refresh from ({@link Discovery#refresh}): every object of
 * each large replica (at least {@link Discovery#LARGE} objects), by key. Small replicas are not kept: a page of the
 * flat listing holds a couple of hundred of them, so listing them again costs less than asking after each.
 *
 * <p>Kept in memory within a session, or on disk ({@link #save}, {@link #read}) under the cache folder, one file per
 * searched URL (bucket and prefix), written whole to a temporary file and moved into place. {@link DiscoveryKeeper}
 * decides when a kept state is used; the command line and the app share it, and so the files.
 *
 * @param url   the searched URL, as given
 * @param taken when the listing it comes from began
 */
public record DiscoveryState(String url, Instant taken, List<Large> large) {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryState.class);

    public DiscoveryState {
        large = List.copyOf(large);
    }

    /** One large replica's objects, in key order. */
    public record Large(String root, Format format, List<ObjectInfo> objects) {
        public Large {
            objects = objects.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
        }

        /** {@code ROOT/generations/} or {@code ROOT/ltx/}. */
        String formatDir() {
            return root + format.dir() + "/";
        }
    }

    /** One object on disk; the field names are short, for files of 100,000 objects. */
    private record Stored(String k, long s, String t, Long g, String c, Map<String, String> m) {
        static Stored of(ObjectInfo o) {
            return new Stored(o.key(), o.size(), o.created().toString(),
                    o.generation().isPresent() ? o.generation().getAsLong() : null, o.crc32c().orElse(null),
                    o.metadata().isEmpty() ? null : o.metadata());
        }

        ObjectInfo info() {
            return new ObjectInfo(k, s, Instant.parse(t), g == null ? OptionalLong.empty() : OptionalLong.of(g),
                    Optional.ofNullable(c), m == null ? Map.of() : m);
        }
    }

    private record StoredLarge(String root, String format, List<Stored> objects) {
    }

    private record StoredState(int version, String url, String taken, List<StoredLarge> large) {
    }

    private static final int VERSION = 1;

    /** The file that keeps the state of {@code url} under {@code cacheDir}. */
    public static Path file(Path cacheDir, String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return cacheDir.resolve("discovery").resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the state to {@link #file}; a failure is logged, never fatal: the next discovery lists in full. */
    public void save(Path cacheDir) {
        Path f = file(cacheDir, url);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), f.getFileName().toString(), ".tmp");
            StoredState doc = new StoredState(VERSION, url, taken.toString(), large.stream()
                    .map(l -> new StoredLarge(l.root(), l.format().name(), l.objects().stream().map(Stored::of)
                            .toList())).toList());
            Files.write(tmp, JsonMapper.MAPPER.writeValueAsBytes(doc));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot keep the discovery of {} in {}: the next refresh lists it in full", url, f, e);
        }
    }

    /** A kept state that cannot be used: the message says which file and why, in words for the user. */
    public static final class Unusable extends Exception {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The state kept for {@code url}, if any.
     *
     * @throws Unusable when the file is there but cannot be read, was written by another version, or is of
     *                  another URL
     */
    public static Optional<DiscoveryState> read(Path cacheDir, String url) throws Unusable {
        Path f = file(cacheDir, url);
        StoredState doc;
        try {
            doc = JsonMapper.MAPPER.readValue(Files.readAllBytes(f), StoredState.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // Jackson's own words, without the source and location it appends on further lines.
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new Unusable("the kept listing in " + f + " cannot be read (" + why + ")", e);
        }
        if (doc == null || doc.version() != VERSION) {
            throw new Unusable("the kept listing in " + f + " was written by another version of Litescope ("
                    + (doc == null ? "empty" : "format " + doc.version() + ", not " + VERSION) + ")", null);
        }
        if (!url.equals(doc.url())) {
            throw new Unusable("the kept listing in " + f + " is of " + doc.url() + ", not " + url, null);
        }
        try {
            return Optional.of(new DiscoveryState(url, Instant.parse(doc.taken()), doc.large().stream()
                    .map(l -> new Large(l.root(), Format.valueOf(l.format()), l.objects().stream()
                            .map(Stored::info).toList())).toList()));
        } catch (RuntimeException e) {
            throw new Unusable("the kept listing in " + f + " cannot be read (" + e + ")", e);
        }
    }
}
