package dev.litescope.cli;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.WalSegment;
import dev.litescope.restore.FetchEstimate;
import dev.litescope.restore.Plan;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.ltx.LtxPlan;
import dev.litescope.restore.v3.RestorePlan;
import dev.litescope.util.GoTime;
import dev.litescope.util.Units;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How {@code restore} shows a plan ({@code -dry-run}) and a result: as text, or with {@code -json} for scripts. */
final class PlanOutput {
    private PlanOutput() {
    }

    /**
     * @param fetch what of the plan Cloud Storage holds and the cache does not, and what reading it costs; empty for
     *              a local folder, which is read in place
     */
    static void print(Plan plan, Optional<Fetch> fetch, PrintWriter out) {
        out.printf("target      %s%n", plan.target());
        if (plan instanceof LtxPlan p) {
            out.printf("txid        %s%n", LtxNames.txid(p.txid()));
            for (LtxFile f : p.files()) {
                out.printf("file        %s  %s  %s  created %s%n", f.label(), f.object().key(), Units.bytes(f.size()),
                        GoTime.rfc3339Nano(f.created()));
            }
        } else if (plan instanceof RestorePlan p) {
            out.printf("generation  %s%n", p.generation());
            out.printf("snapshot    %08x  %s  %s  created %s%n", p.snapshot().index(), p.snapshot().object().key(),
                    Units.bytes(p.snapshot().size()), GoTime.rfc3339Nano(p.snapshot().created()));
            if (p.segments().isEmpty()) {
                out.println("wal         none");
            } else {
                WalSegment first = p.segments().get(0);
                WalSegment last = p.segments().get(p.segments().size() - 1);
                out.printf("wal         %d segment(s) from %s to %s, last created %s%n", p.segments().size(),
                        first.position(), last.position(), GoTime.rfc3339Nano(last.created()));
            }
        }
        out.printf("download    %d object(s), %s%n", plan.objectCount(), Units.bytes(plan.storedBytes()));
        fetch.ifPresent(f -> {
            FetchEstimate e = f.estimate();
            out.printf("cached      %d object(s), %s%n", e.cachedObjects(), Units.bytes(e.cachedBytes()));
            out.printf(Locale.ROOT, "fetch       %d get(s) (class B), %s, operations cost $%.7f%n", e.downloads(),
                    Units.bytes(e.downloadBytes()), e.cost(f.pricing()));
        });
        plan.notes().forEach(n -> out.println("note        " + n));
    }

    /** What a plan on Cloud Storage leaves to download after the cache, at these prices. */
    record Fetch(FetchEstimate estimate, Pricing pricing) {
        /** Asks the cache about each of the plan's objects; empty for a local folder. */
        static Optional<Fetch> of(Plan plan, Replica replica, Pricing pricing) {
            return replica.url() instanceof ReplicaUrl.Gcs
                    ? Optional.of(new Fetch(FetchEstimate.of(plan, replica.store()), pricing)) : Optional.empty();
        }
    }

    static Map<String, Object> json(Plan plan, Optional<Fetch> fetch) {
        Map<String, Object> doc = json(plan);
        fetch.ifPresent(f -> {
            FetchEstimate e = f.estimate();
            doc.put("cached_objects", e.cachedObjects());
            doc.put("cached_bytes", e.cachedBytes());
            doc.put("downloads", e.downloads());
            doc.put("download_bytes", e.downloadBytes());
            doc.put("operations_cost_usd", e.cost(f.pricing()));
        });
        return doc;
    }

    static Map<String, Object> json(Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("target", plan.target().toString());
        doc.put("summary", plan.summary());
        if (plan instanceof LtxPlan p) {
            doc.put("format", "0.5");
            doc.put("txid", LtxNames.txid(p.txid()));
            List<Map<String, Object>> files = new ArrayList<>();
            for (LtxFile f : p.files()) {
                files.add(file(f));
            }
            doc.put("files", files);
        } else if (plan instanceof RestorePlan p) {
            doc.put("format", "0.3");
            doc.put("generation", p.generation());
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("index", p.snapshot().index());
            snapshot.put("size", p.snapshot().size());
            snapshot.put("created", GoTime.rfc3339Nano(p.snapshot().created()));
            snapshot.put("key", p.snapshot().object().key());
            doc.put("snapshot", snapshot);
            List<Map<String, Object>> segments = new ArrayList<>();
            for (WalSegment s : p.segments()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", s.index());
                m.put("offset", s.offset());
                m.put("size", s.size());
                m.put("created", GoTime.rfc3339Nano(s.created()));
                m.put("key", s.object().key());
                segments.add(m);
            }
            doc.put("wal_segments", segments);
        }
        doc.put("objects", plan.objectCount());
        doc.put("stored_bytes", plan.storedBytes());
        doc.put("notes", plan.notes());
        return doc;
    }

    /** One LTX file as {@code litestream ltx -json} gives it, with the key and full-precision time added. */
    static Map<String, Object> file(LtxFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", f.level());
        m.put("min_txid", LtxNames.txid(f.minTxid()));
        m.put("max_txid", LtxNames.txid(f.maxTxid()));
        m.put("size", f.size());
        m.put("timestamp", GoTime.rfc3339Nano(f.created()));
        m.put("key", f.object().key());
        return m;
    }

    static Map<String, Object> json(RestoreResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("output", r.output().toString());
        doc.put("database_bytes", r.databaseBytes());
        doc.put("bytes_downloaded", r.bytesDownloaded());
        doc.put("elapsed_ns", r.elapsed().toNanos());
        doc.put("integrity", r.integrity().orElse(null));
        doc.put("verified", r.verified());
        doc.put("notes", r.notes());
        doc.put("plan", json(r.plan()));
        return doc;
    }
}
