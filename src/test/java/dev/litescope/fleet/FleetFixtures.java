package dev.litescope.fleet;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaUrl;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Replicas as discovery returns them, for the fleet's filter, sort and health tests. */
final class FleetFixtures {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private FleetFixtures() {
    }

    static Discovery.Found v3(String root, long bytes, Instant newest, List<Discovery.Generation> gens) {
        return new Discovery.Found(root, ReplicaUrl.parse("gs://fleet/" + root), Discovery.Format.LITESTREAM_0_3,
                gens.size(), Optional.ofNullable(newest), 10, bytes, List.of(), gens);
    }

    /** A healthy generation: snapshotted an hour before its newest object. */
    static Discovery.Generation gen(String id, Instant first, Instant newest) {
        return new Discovery.Generation(id, first, newest, Optional.of(newest.minusSeconds(3600)), false);
    }

    static FleetReplica replica(Discovery.Found f) {
        return FleetReplica.of(f, "", NOW, Pricing.DEFAULT);
    }

    static FleetReplica healthy(String root, long bytes, Instant newest) {
        return replica(v3(root, bytes, newest, List.of(gen("0000000000000001", newest.minusSeconds(86400 * 10),
                newest))));
    }
}
