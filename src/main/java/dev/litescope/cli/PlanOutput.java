package dev.litescope.cli;

import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.replica.v3.WalSegment;
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
import java.util.Map;

/** How {@code restore} shows a plan ({@code -dry-run}) and a result: as text, or with {@code -json} for scripts. */
final class PlanOutput {
    private PlanOutput() {
    }

    static void print(Plan plan, PrintWriter out) {
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
        plan.notes().forEach(n -> out.println("note        " + n));
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
