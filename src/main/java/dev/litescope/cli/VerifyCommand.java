package dev.litescope.cli;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.util.Cancellation;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "verify", description = {"Check that every Litestream replica below a bucket or prefix (or those "
        + "the filter passes) restores: each into a temporary file, checked by SQLite's PRAGMA integrity_check, "
        + "then deleted. Exits 1 if any replica failed."})
final class VerifyCommand extends BulkCommand {
    @Override
    BulkRun.Totals run(BulkRun bulk, List<FleetReplica> replicas, BulkRun.Listener listener, Cancellation cancel)
            throws Exception {
        return bulk.verifyAll(replicas, listener, cancel);
    }

    @Override
    String verb() {
        return "verified";
    }
}
