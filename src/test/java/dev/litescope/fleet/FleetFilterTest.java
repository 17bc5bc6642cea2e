package dev.litescope.fleet;

import static dev.litescope.fleet.FleetFixtures.NOW;
import static dev.litescope.fleet.FleetFixtures.gen;
import static dev.litescope.fleet.FleetFixtures.healthy;
import static dev.litescope.fleet.FleetFixtures.replica;
import static dev.litescope.fleet.FleetFixtures.v3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Discovery;
import dev.litescope.replica.ReplicaUrl;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetFilterTest {
    private final FleetReplica fresh = healthy("tenants/eu/a.db/", 5L << 20, NOW.minusSeconds(60));
    private final FleetReplica stale = healthy("tenants/us/b.db/", 50L << 20, NOW.minusSeconds(7200));
    private final FleetReplica broken = replica(v3("legacy/c.db/", 100, NOW.minusSeconds(30), List.of(
            new Discovery.Generation("0000000000000002", NOW.minusSeconds(900), NOW.minusSeconds(30),
                    Optional.of(NOW.minusSeconds(800)), true))));
    private final FleetReplica v5 = replica(new Discovery.Found("tenants/eu/d.db/",
            ReplicaUrl.parse("gs://fleet/tenants/eu/d.db/"), Discovery.Format.LITESTREAM_0_5, 0, Optional.empty(),
            0, 0));
    private final List<FleetReplica> all = List.of(fresh, stale, broken, v5);

    private List<FleetReplica> matching(String filter) {
        FleetFilter f = FleetFilter.parse(filter);
        return all.stream().filter(f).toList();
    }

    @Test
    void comparesLagSizeObjectsAndCost() {
        assertThat(matching("lag > 1h")).containsExactly(stale);
        assertThat(matching("lag<=1m")).containsExactly(fresh, broken);
        assertThat(matching("size > 10MB")).containsExactly(stale);
        assertThat(matching("size >= 5MiB")).containsExactly(fresh, stale);
        assertThat(matching("size < 1KB")).containsExactly(broken, v5);
        assertThat(matching("objects = 0")).containsExactly(v5);
        assertThat(matching("cost > 0.0005")).containsExactly(stale);
        assertThat(matching("lag > 1d")).isEmpty();
    }

    @Test
    void globsFormatsAndHealth() {
        assertThat(matching("tenants/eu/*")).containsExactly(fresh, v5);
        assertThat(matching("gs://fleet/legacy/*")).containsExactly(broken);
        assertThat(matching("*b.db")).containsExactly(stale);
        assertThat(matching("0.5 only")).containsExactly(v5);
        assertThat(matching("format=0.3")).containsExactly(fresh, stale, broken);
        assertThat(matching("format != 0.3")).containsExactly(v5);
        assertThat(matching("has breaks")).containsExactly(broken);
        assertThat(matching("health=break")).containsExactly(broken);
        assertThat(matching("health = ok")).containsExactly(fresh, stale, v5);
        assertThat(matching("has issues")).containsExactly(broken);
    }

    @Test
    void termsJoinedBySpacesOrCommasAllHold() {
        assertThat(matching("tenants/* 0.3 only, size > 1MB")).containsExactly(fresh, stale);
        assertThat(matching("tenants/*, lag > 1h")).containsExactly(stale);
        assertThat(matching("")).containsExactlyElementsOf(all);
    }

    @Test
    void aBadTermIsNamed() {
        assertThatThrownBy(() -> FleetFilter.parse("tenants/* lag > soon")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("\"lag > soon\"").hasMessageContaining("1h30m");
        assertThatThrownBy(() -> FleetFilter.parse("size > big")).hasMessageContaining("\"size > big\"");
        assertThatThrownBy(() -> FleetFilter.parse("colour = red")).hasMessageContaining("\"colour = red\"")
                .hasMessageContaining("the names are");
        assertThatThrownBy(() -> FleetFilter.parse("format=0.4")).hasMessageContaining("0.3 and 0.5");
        assertThatThrownBy(() -> FleetFilter.parse("has")).hasMessageContaining("\"has\"");
        assertThatThrownBy(() -> FleetFilter.parse("health=sad")).hasMessageContaining("\"health = sad\"");
        assertThatThrownBy(() -> FleetFilter.parse("lag >")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> FleetFilter.parse("health > ok")).hasMessageContaining("= or !=");
        assertThat(FleetFilter.problem("lag > 2d")).isEmpty();
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(FleetFilter.size("t", "100")).isEqualTo(100);
        assertThat(FleetFilter.size("t", "1.5KB")).isEqualTo(1536);
        assertThat(FleetFilter.size("t", "10MB")).isEqualTo(10L << 20);
        assertThat(FleetFilter.size("t", "2GiB")).isEqualTo(2L << 30);
        assertThat(FleetFilter.size("t", "1g")).isEqualTo(1L << 30);
    }

    @Test
    void healthCountsANewGenerationAndAStaleSnapshot() {
        FleetReplica restarted = replica(v3("r.db/", 1, NOW.minusSeconds(60), List.of(
                gen("0000000000000001", NOW.minusSeconds(86400 * 5), NOW.minusSeconds(86400 * 2)),
                gen("0000000000000002", NOW.minusSeconds(3600), NOW.minusSeconds(60)))));
        assertThat(restarted.health()).containsExactly(FleetHealth.Condition.NEW_GENERATION);
        FleetReplica unsnapshotted = replica(v3("s.db/", 1, NOW.minusSeconds(60), List.of(
                new Discovery.Generation("0000000000000001", NOW.minusSeconds(86400 * 5), NOW.minusSeconds(60),
                        Optional.of(NOW.minusSeconds(86400 * 3)), false))));
        assertThat(unsnapshotted.health()).containsExactly(FleetHealth.Condition.NO_SNAPSHOT);
        assertThat(unsnapshotted.healthLabel()).isEqualTo("no-snapshot");
        assertThat(fresh.healthLabel()).isEqualTo("ok");
        assertThat(matching("has no-snapshot")).isEmpty();
    }
}
