package dev.litescope.replica;

import dev.litescope.replica.Discovery.Named;
import dev.litescope.util.Cancellation;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Discovery#findNames}: which replicas exist, each range of the flat listing walked a page at a time,
 * skipping past a replica's format folder once an object in it shows the layout.
 */
final class DiscoveryNames {
    private final Discovery discovery;
    private final String prefix;

    DiscoveryNames(Discovery discovery) {
        this.discovery = discovery;
        this.prefix = discovery.prefix();
    }

    List<Named> find(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        Set<ReplicaTally.Place> found = ConcurrentHashMap.newKeySet();
        // Skipping makes a big replica's pages few, so cutting ranges further would mostly add partial pages.
        discovery.ranges(Discovery.RANGES).run(discovery.bounds(prefix, cancellation), cancellation,
                objects -> skipThrough(objects, found));
        ReplicaUrl url = discovery.searched().url();
        return found.stream().map(p -> new Named(p.root(), url.below(p.root().substring(prefix.length())),
                p.format())).sorted(Comparator.comparing(Named::root).thenComparing(Named::format)).toList();
    }

    /**
     * One page of a key range: the replicas it shows; the next request starts past the format folder being
     * skipped, or just after the page's last key.
     */
    private String skipThrough(List<ObjectInfo> objects, Set<ReplicaTally.Place> found) {
        String skip = null;
        for (ObjectInfo o : objects) {
            if (skip != null && o.key().startsWith(skip)) {
                continue;
            }
            Optional<ReplicaTally.Place> p = ReplicaTally.place(prefix, o);
            if (p.isPresent()) {
                found.add(replica(p.get()));
                skip = p.get().formatDir();
            }
        }
        String last = objects.get(objects.size() - 1).key();
        return skip != null && last.startsWith(skip) ? Discovery.after(skip) : DiscoveryRanges.successor(last);
    }

    /** The replica of a place, without the object's generation or level. */
    private static ReplicaTally.Place replica(ReplicaTally.Place p) {
        return new ReplicaTally.Place(p.root(), p.format(), "", "");
    }
}
