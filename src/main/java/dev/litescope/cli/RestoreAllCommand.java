package dev.litescope.cli;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore-all", description = {"Restore every Litestream replica below a bucket or prefix (or those "
        + "the filter passes) into a folder, one SQLite file per replica path: tenants/acme/db becomes "
        + "DIR/tenants/acme/db.sqlite. Each file is checked by SQLite before it is put in place; an existing file "
        + "is skipped unless -force. Exits 1 if any replica failed."})
final class RestoreAllCommand extends BulkCommand {
    @Option(names = {"-o", "--o", "-output", "--output"}, paramLabel = "DIR", required = true,
            description = "The folder to restore into; created if need be.")
    Path output;

    @Option(names = {"-force", "--force"}, description = "Replace existing files instead of skipping them.")
    boolean force;

    @Override
    BulkRun.Totals run(BulkRun bulk, List<FleetReplica> replicas, BulkRun.Listener listener, Cancellation cancel)
            throws Exception {
        return bulk.restoreAll(replicas, output, force, listener, cancel);
    }

    @Override
    String verb() {
        return "restored";
    }
}
