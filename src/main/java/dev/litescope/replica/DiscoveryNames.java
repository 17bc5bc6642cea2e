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
    private final ObjectStore store;
    private final String prefix;

    DiscoveryNames(Discovery discovery) {
        this.discovery = discovery;
        this.store = discovery.store();
        this.prefix = discovery.prefix();
    }

    List<Named> find(Cancellation cancellation) throws ObjectStoreException, InterruptedException {
        Set<ReplicaTally.Place> found = ConcurrentHashMap.newKeySet();
        discovery.inRanges(discovery.bounds(prefix, cancellation), cancellation,
                (from, to) -> skipThrough(from, to, found, cancellation));
        ReplicaUrl url = discovery.searched().url();
        return found.stream().map(p -> new Named(p.root(), url.below(p.root().substring(prefix.length())),
                p.format())).sorted(Comparator.comparing(Named::root).thenComparing(Named::format)).toList();
    }

    /** One key range: a page at a time, each replica's format folder skipped once seen. */
    private void skipThrough(String from, String to, Set<ReplicaTally.Place> found, Cancellation cancellation)
            throws ObjectStoreException {
        String cursor = from;
        while (true) {
            Discovery.stopIfCancelled(cancellation);
            Listing page = store.listFrom(prefix, cursor, to, Discovery.PROBE);
            String skip = null;
            for (ObjectInfo o : page.objects()) {
                if (skip != null && o.key().startsWith(skip)) {
                    continue;
                }
                Optional<ReplicaTally.Place> p = ReplicaTally.place(prefix, o);
                if (p.isPresent()) {
                    found.add(replica(p.get()));
                    skip = p.get().formatDir();
                }
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                return;
            }
            String last = page.objects().get(page.objects().size() - 1).key();
            // The next request starts past the folder being skipped, or at the page's last key again (startOffset
            // is inclusive; seeing a key twice changes nothing).
            String next = skip != null && last.startsWith(skip) ? Discovery.after(skip) : last;
            if (next.equals(cursor)) {
                // A page that held nothing past its start: page through the rest instead of asking again.
                for (ObjectInfo o : store.listRange(prefix, cursor, to).objects()) {
                    ReplicaTally.place(prefix, o).ifPresent(p -> found.add(replica(p)));
                }
                return;
            }
            cursor = next;
        }
    }

    /** The replica of a place, without the object's generation or level. */
    private static ReplicaTally.Place replica(ReplicaTally.Place p) {
        return new ReplicaTally.Place(p.root(), p.format(), "", "");
    }
}
