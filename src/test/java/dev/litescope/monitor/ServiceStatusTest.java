package dev.litescope.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.util.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a v2 Service's state as the spec defines ready, failing and a rollout still running. */
class ServiceStatusTest {
    private static ServiceStatus read(String json) throws Exception {
        return ServiceStatus.of(JsonMapper.MAPPER.readTree(json), List.of());
    }

    private static String service(String state, long generation, long observed, String ready, String created,
                                  boolean reconciling) {
        return "{\"name\": \"projects/p/locations/r/services/s\", \"generation\": \"" + generation
                + "\", \"observedGeneration\": \"" + observed + "\", \"latestReadyRevision\": \"" + ready
                + "\", \"latestCreatedRevision\": \"" + created + "\", \"reconciling\": " + reconciling
                + ", \"terminalCondition\": {\"type\": \"Ready\", \"state\": \"" + state + "\"}}";
    }

    @Test
    void readyOnlyWhenEverythingAgrees() throws Exception {
        assertThat(read(service("CONDITION_SUCCEEDED", 2, 2, "s-2", "s-2", false)).health())
                .isEqualTo(ServiceStatus.Health.READY);
        // A rollout running, a generation not yet seen, a new revision not yet ready: pending, not ready.
        assertThat(read(service("CONDITION_SUCCEEDED", 2, 2, "s-2", "s-2", true)).health())
                .isEqualTo(ServiceStatus.Health.PENDING);
        assertThat(read(service("CONDITION_SUCCEEDED", 3, 2, "s-2", "s-2", false)).health())
                .isEqualTo(ServiceStatus.Health.PENDING);
        assertThat(read(service("CONDITION_SUCCEEDED", 2, 2, "s-1", "s-2", false)).health())
                .isEqualTo(ServiceStatus.Health.PENDING);
        assertThat(read(service("CONDITION_RECONCILING", 2, 2, "s-2", "s-2", true)).health())
                .isEqualTo(ServiceStatus.Health.PENDING);
        assertThat(read(service("CONDITION_FAILED", 2, 2, "s-1", "s-2", false)).health())
                .isEqualTo(ServiceStatus.Health.FAILING);
    }

    @Test
    void aLimitThatIsNoQuantityIsNamed() {
        assertThatThrownBy(() -> read("{\"template\": {\"containers\": [{\"resources\": {\"limits\": "
                + "{\"memory\": \"lots\"}}}]}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the size 'lots' is not a quantity such as 256Mi or 1Gi");
        assertThatThrownBy(() -> read("{\"template\": {\"containers\": [{\"resources\": {\"limits\": "
                + "{\"cpu\": \"two\"}}}]}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the service's CPU limit 'two' is not a number of vCPUs");
    }
}
