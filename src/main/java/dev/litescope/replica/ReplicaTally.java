package dev.litescope.replica;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.Discovery.Found;
import dev.litescope.replica.Discovery.Generation;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.v3.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The replicas that listed objects add up to, for every way {@link Discovery} lists: which objects belong to a
 * replica (the nearest enclosing folder that holds {@code generations/} or {@code ltx/}, with a name Litestream
 * itself would list), and each replica's counts, times, generations and LTX files. Thread-safe.
 */
final class ReplicaTally {
    private static final Pattern LTX_NAME = Pattern.compile("^[0-9a-f]{16}-[0-9a-f]{16}\\.ltx$");
    private static final Pattern LTX_LEVEL = Pattern.compile("^[0-9]$");

    /**
     * Where an object of a replica sits.
     *
     * @param root  the replica's key prefix, ending in '/'
     * @param group the generation (0.3) or the level (0.5)
     * @param base  the object's name
     */
    record Place(String root, Format format, String group, String base) {
        /** The key prefix of the replica's format folder, {@code ROOT/generations/} or {@code ROOT/ltx/}. */
        String formatDir() {
            return root + format.dir() + "/";
        }

        /** The key prefix of the object's generation or level, {@code ROOT/generations/GEN/} or {@code ROOT/ltx/L/}. */
        String groupDir() {
            return formatDir() + group + "/";
        }
    }

    private final Map<String, Acc> byRoot = new LinkedHashMap<>();
    private final boolean keep;

    private static final class Acc {
        final List<ObjectInfo> kept = new ArrayList<>();
        final Map<String, GenAcc> v3 = new LinkedHashMap<>();
        final Set<String> groups = new HashSet<>();
        final List<LtxFile> ltx = new ArrayList<>();
        Instant newest;
        long objects;
        long bytes;
    }

    /**
     * The replica an object listed under {@code dir} belongs to: the first folder below {@code dir} named
     * generations/ or ltx/ decides, and only names Litestream itself would list count (so nothing below a
     * replica's format folder can belong to another replica); empty for anything else.
     */
    ReplicaTally() {
        this(false);
    }

    /** @param keep keep each replica's objects too, for {@link #kept} */
    ReplicaTally(boolean keep) {
        this.keep = keep;
    }

    static Optional<Place> place(String dir, ObjectInfo o) {
        String[] parts = o.key().substring(dir.length()).split("/", -1);
        for (int i = 0; i + 2 < parts.length; i++) {
            Optional<Format> f = formatOf(parts[i]);
            if (f.isEmpty()) {
                continue;
            }
            StringBuilder root = new StringBuilder(dir);
            for (int j = 0; j < i; j++) {
                root.append(parts[j]).append('/');
            }
            String group = parts[i + 1];
            String base = parts[parts.length - 1];
            if (Discovery.isLocalState(root.toString()) || !isReplicaObject(f.get(), group, base)) {
                return Optional.empty();
            }
            return Optional.of(new Place(root.toString(), f.get(), group, base));
        }
        return Optional.empty();
    }

    /** Counts an object listed under {@code dir} toward its replica; anything else is ignored. */
    void add(String dir, ObjectInfo o) {
        place(dir, o).ifPresent(p -> add(p, o));
    }

    synchronized void add(Place p, ObjectInfo o) {
        Acc a = byRoot.computeIfAbsent(p.format().name() + "\n" + p.root(), k -> new Acc());
        a.groups.add(p.group());
        if (keep) {
            a.kept.add(o);
        }
        a.objects++;
        a.bytes += o.size();
        Instant time = o.created();
        if (p.format() == Format.LITESTREAM_0_5) {
            LtxCatalog.parse(p.group() + "/" + p.base(), o).ifPresent(a.ltx::add);
            time = LtxCatalog.objectTime(o);
        } else {
            a.v3.computeIfAbsent(p.group(), GenAcc::new).add(p.base(), time);
        }
        if (a.newest == null || time.isAfter(a.newest)) {
            a.newest = time;
        }
    }

    synchronized List<Found> replicas(ReplicaUrl searched, String prefix) {
        List<Found> out = new ArrayList<>();
        byRoot.forEach((k, a) -> {
            int nl = k.indexOf('\n');
            String root = k.substring(nl + 1);
            out.add(new Found(root, searched.below(root.substring(prefix.length())),
                    Format.valueOf(k.substring(0, nl)), a.groups.size(), Optional.ofNullable(a.newest),
                    a.objects, a.bytes, a.ltx, a.v3.values().stream().map(GenAcc::summary).toList()));
        });
        out.sort(Comparator.comparing(Found::root).thenComparing(Found::format));
        return out;
    }

    /** The objects of each replica of at least {@code min} objects, by key (only when made to keep them). */
    synchronized List<DiscoveryState.Large> kept(int min) {
        List<DiscoveryState.Large> out = new ArrayList<>();
        byRoot.forEach((k, a) -> {
            if (a.objects >= min) {
                int nl = k.indexOf('\n');
                out.add(new DiscoveryState.Large(k.substring(nl + 1), Format.valueOf(k.substring(0, nl)), a.kept));
            }
        });
        return out;
    }

    static Optional<Format> formatOf(String name) {
        for (Format f : Format.values()) {
            if (f.dir().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static boolean isReplicaObject(Format format, String group, String baseName) {
        if (format == Format.LITESTREAM_0_3) {
            return Names.isGeneration(group)
                    && (Names.snapshotIndex(baseName).isPresent() || Names.walPosition(baseName).isPresent());
        }
        return LTX_LEVEL.matcher(group).matches() && LTX_NAME.matcher(baseName).matches();
    }

    /** A 0.3 generation's objects so far: times, snapshot indexes and WAL indexes. */
    private static final class GenAcc {
        final String id;
        final BitSet walIndexes = new BitSet();
        Instant first;
        Instant newest;
        Instant newestSnapshot;
        int firstSnapshotIndex = Integer.MAX_VALUE;

        GenAcc(String id) {
            this.id = id;
        }

        void add(String base, Instant time) {
            first = first == null || time.isBefore(first) ? time : first;
            newest = newest == null || time.isAfter(newest) ? time : newest;
            Optional<Integer> snapshot = Names.snapshotIndex(base);
            if (snapshot.isPresent()) {
                firstSnapshotIndex = Math.min(firstSnapshotIndex, snapshot.get());
                newestSnapshot = newestSnapshot == null || time.isAfter(newestSnapshot) ? time : newestSnapshot;
            } else {
                Names.walPosition(base).ifPresent(p -> walIndexes.set(p.index()));
            }
        }

        Generation summary() {
            boolean broken = newestSnapshot == null;
            int last = walIndexes.length() - 1;
            if (!broken && last > firstSnapshotIndex) {
                int gap = walIndexes.nextClearBit(firstSnapshotIndex);
                broken = gap < last;
            }
            return new Generation(id, first, newest, Optional.ofNullable(newestSnapshot), broken);
        }
    }
}
