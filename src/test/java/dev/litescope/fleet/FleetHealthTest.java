package dev.litescope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetHealthTest {
    @Test
    void theExplanationGivesEachConditionItsMeaningOnALineInConditionOrder() {
        String text = FleetHealth.explain(EnumSet.of(FleetHealth.Condition.NO_SNAPSHOT, FleetHealth.Condition.BREAK));

        assertThat(text.split("\n")).containsExactly(
                "break: " + FleetHealth.Condition.BREAK.meaning(),
                "no-snapshot: " + FleetHealth.Condition.NO_SNAPSHOT.meaning());
        assertThat(FleetHealth.Condition.BREAK.meaning()).contains("restore refuses");
    }

    @Test
    void aHealthyReplicaIsExplainedAsWhatWasLookedFor() {
        assertThat(FleetHealth.explain(Set.of())).startsWith("ok: ").contains("break", "new generation",
                "late snapshot", "warning");
    }

    @Test
    void everyConditionHasAMeaningOfItsOwn() {
        assertThat(EnumSet.allOf(FleetHealth.Condition.class)).extracting(FleetHealth.Condition::meaning)
                .doesNotHaveDuplicates().allMatch(m -> m.length() > 40);
    }
}
