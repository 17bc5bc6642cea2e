package dev.litescope.replica.v3;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Listing;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The contents of a Litestream 0.3 replica, read lazily: the generation names with one delimited listing,
 * and each generation's snapshots and WAL segments with one listing each when first asked for. A catalogue is
 * a view at one moment; make a new one to see later uploads.
 */
public final class Catalog {
    private final Replica replica;
    private volatile List<String> generationNames;
    private final ConcurrentMap<String, Generation> generations = new ConcurrentHashMap<>();

    public Catalog(Replica replica) {
        this.replica = replica;
    }

    public Replica replica() {
        return replica;
    }

    /** Generation names in listing (name) order. */
    public List<String> generationNames() throws ObjectStoreException {
        List<String> names = generationNames;
        if (names == null) {
            String dir = replica.key(Names.generationsDir());
            Listing listing = replica.store().list(dir, true);
            List<String> found = new ArrayList<>();
            for (String prefix : listing.prefixes()) {
                String name = prefix.substring(dir.length(), prefix.length() - 1);
                if (Names.isGeneration(name)) {
                    found.add(name);
                }
            }
            if (found.isEmpty()) {
                refuseOtherLayouts();
            }
            found.sort(null);
            names = List.copyOf(found);
            generationNames = names;
        }
        return names;
    }

    /**
     * No generations: when the replica is Litestream 0.5's layout (an {@code ltx/} folder), say so, and where its
     * listing is, rather than call it empty. Costs one listing, made only when there is nothing else to show.
     */
    private void refuseOtherLayouts() throws ObjectStoreException {
        Listing ltx = replica.store().listFirst(replica.key(Discovery.Format.LITESTREAM_0_5.dir() + "/"), 1);
        if (!ltx.objects().isEmpty() || !ltx.prefixes().isEmpty()) {
            throw new ObjectStoreException(replica.url() + " is a Litestream 0.5 replica (LTX), which has levels and "
                    + "TXIDs instead of generations: `litescope ltx -level all URL` lists them, and `litescope restore "
                    + "-txid TXID` restores one");
        }
    }

    public boolean hasGeneration(String name) throws ObjectStoreException {
        return generationNames().contains(name);
    }

    /** All objects of one generation. A name that is not in the replica gives an empty generation. */
    public Generation generation(String name) throws ObjectStoreException {
        Generation g = generations.get(name);
        if (g == null) {
            g = load(name);
            generations.putIfAbsent(name, g);
        }
        return g;
    }

    public List<Generation> allGenerations() throws ObjectStoreException {
        List<Generation> out = new ArrayList<>();
        for (String name : generationNames()) {
            out.add(generation(name));
        }
        return out;
    }

    private Generation load(String name) throws ObjectStoreException {
        List<Snapshot> snapshots = new ArrayList<>();
        for (ObjectInfo o : replica.store().list(replica.key(Names.snapshotsDir(name)), false).objects()) {
            Optional<Integer> index = Names.snapshotIndex(o.baseName());
            index.ifPresent(i -> snapshots.add(new Snapshot(name, i, o)));
        }
        List<WalSegment> segments = new ArrayList<>();
        for (ObjectInfo o : replica.store().list(replica.key(Names.walDir(name)), false).objects()) {
            Names.walPosition(o.baseName()).ifPresent(p -> segments.add(new WalSegment(name, p, o)));
        }
        return new Generation(name, snapshots, segments);
    }
}
