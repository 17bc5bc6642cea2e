package dev.litescope.cli;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The replica URL every command takes, and the help flag in Litestream's spellings. */
final class ReplicaArg {
    @Parameters(index = "0", paramLabel = "REPLICA_URL",
            description = "file:///path/to/replica, a replica folder, or gcs://bucket/path")
    String url;

    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    ReplicaUrl parsed() {
        return ReplicaUrl.parse(url);
    }

    Catalog open() throws ObjectStoreException {
        return new Catalog(Replicas.open(parsed()));
    }
}
