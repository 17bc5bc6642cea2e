package dev.litescope.cli;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.MissingReplicaException;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Names;
import dev.litescope.restore.FormatChoice;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.any.AnyRestore;
import dev.litescope.restore.ltx.LtxPlanner;
import dev.litescope.restore.v3.Planner;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import dev.litescope.util.JsonMapper;
import dev.litescope.util.Units;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

@Command(name = "restore", description = {
        "Restore a replica to a local SQLite file at the latest state, a point in time, or (Litestream 0.5) a TXID.",
        "Byte-identical to litestream restore; refuses replicas with gaps that litestream restore turns into "
                + "corrupt files or silently older states."})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Option(names = {"-o", "--o", "-output", "--output"}, paramLabel = "PATH", required = true,
            description = "The database file to create.")
    Path output;

    @Option(names = {"-generation", "--generation"}, paramLabel = "G", description = "Restore from this generation.")
    String generation;

    @Option(names = {"-index", "--index"}, paramLabel = "HEX",
            description = "Restore up to and including this WAL index (hexadecimal, as Litestream prints it).")
    String index;

    @Option(names = {"-txid", "--txid"}, paramLabel = "TXID",
            description = "Litestream 0.5 replicas: restore the state after this transaction (16 hexadecimal digits, "
                    + "as `litescope ltx` prints them).")
    String txid;

    @Option(names = {"-timestamp", "--timestamp"}, paramLabel = "RFC3339",
            description = "Restore the state as of this time, e.g. 2026-11-27T20:29:44Z.")
    String timestamp;

    @Option(names = {"-parallelism", "--parallelism"}, paramLabel = "N", defaultValue = "8",
            description = "WAL segments downloaded at once, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = {"-force", "--force"}, description = "Replace an existing output file.")
    boolean force;

    @Option(names = {"-integrity-check", "--integrity-check"}, paramLabel = "MODE", defaultValue = "quick",
            description = "Check the result with SQLite before writing it: quick (the default), full, or none.")
    RestoreOptions.IntegrityCheck integrityCheck;

    @Option(names = {"-if-db-not-exists", "--if-db-not-exists"},
            description = "Do nothing (exit 0) if the output file already exists.")
    boolean ifDbNotExists;

    @Option(names = {"-if-replica-exists", "--if-replica-exists"},
            description = "Do nothing (exit 0) if the replica holds no backups.")
    boolean ifReplicaExists;

    @Option(names = {"-dry-run", "--dry-run"}, description = "Print what would be fetched and applied; write nothing.")
    boolean dryRun;

    @Option(names = {"-json", "--json"}, description = "Print the plan (with -dry-run) or the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = parent.spec.commandLine().getErr();
        PrintWriter out = parent.spec.commandLine().getOut();
        RestoreTarget target = target();
        if (ifDbNotExists && Files.exists(output)) {
            err.println("database already exists, skipping");
            return 0;
        }
        Replica opened = replica.openReplica(parent.env);
        FormatChoice choice = FormatChoice.choose(opened, target);
        choice.note().ifPresent(n -> err.println("note: " + n));
        Plan plan;
        if (choice.format() == Discovery.Format.LITESTREAM_0_5) {
            LtxCatalog catalog = new LtxCatalog(opened);
            if (ifReplicaExists && catalog.files().isEmpty()) {
                err.println("no matching backups found, skipping");
                return 0;
            }
            plan = new LtxPlanner(catalog).plan(target);
        } else {
            Catalog catalog = new Catalog(opened);
            if (ifReplicaExists && !hasGenerations(catalog)) {
                err.println("no matching backups found, skipping");
                return 0;
            }
            plan = new Planner(catalog).plan(target);
        }
        plan.notes().forEach(n -> err.println("note: " + n));
        if (dryRun) {
            Optional<PlanOutput.Fetch> fetch = PlanOutput.Fetch.of(plan, opened, Pricing.load(parent.env));
            if (json) {
                out.print(JsonMapper.pretty(PlanOutput.json(plan, fetch)) + "\n");
            } else {
                PlanOutput.print(plan, fetch, out);
            }
            replica.printStats(parent.env, err);
            return 0;
        }
        RestoreOptions options = new RestoreOptions(parallelism, force, integrityCheck);
        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl+C: cancel, and let the restore remove its temporary file before the JVM exits.
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "litescope-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Progress.Listener listener = System.console() != null ? new TerminalProgress(err) : Progress.Listener.NONE;
            RestoreResult r = AnyRestore.restore(opened, plan, output, options, listener, cancel);
            if (listener instanceof TerminalProgress) {
                err.print("\r\033[K");
            }
            String verified = r.verified() ? ", integrity ok (verified by SQLite's "
                    + integrityCheck.name().toLowerCase(Locale.ROOT) + "_check)"
                    : r.integrity().map(i -> ", integrity " + i).orElse("");
            err.printf("restored %s: %s, %s downloaded, %d bytes written in %.2fs%s%n", r.output(),
                    r.plan().summary(), Units.bytes(r.bytesDownloaded()), r.databaseBytes(),
                    r.elapsed().toNanos() / 1e9, verified);
            r.notes().forEach(n -> err.println("note: " + n));
            if (json) {
                out.print(JsonMapper.pretty(PlanOutput.json(r)) + "\n");
            }
            replica.printStats(parent.env, err);
            return 0;
        } catch (Cancellation.CancelledException e) {
            err.println("restore cancelled; nothing was written");
            return 130;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    /** Parses the flags; which combinations make a target is the engine's to say. */
    private RestoreTarget target() {
        OptionalInt idx = OptionalInt.empty();
        if (index != null) {
            String hex = index.startsWith("0x") ? index.substring(2) : index;
            try {
                long v = Long.parseLong(hex, 16);
                if (v < 0 || v > Names.MAX_INDEX) {
                    throw new NumberFormatException();
                }
                idx = OptionalInt.of((int) v);
            } catch (NumberFormatException e) {
                throw new ParameterException(parent.spec.commandLine(), "invalid index \"" + index
                        + "\": expected hexadecimal such as 0000001a");
            }
        }
        Optional<Instant> at = Optional.empty();
        if (timestamp != null) {
            try {
                at = Optional.of(GoTime.parseRfc3339(timestamp));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(parent.spec.commandLine(), e.getMessage());
            }
        }
        if (parallelism < RestoreOptions.MIN_PARALLELISM || parallelism > RestoreOptions.MAX_PARALLELISM) {
            throw new ParameterException(parent.spec.commandLine(), "-" + RestoreOptions.parallelismError(parallelism));
        }
        if (txid != null) {
            if (generation != null || index != null || timestamp != null) {
                throw new ParameterException(parent.spec.commandLine(), "cannot specify -txid with -generation, "
                        + "-index or -timestamp: a TXID names one state of a Litestream 0.5 replica");
            }
            try {
                return RestoreTarget.txid(LtxNames.parseTxid(txid));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(parent.spec.commandLine(), e.getMessage());
            }
        }
        try {
            return RestoreTarget.of(Optional.ofNullable(generation), idx, at);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(parent.spec.commandLine(), e.getMessage());
        }
    }

    /** A one-line progress display on a terminal. */
    private static final class TerminalProgress implements Progress.Listener {
        private final PrintWriter err;
        private long lastPrint;

        TerminalProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void onProgress(Progress p) {
            long now = System.nanoTime();
            if (now - lastPrint < 100_000_000L && p.objectsDone() < p.objectsPlanned()) {
                return;
            }
            lastPrint = now;
            err.printf("\r\033[K%s: %3.0f%%  %s / %s  %d / %d objects", p.phase(), p.fraction() * 100,
                    Units.bytes(p.bytesDone()), Units.bytes(p.bytesPlanned()), p.objectsDone(), p.objectsPlanned());
            err.flush();
        }
    }

    /** As Litestream: a replica folder that is not there holds no backups, which -if-replica-exists skips. */
    private static boolean hasGenerations(Catalog catalog) throws ObjectStoreException {
        try {
            return !catalog.generationNames().isEmpty();
        } catch (MissingReplicaException e) {
            return false;
        }
    }
}
