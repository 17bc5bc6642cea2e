package dev.litescope.replica.ltx;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.util.GoTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The LTX files of a Litestream 0.5 replica, from one recursive listing of {@code ltx/} (Litestream lists each
 * level on its own; one listing gives the same files with fewer requests). A catalogue is a view at one moment;
 * make a new one to see later uploads.
 */
public final class LtxCatalog {
    /** The GCS metadata key Litestream 0.5.1+ stamps each file with (RFC 3339 nano, the header's milliseconds). */
    public static final String TIMESTAMP_METADATA = "litestream-timestamp";
    private static final Comparator<LtxFile> ORDER = Comparator.comparingInt(LtxFile::level)
            .thenComparing(LtxFile::minTxid, Long::compareUnsigned)
            .thenComparing(LtxFile::maxTxid, Long::compareUnsigned);

    private final Replica replica;
    private volatile List<LtxFile> files;

    public LtxCatalog(Replica replica) {
        this.replica = replica;
    }

    public Replica replica() {
        return replica;
    }

    /** Every file Litestream would list, by level and then (min, max) TXID, as Litestream orders each level. */
    public List<LtxFile> files() throws ObjectStoreException {
        List<LtxFile> all = files;
        if (all == null) {
            String dir = replica.key(LtxNames.DIR + "/");
            List<LtxFile> found = new ArrayList<>();
            for (ObjectInfo o : replica.store().list(dir, false).objects()) {
                parse(o.key().substring(dir.length()), o).ifPresent(found::add);
            }
            found.sort(ORDER);
            all = List.copyOf(found);
            files = all;
        }
        return all;
    }

    /** The files of one level, in (min, max) order. */
    public List<LtxFile> level(int level) throws ObjectStoreException {
        return files().stream().filter(f -> f.level() == level).toList();
    }

    /** The levels that hold files, each with its figures, from 0 up. */
    public List<LtxLevel> levels() throws ObjectStoreException {
        List<LtxLevel> out = new ArrayList<>();
        for (int l = 0; l <= LtxNames.MAX_LEVEL; l++) {
            List<LtxFile> in = level(l);
            if (!in.isEmpty()) {
                out.add(new LtxLevel(l, in));
            }
        }
        return out;
    }

    /** A key relative to {@code ltx/}: "LEVEL/NAME", nothing deeper, with a name Litestream's regex accepts. */
    public static Optional<LtxFile> parse(String relative, ObjectInfo o) {
        int slash = relative.indexOf('/');
        if (slash < 0 || relative.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        Optional<Integer> level = LtxNames.level(relative.substring(0, slash));
        Optional<LtxNames.Range> range = LtxNames.parse(relative.substring(slash + 1));
        if (level.isEmpty() || range.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LtxFile(level.get(), range.get().min(), range.get().max(), objectTime(o), o));
    }

    /**
     * The time Litestream 0.5.1+ uses: the {@code litestream-timestamp} metadata when it parses (a value that does
     * not parse falls back silently, as in Litestream), else the store's time (GCS timeCreated, file mtime).
     */
    public static Instant objectTime(ObjectInfo o) {
        String stamp = o.metadata().get(TIMESTAMP_METADATA);
        if (stamp != null) {
            try {
                return GoTime.parseRfc3339(stamp);
            } catch (IllegalArgumentException e) {
                return o.created();
            }
        }
        return o.created();
    }
}
