package dev.litescope.replica.ltx;

import java.time.Instant;
import java.util.List;

/**
 * One level of a Litestream 0.5 replica: 0 holds a file per sync, 1 to 8 compactions, 9 snapshots.
 *
 * @param files in (min, max) TXID order; never empty
 */
public record LtxLevel(int level, List<LtxFile> files) {
    public LtxLevel {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a level holds at least one file");
        }
    }

    public long minTxid() {
        return files.stream().mapToLong(LtxFile::minTxid).min().orElseThrow();
    }

    public long maxTxid() {
        return files.stream().mapToLong(LtxFile::maxTxid).max().orElseThrow();
    }

    public long storedBytes() {
        return files.stream().mapToLong(LtxFile::size).sum();
    }

    public Instant oldest() {
        return files.stream().map(LtxFile::created).min(Instant::compareTo).orElseThrow();
    }

    public Instant newest() {
        return files.stream().map(LtxFile::created).max(Instant::compareTo).orElseThrow();
    }

    /** The file that reaches furthest: the level's newest state. */
    public LtxFile last() {
        return files.stream().max((a, b) -> Long.compareUnsigned(a.maxTxid(), b.maxTxid())).orElseThrow();
    }
}
