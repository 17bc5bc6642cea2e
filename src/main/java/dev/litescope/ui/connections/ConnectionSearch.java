package dev.litescope.ui.connections;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.ObjectStore;
import dev.litescope.replica.ObjectStoreException;
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
 * or prefix, by the same flat listing in key ranges ({@link Discovery#findFlat}) as {@code litescope databases}:
 * about one list request per 1000 objects. What cannot be searched fails with the
 * engine's message (a missing folder, a refused bucket).
 */
final class ConnectionSearch {
    /** Listings run at once while searching a bucket. */
    static final int DISCOVERY_PARALLELISM = 8;

    private final ReplicaOptions options;
    private final Callable<Path> demo;

    /**
     * @param options how to reach Cloud Storage, counting into the session's requests; no object cache (a search
     *                only lists)
     * @param demo    installs the bundled demo replica and returns its folder
     */
    ConnectionSearch(ReplicaOptions options, Callable<Path> demo) {
        this.options = options;
        this.demo = demo;
    }

    List<Database> find(Connection c, Cancellation cancellation) throws Exception {
        Replica opened = open(c);
        try (ObjectStore store = opened.store()) {
            String prefix = opened.root().isEmpty() ? "" : opened.root() + "/";
            List<Database> out = new ArrayList<>();
            for (Discovery.Found r : discover(opened, cancellation)) {
                String path = relative(r.root(), prefix);
                String url = r.url() instanceof ReplicaUrl.Local l ? l.dir().toString() : r.url().toString();
                out.add(new Database(c, path, url, r));
            }
            return out;
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

    private static List<Discovery.Found> discover(Replica searched, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        return new Discovery(searched, DISCOVERY_PARALLELISM).findFlat(cancellation);
    }

    private static String relative(String root, String prefix) {
        String rel = root.substring(prefix.length());
        return rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
    }
}
