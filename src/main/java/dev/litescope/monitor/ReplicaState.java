package dev.litescope.monitor;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Layouts;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import dev.litescope.replica.v3.Snapshot;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.Lz4Frame;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What no Google console shows: the replica's newest object and so its replication lag, its generations (a new one
 * means a rollout overlapped two writers or a crash restarted replication), its objects and bytes, how fast it
 * gains objects (each one a class A write), and how large the database it holds is.
 *
 * @param url            the replica
 * @param newest         the newest object's creation time
 * @param lag            from the newest object to now
 * @param writesPerHour  objects created in the last {@code window}, per hour
 * @param databaseBytes  the database's size at the newest position: the newest snapshot and the WAL after it,
 *                       decompressed (what the in-memory volume holds); empty for an LTX replica
 * @param warnings       what needs a look, in words
 */
public record ReplicaState(String url, Set<Discovery.Format> formats, long objects, long bytes,
                           Optional<Instant> newest, Optional<Duration> lag, List<GenerationState> generations,
                           double writesPerHour, Optional<Long> databaseBytes, List<String> warnings) {

    /** One generation: its span, its objects and bytes. */
    public record GenerationState(String name, Optional<Instant> start, Optional<Instant> end, int objects,
                                  long bytes) {
    }

    /**
     * Reads the replica: one listing per generation (0.3) or one of its LTX files (0.5), and the newest snapshot
     * and WAL segments after it, to size the database.
     *
     * @param window a generation that began within it is new and warned of; writes are counted over it
     */
    public static ReplicaState read(Replica replica, Instant now, Duration window) throws ObjectStoreException {
        Set<Discovery.Format> formats = Layouts.detect(replica);
        List<ObjectInfo> all = new ArrayList<>();
        List<GenerationState> generations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<Long> databaseBytes = Optional.empty();
        if (formats.contains(Discovery.Format.LITESTREAM_0_3)) {
            List<Generation> gens = new Catalog(replica).allGenerations();
            for (Generation g : gens) {
                List<ObjectInfo> objects = objects(g);
                all.addAll(objects);
                generations.add(new GenerationState(g.name(), g.bounds().map(Generation.TimeBounds::start),
                        g.bounds().map(Generation.TimeBounds::end), objects.size(), g.storedBytes()));
            }
            Optional<Generation> current = gens.stream().filter(g -> g.bounds().isPresent())
                    .max(Comparator.comparing(g -> g.bounds().get().end()));
            if (current.isPresent()) {
                databaseBytes = Optional.of(databaseBytes(replica, current.get()));
            }
            newGenerationWarning(gens, now, window).ifPresent(warnings::add);
        }
        if (formats.contains(Discovery.Format.LITESTREAM_0_5)) {
            all.addAll(replica.store().list(replica.key(Discovery.Format.LITESTREAM_0_5.dir() + "/"), false)
                    .objects());
        }
        if (formats.size() > 1) {
            warnings.add("the replica holds both Litestream 0.3 generations and 0.5 LTX files: a sidecar of another "
                    + "version wrote here, and the two histories are not one; pin the sidecar image's version");
        }
        if (formats.isEmpty()) {
            warnings.add("the replica holds no Litestream objects yet: the sidecar has not replicated (see its logs)");
        }
        long bytes = all.stream().mapToLong(ObjectInfo::size).sum();
        Optional<Instant> newest = all.stream().map(ObjectInfo::created).max(Comparator.naturalOrder());
        Instant since = now.minus(window);
        long recent = all.stream().filter(o -> o.created().isAfter(since)).count();
        double perHour = recent * 3600.0 / Math.max(1, window.toSeconds());
        return new ReplicaState(replica.url().toString(), formats, all.size(), bytes, newest,
                newest.map(t -> Duration.between(t, now)), generations, perHour, databaseBytes, warnings);
    }

    static List<ObjectInfo> objects(Generation g) {
        List<ObjectInfo> out = new ArrayList<>();
        g.snapshots().forEach(s -> out.add(s.object()));
        g.walSegments().forEach(w -> out.add(w.object()));
        return out;
    }

    /**
     * A generation that began within the window while an older one exists: when the older one went on writing
     * after the new one began, two instances replicated at once (a rollout's overlap); else replication restarted.
     */
    static Optional<String> newGenerationWarning(List<Generation> gens, Instant now, Duration window) {
        List<Generation> dated = gens.stream().filter(g -> g.bounds().isPresent())
                .sorted(Comparator.comparing(g -> g.bounds().get().start())).toList();
        if (dated.size() < 2) {
            return Optional.empty();
        }
        Generation newest = dated.get(dated.size() - 1);
        Generation before = dated.get(dated.size() - 2);
        Instant began = newest.bounds().get().start();
        if (began.isBefore(now.minus(window))) {
            return Optional.empty();
        }
        Instant beforeEnd = before.bounds().get().end();
        String why = beforeEnd.isAfter(began)
                ? "generation " + before.name() + " went on writing until " + beforeEnd + ": two instances "
                + "replicated at once (a rollout's overlap), and writes to the old one after that are not in the new "
                + "history"
                : "generation " + before.name() + " had stopped at " + beforeEnd + ": replication restarted (a "
                + "crash, or a new instance that restored and began again)";
        return Optional.of("a new generation " + newest.name() + " began at " + began + "; " + why
                + "; check the service's revisions and the sidecar's logs around that moment");
    }

    /** The newest snapshot and every WAL segment from its index on, decompressed and counted. */
    private static long databaseBytes(Replica replica, Generation g) throws ObjectStoreException {
        Optional<Snapshot> snapshot = g.snapshots().stream().max(Comparator.comparingInt(Snapshot::index));
        if (snapshot.isEmpty()) {
            return 0;
        }
        long total = decompressedSize(replica, snapshot.get().object());
        for (WalSegment w : g.walSegments()) {
            if (w.index() >= snapshot.get().index()) {
                total += decompressedSize(replica, w.object());
            }
        }
        return total;
    }

    private static long decompressedSize(Replica replica, ObjectInfo o) throws ObjectStoreException {
        long[] n = {0};
        try (InputStream in = replica.store().open(o)) {
            Lz4Frame.decode(in, (data, off, len) -> n[0] += len);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot size " + replica.store().describe(o.key()) + ": " + e.getMessage(),
                    e);
        }
        return n[0];
    }

    /** The volume holding the database, against its size limit. */
    public record VolumeFill(long used, long limit) {
        /** Past this share of its limit a write may soon fail: warn. */
        public static final double WARN_AT = 0.8;

        public double fraction() {
            return limit == 0 ? 0 : (double) used / limit;
        }

        public boolean nearlyFull() {
            return fraction() >= WARN_AT;
        }
    }

    /** The database's size against the in-memory volume's limit, when both are known. */
    public Optional<VolumeFill> fill(Optional<Long> volumeLimit) {
        return databaseBytes.flatMap(b -> volumeLimit.map(l -> new VolumeFill(b, l)));
    }
}
