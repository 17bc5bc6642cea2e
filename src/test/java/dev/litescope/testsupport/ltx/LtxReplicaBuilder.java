package dev.litescope.testsupport.ltx;

import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.GoTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Makes a Litestream 0.5 replica from captured database states (TXID t is {@code states.get(t - 1)}), as the
 * spec says Litestream lays one out: a level-0 file per TXID (TXID 1 a full image; after that the pages that
 * changed and every page above the previous commit), compactions at levels 1 to 3 over fixed spans of the level
 * below, each stamped with its newest input's time, and level-9 snapshots read from the state itself and stamped
 * later than the level-0 file of their TXID.
 *
 * <p>L0 file t is stamped {@code base + t} seconds; a snapshot of TXID t at {@code base + t s + 400 ms}.
 */
public final class LtxReplicaBuilder {
    /** One file of the replica. */
    public record Built(int level, long min, long max, byte[] data, long timestampMillis) {
        public String relativeName() {
            return "ltx/" + level + "/" + String.format("%016x-%016x.ltx", min, max);
        }

        public Instant time() {
            return Instant.ofEpochMilli(timestampMillis);
        }
    }

    private final List<byte[]> states;
    private final int pageSize;
    private final long baseMillis;
    private final int[] spans = new int[4];
    private final TreeSet<Long> snapshots = new TreeSet<>();
    private EncodingRule encoding = (level, min, max) -> LtxWriter.Encoding.SIZED_BLOCK;
    private Predicate<Built> keep = b -> true;

    /** Which page encoding a file gets. */
    @FunctionalInterface
    public interface EncodingRule {
        LtxWriter.Encoding of(int level, long min, long max);
    }

    public LtxReplicaBuilder(List<byte[]> states, int pageSize, Instant base) {
        this.states = states;
        this.pageSize = pageSize;
        this.baseMillis = base.toEpochMilli();
    }

    /** Level {@code level} (1..3) compacts every {@code span} files of the level below. */
    public LtxReplicaBuilder compact(int level, int span) {
        spans[level] = span;
        return this;
    }

    /** Snapshots at these TXIDs, replacing any given before (none: no snapshots). */
    public LtxReplicaBuilder snapshotAt(long... txids) {
        snapshots.clear();
        for (long t : txids) {
            snapshots.add(t);
        }
        return this;
    }

    public LtxReplicaBuilder encoding(EncodingRule rule) {
        this.encoding = rule;
        return this;
    }

    /** Leaves out the files {@code keep} refuses: pruned or lost ones. */
    public LtxReplicaBuilder keep(Predicate<Built> keep) {
        this.keep = keep;
        return this;
    }

    public long lastTxid() {
        return states.size();
    }

    public byte[] state(long txid) {
        return states.get((int) txid - 1);
    }

    /** The time of level-0 file {@code txid}. */
    public static Instant l0Time(Instant base, long txid) {
        return base.plusSeconds(txid);
    }

    /** Every file, by level then range. */
    public List<Built> build() {
        List<Built> out = new ArrayList<>();
        List<TreeSet<Integer>> changed = new ArrayList<>();
        List<long[]> below = new ArrayList<>();
        for (long t = 1; t <= lastTxid(); t++) {
            TreeSet<Integer> pages = changedPages(t);
            changed.add(pages);
            long[] range = {t, t};
            below.add(range);
            out.add(file(0, t, t, pages, baseMillis + t * 1000));
        }
        for (int level = 1; level <= 3; level++) {
            if (spans[level] == 0) {
                continue;
            }
            List<long[]> made = new ArrayList<>();
            for (int i = 0; i + spans[level] <= below.size(); i += spans[level]) {
                long min = below.get(i)[0];
                long max = below.get(i + spans[level] - 1)[1];
                TreeSet<Integer> pages = new TreeSet<>();
                for (long t = min; t <= max; t++) {
                    pages.addAll(changed.get((int) t - 1));
                }
                int commit = commit(max);
                pages.removeIf(p -> p > commit);
                out.add(file(level, min, max, pages, baseMillis + max * 1000));
                made.add(new long[] {min, max});
            }
            below = made;
        }
        for (long t : snapshots) {
            TreeSet<Integer> all = new TreeSet<>();
            for (int p = 1; p <= commit(t); p++) {
                all.add(p);
            }
            out.add(file(9, 1, t, all, baseMillis + t * 1000 + 400));
        }
        return out.stream().filter(keep).toList();
    }

    private int commit(long txid) {
        return state(txid).length / pageSize;
    }

    private TreeSet<Integer> changedPages(long t) {
        byte[] now = state(t);
        TreeSet<Integer> pages = new TreeSet<>();
        byte[] prev = t == 1 ? new byte[0] : state(t - 1);
        for (int p = 1; p <= now.length / pageSize; p++) {
            int off = (p - 1) * pageSize;
            if (off + pageSize > prev.length
                    || !Arrays.equals(now, off, off + pageSize, prev, off, off + pageSize)) {
                pages.add(p);
            }
        }
        return pages;
    }

    private Built file(int level, long min, long max, TreeSet<Integer> pages, long ts) {
        byte[] state = state(max);
        List<LtxWriter.Page> list = new ArrayList<>();
        for (int p : pages) {
            list.add(new LtxWriter.Page(p, Arrays.copyOfRange(state, (p - 1) * pageSize, p * pageSize)));
        }
        byte[] data = LtxWriter.write(new LtxWriter.Header(pageSize, commit(max), min, max, ts), list,
                encoding.of(level, min, max));
        return new Built(level, min, max, data, ts);
    }

    /** Writes the files into a folder replica, each file's mtime its header's time, as Litestream 0.5.1+ does. */
    public static Map<String, Built> writeTo(Path root, List<Built> files) throws IOException {
        Map<String, Built> byName = new LinkedHashMap<>();
        for (Built b : files) {
            Path p = root.resolve(b.relativeName());
            Files.createDirectories(p.getParent());
            Files.write(p, b.data());
            Files.setLastModifiedTime(p, FileTime.fromMillis(b.timestampMillis()));
            byName.put(b.relativeName(), b);
        }
        return byName;
    }

    /**
     * Uploads the files as Litestream 0.5.1+'s GCS client does: the header's time in {@code litestream-timestamp}
     * (RFC 3339 with trailing zeros dropped), {@code timeCreated} the upload's time, {@code uploadDelayMillis}
     * later.
     */
    public static void upload(LoopbackGcs gcs, String bucket, String root, List<Built> files, long uploadDelayMillis) {
        for (Built b : files) {
            String key = (root.isEmpty() ? "" : root + "/") + b.relativeName();
            gcs.put(bucket, key, b.data(), b.time().plusMillis(uploadDelayMillis),
                    Map.of("litestream-timestamp", GoTime.rfc3339Nano(b.time())));
        }
    }
}
