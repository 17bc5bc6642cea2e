package dev.litescope.fleet;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.Pricing;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One replica of a fleet as the fleet table, its filter and its sort see it: discovery's answer with the lag,
 * cost and health worked out at one moment.
 *
 * @param path     the replica's URL without a trailing '/'
 * @param relative the replica's root below the searched prefix, without a trailing '/' (empty for the prefix itself)
 * @param lag      how long ago the newest object was written, at the moment the record was made
 * @param cost     storage cost per month, in dollars
 * @param health   what is wrong; empty when healthy
 */
public record FleetReplica(Discovery.Found found, String path, String relative, Discovery.Format format,
                           int generations, Optional<Instant> newest, Optional<Duration> lag, long objects,
                           long bytes, double cost, Set<FleetHealth.Condition> health) {
    public FleetReplica {
        health = health.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(health));
    }

    /** Litestream's default snapshot interval, for {@link FleetHealth.Condition#NO_SNAPSHOT}. */
    public static final Duration SNAPSHOT_INTERVAL = Duration.ofHours(24);

    /** @param searchedRoot the searched prefix's key prefix (ending in '/', or empty) */
    public static FleetReplica of(Discovery.Found r, String searchedRoot, Instant now, Pricing pricing) {
        String url = r.url().toString();
        String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String rel = r.root().startsWith(searchedRoot) ? r.root().substring(searchedRoot.length()) : r.root();
        rel = rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
        return new FleetReplica(r, path, rel, r.format(), r.generations(), r.newest(),
                r.newest().map(n -> Duration.between(n, now)), r.objects(), r.storedBytes(),
                pricing.storagePerMonth(r.storedBytes()), FleetHealth.of(r, now, SNAPSHOT_INTERVAL));
    }

    public boolean healthy() {
        return health.isEmpty();
    }

    /** "ok" or the conditions, as {@link FleetHealth#label}. */
    public String healthLabel() {
        return FleetHealth.label(EnumSet.copyOf(health.isEmpty() ? EnumSet.noneOf(FleetHealth.Condition.class)
                : health));
    }
}
