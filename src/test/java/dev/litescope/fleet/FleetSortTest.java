package dev.litescope.fleet;

import static dev.litescope.fleet.FleetFixtures.NOW;
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

class FleetSortTest {
    private final FleetReplica a = healthy("a.db/", 300, NOW.minusSeconds(60));
    private final FleetReplica b = healthy("b.db/", 100, NOW.minusSeconds(7200));
    private final FleetReplica c = replica(v3("c.db/", 200, NOW.minusSeconds(10), List.of(
            new Discovery.Generation("0000000000000002", NOW.minusSeconds(900), NOW.minusSeconds(10),
                    Optional.empty(), true))));
    private final FleetReplica empty = replica(new Discovery.Found("d.db/", ReplicaUrl.parse("gs://fleet/d.db/"),
            Discovery.Format.LITESTREAM_0_5, 0, Optional.empty(), 0, 0));
    private final List<FleetReplica> all = List.of(c, empty, b, a);

    private List<FleetReplica> by(String sort) {
        return FleetSort.parse(sort).sorted(all);
    }

    @Test
    void sortsByEachKeyBothWays() {
        assertThat(by("path")).containsExactly(a, b, c, empty);
        assertThat(by("path desc")).containsExactly(empty, c, b, a);
        assertThat(by("size")).containsExactly(empty, b, c, a);
        assertThat(by("-size")).containsExactly(a, c, b, empty);
        assertThat(by("cost:desc")).containsExactly(a, c, b, empty);
        assertThat(by("objects")).containsExactly(empty, a, b, c);
        assertThat(by("format")).containsExactly(a, b, c, empty);
        assertThat(by("health desc")).containsExactly(c, a, b, empty);
        assertThat(by("health")).containsExactly(a, b, empty, c);
    }

    @Test
    void replicasWithoutANewestObjectComeLastEitherWay() {
        assertThat(by("lag")).containsExactly(c, a, b, empty);
        assertThat(by("lag desc")).containsExactly(b, a, c, empty);
        assertThat(by("newest")).containsExactly(b, a, c, empty);
        assertThat(by("newest desc")).containsExactly(c, a, b, empty);
    }

    @Test
    void aBadSortIsNamed() {
        assertThatThrownBy(() -> FleetSort.parse("colour")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"colour\"").hasMessageContaining("path, format, size");
        assertThatThrownBy(() -> FleetSort.parse("lag sideways")).hasMessageContaining("\"lag sideways\"");
        assertThat(FleetSort.parse(" LAG  desc ").toString()).isEqualTo("lag desc");
    }
}
