package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The checks on a restore target, in the one place they live. */
class RestoreTargetTest {
    static final String G = "0123456789abcdef";
    static final Instant T = Instant.parse("2026-11-27T20:29:44Z");

    @Test
    void litestreamsFlagsMakeOneKindOfTarget() {
        assertThat(RestoreTarget.of(Optional.empty(), OptionalInt.empty(), Optional.empty()))
                .isEqualTo(RestoreTarget.latest());
        assertThat(RestoreTarget.of(Optional.of(G), OptionalInt.empty(), Optional.empty()))
                .isEqualTo(new RestoreTarget.Generation(G));
        assertThat(RestoreTarget.of(Optional.of(G), OptionalInt.of(26), Optional.empty()))
                .isEqualTo(RestoreTarget.index(G, 26)).hasToString("generation " + G + " index 0000001a");
        assertThat(RestoreTarget.of(Optional.empty(), OptionalInt.of(26), Optional.empty()))
                .isEqualTo(RestoreTarget.index(26)).hasToString("index 0000001a");
        assertThat(RestoreTarget.of(Optional.empty(), OptionalInt.empty(), Optional.of(T)))
                .isEqualTo(RestoreTarget.timestamp(T)).hasToString("timestamp " + T);
        RestoreTarget t = RestoreTarget.of(Optional.of(G), OptionalInt.empty(), Optional.of(T));
        assertThat(t.inGeneration()).contains(G);
        assertThat(t.asOf()).contains(T);
        assertThat(t.upToIndex()).isEmpty();
    }

    @Test
    void whatLitestreamRefusesCannotBeBuilt() {
        assertThatThrownBy(() -> RestoreTarget.of(Optional.of(G), OptionalInt.of(1), Optional.of(T)))
                .hasMessage("cannot specify index & timestamp to restore");
        assertThatThrownBy(() -> RestoreTarget.index(G, -1)).hasMessage("index must not be negative");
        assertThatThrownBy(() -> RestoreTarget.generation("0123"))
                .hasMessageContaining("invalid generation \"0123\"");
        assertThatThrownBy(() -> RestoreTarget.timestamp("ABCDEF0123456789", T))
                .hasMessageContaining("16 lowercase hexadecimal digits");
    }
}
