package dev.litescope.ui.connections;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.ltx.LtxHistory;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.ui.fx.Formats;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.ui.status.StatusBarViewModel;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The words under a connection or database in the panel, made in one place so a test can read them. */
final class ConnectionText {
    private ConnectionText() {
    }

    /**
     * Format, generations, stored size, and for a replica in Cloud Storage what storing it costs a month; then
     * when it last changed, in {@code zone}.
     */
    static String describe(Discovery.Found r, Optional<Pricing> storedIn, ZoneId zone) {
        String groups = r.format() == Discovery.Format.LITESTREAM_0_3
                ? r.generations() + (r.generations() == 1 ? " generation" : " generations")
                : r.ltx().map(ConnectionText::levels)
                        .orElse(r.generations() + (r.generations() == 1 ? " level" : " levels"));
        String cost = storedIn.map(p -> " · ≈ " + StatusBarViewModel.usd(p.storagePerMonth(r.storedBytes())) + "/month")
                .orElse("");
        return String.format(Locale.ROOT, "Litestream %s · %s · %s%s%s", r.format().label(), groups,
                Formats.bytes(r.storedBytes()), cost, r.newest().map(t -> "\nnewest object " + TimeText.minute(t, zone))
                        .orElse(""));
    }

    /**
     * A 0.5 replica's levels and TXIDs ("levels 0, 1, 9 · TXIDs to 000000000000002a, restorable to
     * 000000000000002a"), and how many health warnings it has.
     */
    private static String levels(LtxHistory h) {
        String ls = h.levels().stream().map(l -> Integer.toString(l.level())).collect(Collectors.joining(", "));
        String newest = h.maxTxid().map(LtxNames::txid).orElse("none");
        List<Long> restorable = h.restorableTxids();
        String reach = restorable.isEmpty() ? "none restorable"
                : "restorable to " + LtxNames.txid(restorable.get(restorable.size() - 1));
        int warnings = h.warnings().size();
        return (h.levels().size() == 1 ? "level " : "levels ") + ls + " · TXIDs to " + newest + ", " + reach
                + (warnings == 0 ? "" : " · ⚠ " + warnings + " health warning(s)");
    }

    /**
     * The line under a connection: what its search is doing, found, or why it failed; after a bucket's search, a
     * second line with what it listed (all of it, or only what could have changed since the last search).
     */
    static String status(ConnectionNode node, Optional<Pricing> storedIn, ZoneId zone) {
        String found = found(node, storedIn, zone);
        String listed = node.listedProperty().get();
        return listed.isEmpty() || node.searchingProperty().get() || !node.errorProperty().get().isEmpty() ? found
                : found + "\n" + capitalized(listed);
    }

    private static String capitalized(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String found(ConnectionNode node, Optional<Pricing> storedIn, ZoneId zone) {
        if (node.searchingProperty().get()) {
            return "Searching for databases…";
        }
        if (!node.errorProperty().get().isEmpty()) {
            return node.errorProperty().get();
        }
        if (!node.searchedProperty().get()) {
            return node.connection() instanceof Connection.Bucket ? "Expand to search the bucket"
                    : node.connection().location();
        }
        Optional<ConnectionsViewModel.Database> single = node.single();
        if (single.isPresent()) {
            return describe(single.get().replica(), storedIn, zone);
        }
        int n = node.databases().size();
        if (n == 0) {
            return "No Litestream replicas here";
        }
        long bytes = node.databases().stream().mapToLong(d -> d.replica().storedBytes()).sum();
        String cost = storedIn.map(p -> " · ≈ " + StatusBarViewModel.usd(p.storagePerMonth(bytes)) + "/month")
                .orElse("");
        return n + (n == 1 ? " database" : " databases") + " · " + Formats.bytes(bytes) + cost;
    }

    /** Why {@code text} is not a bucket URL, in words for the user; empty when it is one. */
    static Optional<String> bucketProblem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Give a bucket as gs://bucket or gs://bucket/prefix.");
        }
        String t = text.strip();
        if (!t.contains("://")) {
            return Optional.of("Give a bucket as gs://bucket or gs://bucket/prefix (for a local folder, use "
                    + "Add folder…).");
        }
        try {
            if (!(ReplicaUrl.parse(t) instanceof ReplicaUrl.Gcs)) {
                return Optional.of(t + " is a local folder: use Add folder… for it.");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    static Optional<ReplicaUrl> parseQuietly(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReplicaUrl.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
