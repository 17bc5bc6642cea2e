package dev.litescope.ui.connections;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.DiscoveryKeeper;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Finds the databases under one connection, off the UI thread: the demo (installed first), a folder, or a bucket
 * or prefix. A folder is walked whole ({@link Discovery#findFlat}). A bucket or prefix is listed as
 * {@code litescope databases --incremental} lists it, through the same {@link DiscoveryKeeper}: the first time
 * flat in key ranges, about one list request per 1000 objects; a later search of the same URL (in this session,
 * or after a restart from the state the last one left in the cache folder) lists each large replica only from
 * its newest objects on. What cannot be searched fails with the engine's message (a missing folder, a refused
 * bucket).
 */
final class ConnectionSearch {
    /** Listings run at once while searching a bucket. */
    static final int DISCOVERY_PARALLELISM = 8;

    private final ReplicaOptions options;
    private final Callable<Path> demo;
    private final DiscoveryKeeper keeper;

    /** What a search found, and for a bucket what it listed, in words ("" for a folder). */
    record Result(List<Database> databases, String listed) {
    }

    /**
     * @param options how to reach Cloud Storage, counting into the session's requests; no object cache (a search
     *                only lists)
     * @param demo    installs the bundled demo replica and returns its folder
     * @param keeper  keeps each bucket search's state for the next search of the same URL
     */
    ConnectionSearch(ReplicaOptions options, Callable<Path> demo, DiscoveryKeeper keeper) {
        this.options = options;
        this.demo = demo;
        this.keeper = keeper;
    }

    Result find(Connection c, Cancellation cancellation) throws Exception {
        Replica opened = open(c);
        try (ObjectStore store = opened.store()) {
            String prefix = opened.root().isEmpty() ? "" : opened.root() + "/";
            Discovery discovery = new Discovery(opened, DISCOVERY_PARALLELISM);
            List<Discovery.Found> found;
            String listed = "";
            if (c instanceof Connection.Bucket) {
                Discovery.Refreshed r = keeper.refresh(discovery, cancellation);
                found = r.found();
                listed = r.listed();
            } else {
                found = discovery.findFlat(cancellation); // a folder gains nothing from a refresh
            }
            List<Database> out = new ArrayList<>();
            for (Discovery.Found r : found) {
                String path = relative(r.root(), prefix);
                String url = r.url() instanceof ReplicaUrl.Local l ? l.dir().toString() : r.url().toString();
                out.add(new Database(c, path, url, r));
            }
            return new Result(out, listed);
        }
    }

    /** The searched place itself, whose store holds every database found in it; the caller closes the store. */
    Replica open(Connection c) throws Exception {
        if (c instanceof Connection.Bucket b) {
            return Replicas.open(b.url(), options);
        }
        Path dir = c instanceof Connection.Folder f ? f.dir() : demo.call();
        return Replicas.open(new ReplicaUrl.Local(dir));
    }

    private static String relative(String root, String prefix) {
        String rel = root.substring(prefix.length());
        return rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
    }
}
