package dev.litescope.cli;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The replica URL every command takes, with the flags that say how to read it. */
final class ReplicaArg {
    @Parameters(index = "0", paramLabel = "REPLICA_URL",
            description = "file:///path/to/replica, a replica folder, gcs://bucket/path or gs://bucket/path")
    String url;

    @Option(names = {"-no-cache", "--no-cache"},
            description = "Download every object instead of using the local cache of immutable objects.")
    boolean noCache;

    @Option(names = {"-stats", "--stats"},
            description = "Report the storage requests made, bytes downloaded and what the operations cost.")
    boolean stats;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private Replica opened;

    ReplicaUrl parsed() {
        return ReplicaUrl.parse(url);
    }

    Catalog open(Map<String, String> env) throws ObjectStoreException {
        return new Catalog(openReplica(env));
    }

    /** The replica, whatever its layout. */
    Replica openReplica(Map<String, String> env) throws ObjectStoreException {
        opened = Replicas.open(parsed(), ReplicaOptions.fromEnvironment(env, !noCache));
        return opened;
    }

    /** What the command cost so far; empty before {@link #open}. */
    Map<String, Object> statsJson(Map<String, String> env) {
        return opened == null ? Map.of() : StorageStats.of(opened, Pricing.load(env)).toJson();
    }

    /** Prints the statistics line on stderr when -stats was given. */
    void printStats(Map<String, String> env, PrintWriter err) {
        if (stats && opened != null) {
            err.println(StorageStats.of(opened, Pricing.load(env)).describe());
        }
    }
}
