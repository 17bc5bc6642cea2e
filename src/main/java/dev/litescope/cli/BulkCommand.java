package dev.litescope.cli;

import dev.litescope.fleet.BulkRun;
import dev.litescope.fleet.FleetFilter;
import dev.litescope.fleet.FleetReplica;
import dev.litescope.fleet.FleetSort;
import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import dev.litescope.util.JsonMapper;
import dev.litescope.util.Units;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code restore-all} and {@code verify}: find the replicas below a prefix as {@code databases} does, keep those
 * the filter passes, run {@link BulkRun} over them, print a line per replica as it finishes and a summary, and
 * exit 1 when any failed (130 when interrupted).
 */
abstract class BulkCommand implements Callable<Integer> {
    @ParentCommand
    LitescopeCommand parent;

    @Mixin
    ReplicaArg replica;

    @Option(names = {"-filter", "--filter"}, paramLabel = "TERMS",
            description = "Only the replicas for which every term holds, as for `litescope databases`: a path "
                    + "glob (tenants/*), lag > 1h, size > 10MB, has breaks, 0.3 only, ...")
    String filter;

    @Option(names = {"-timestamp", "--timestamp"}, paramLabel = "RFC3339",
            description = "Each replica's state as of this time, e.g. 2026-11-27T20:29:44Z (default: the latest).")
    String timestamp;

    @Option(names = {"-parallelism", "--parallelism"}, paramLabel = "N", defaultValue = "4",
            description = "Replicas restored at once, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = {"-json", "--json"},
            description = "Print a JSON object per replica, one a line as each finishes, and one for the summary.")
    boolean json;

    /** Runs the bulk action. */
    abstract BulkRun.Totals run(BulkRun bulk, List<FleetReplica> replicas, BulkRun.Listener listener,
                                Cancellation cancel) throws Exception;

    /** The verb of the summary: "restored", "verified". */
    abstract String verb();

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        FleetFilter only;
        RestoreTarget target = RestoreTarget.latest();
        try {
            only = filter == null ? FleetFilter.all() : FleetFilter.parse(filter);
            if (timestamp != null) {
                target = RestoreTarget.timestamp(GoTime.parseRfc3339(timestamp));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(parent.spec.commandLine(), e.getMessage());
        }
        if (parallelism < BulkRun.MIN_PARALLELISM || parallelism > BulkRun.MAX_PARALLELISM) {
            throw new ParameterException(parent.spec.commandLine(), "-" + BulkRun.parallelismError(parallelism));
        }
        Replica searched = replica.openReplica(parent.env);
        Cancellation cancel = new Cancellation();
        List<Discovery.Found> found = new Discovery(searched, 16).findFlat(cancel);
        Instant now = parent.clock.instant();
        Pricing pricing = Pricing.load(parent.env);
        String root = searched.root().isEmpty() ? "" : searched.root() + "/";
        List<FleetReplica> chosen = FleetSort.parse("path").sorted(found.stream()
                .map(f -> FleetReplica.of(f, root, now, pricing)).filter(only).toList());
        if (chosen.isEmpty()) {
            throw new CommandFailure(found.isEmpty() ? "no Litestream replica below " + searched.url()
                    + ": give the bucket or folder that holds the replicas"
                    : "none of the " + found.size() + " replica(s) below " + searched.url() + " matches the filter \""
                    + only.text() + "\": `litescope databases` lists them");
        }
        if (filter != null) {
            err.printf(Locale.ROOT, "%d of %d database(s) match the filter \"%s\"%n", chosen.size(), found.size(),
                    only.text());
        }
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl+C: cancel, and let the restores under way remove their temporary files before the JVM exits.
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "litescope-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        BulkRun.Totals t;
        try {
            t = run(new BulkRun(searched, target, parallelism), chosen, (r, soFar) -> {
                out.print(json ? JsonMapper.compact(json(r)) + "\n" : line(r) + "\n");
                out.flush();
            }, cancel);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        String summary = String.format(Locale.ROOT, "%s %d of %d database(s): %d ok, %d failed, %d skipped, %s "
                        + "written, %s downloaded in %.2fs%s", verb(), t.done(), t.total(), t.ok(), t.failed(),
                t.skipped(), Units.bytes(t.databaseBytes()), Units.bytes(t.bytesDownloaded()),
                t.elapsed().toNanos() / 1e9, t.cancelled() ? "; cancelled, " + (t.total() - t.done())
                        + " not tried" : "");
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("summary", summary);
            m.put("total", t.total());
            m.put("done", t.done());
            m.put("ok", t.ok());
            m.put("failed", t.failed());
            m.put("skipped", t.skipped());
            m.put("database_bytes", t.databaseBytes());
            m.put("bytes_downloaded", t.bytesDownloaded());
            m.put("elapsed_ns", t.elapsed().toNanos());
            m.put("cancelled", t.cancelled());
            out.print(JsonMapper.compact(m) + "\n");
        } else {
            out.println(summary);
        }
        replica.printStats(parent.env, err);
        return t.cancelled() ? 130 : t.failed() > 0 ? 1 : 0;
    }

    /** {@code ok      PATH  FILE  SIZE  0.12s  MESSAGE}, the message naming the object at fault. */
    private static String line(BulkRun.Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-7s %s", r.outcome().label(),
                r.replica().path()));
        r.file().filter(f -> r.outcome() == BulkRun.Outcome.OK).ifPresent(f -> b.append("  ").append(f));
        if (r.outcome() == BulkRun.Outcome.OK) {
            b.append("  ").append(Units.bytes(r.databaseBytes()))
                    .append(String.format(Locale.ROOT, "  %.2fs", r.elapsed().toNanos() / 1e9));
        }
        return b.append("  ").append(r.message()).toString();
    }

    private static Map<String, Object> json(BulkRun.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", r.replica().path());
        m.put("result", r.outcome().label());
        m.put("file", r.file().map(Object::toString).orElse(null));
        m.put("database_bytes", r.databaseBytes());
        m.put("bytes_downloaded", r.bytesDownloaded());
        m.put("elapsed_ns", r.elapsed().toNanos());
        m.put("message", r.message());
        return m;
    }
}
