package dev.litescope.restore;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.Layouts;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ltx.LtxCatalog;
import dev.litescope.replica.ltx.LtxFile;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.replica.v3.Generation;
import java.time.Instant;
import java.util.Optional;

/**
 * Which of a replica's histories a restore reads: Litestream 0.3's generations or 0.5's LTX files. A database
 * upgraded from 0.3 to 0.5 holds both under one path. The target decides when it can: {@code -txid} is 0.5's,
 * {@code -generation} and {@code -index} 0.3's. Otherwise the history that holds the newer data is read, as
 * Litestream 0.5 does; a {@code -timestamp} reads the history whose span holds it, the newer one if both do.
 *
 * @param note why this history, when the replica holds both; for the user
 */
public record FormatChoice(Format format, Optional<String> note) {

    public static FormatChoice choose(Replica replica, RestoreTarget target)
            throws ObjectStoreException, RestoreException {
        if (target.inGeneration().isPresent() || target.upToIndex().isPresent()) {
            return new FormatChoice(Format.LITESTREAM_0_3, Optional.empty());
        }
        // One listing for a 0.3 replica, which Litescope has always read: the second only where LTX files are.
        boolean ltx = Layouts.holds(replica, Format.LITESTREAM_0_5);
        boolean v3 = !ltx || Layouts.holds(replica, Format.LITESTREAM_0_3);
        if (target instanceof RestoreTarget.Txid) {
            if (!ltx) {
                throw new RestoreException("-txid restores a Litestream 0.5 replica, but " + replica.url() + " holds "
                        + (Layouts.holds(replica, Format.LITESTREAM_0_3) ? "only Litestream 0.3 generations: "
                        + "restore it by -generation, -index or -timestamp" : "no LTX files"));
            }
            return new FormatChoice(Format.LITESTREAM_0_5, Optional.empty());
        }
        if (!ltx) {
            return new FormatChoice(Format.LITESTREAM_0_3, Optional.empty());
        }
        if (!v3) {
            return new FormatChoice(Format.LITESTREAM_0_5, Optional.empty());
        }
        Span ltxSpan = Span.of(new LtxCatalog(replica));
        Span v3Span = Span.of(new Catalog(replica));
        Optional<Instant> at = target.asOf();
        boolean useLtx;
        if (at.isPresent() && ltxSpan.holds(at.get()) != v3Span.holds(at.get())) {
            useLtx = ltxSpan.holds(at.get());
        } else {
            useLtx = !ltxSpan.newest.isBefore(v3Span.newest);
        }
        Format f = useLtx ? Format.LITESTREAM_0_5 : Format.LITESTREAM_0_3;
        return new FormatChoice(f, Optional.of(replica.url() + " holds both Litestream 0.3 generations and 0.5 LTX "
                + "files; restoring from the " + f.label() + " history, "
                + (at.isPresent() ? "whose span holds the moment" : "which holds the newer data")
                + (useLtx ? " (-generation or -index restores the 0.3 one)" : " (-txid restores the 0.5 one)")));
    }

    /** The first and last object time of one history. */
    private record Span(Instant oldest, Instant newest) {
        static Span of(LtxCatalog c) throws ObjectStoreException {
            Instant min = Instant.MAX;
            Instant max = Instant.MIN;
            for (LtxFile f : c.files()) {
                min = f.created().isBefore(min) ? f.created() : min;
                max = f.created().isAfter(max) ? f.created() : max;
            }
            return new Span(min, max);
        }

        static Span of(Catalog c) throws ObjectStoreException {
            Instant min = Instant.MAX;
            Instant max = Instant.MIN;
            for (Generation g : c.allGenerations()) {
                if (g.bounds().isPresent()) {
                    Generation.TimeBounds b = g.bounds().get();
                    min = b.start().isBefore(min) ? b.start() : min;
                    max = b.end().isAfter(max) ? b.end() : max;
                }
            }
            return new Span(min, max);
        }

        boolean holds(Instant t) {
            return !t.isBefore(oldest) && !t.isAfter(newest);
        }
    }
}
