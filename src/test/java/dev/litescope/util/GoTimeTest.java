package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoTimeTest {
    @Test
    void durationStringMatchesGo() {
        assertThat(GoTime.durationString(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoTime.durationString(Duration.ofNanos(123))).isEqualTo("123ns");
        assertThat(GoTime.durationString(Duration.ofNanos(1500))).isEqualTo("1.5µs");
        assertThat(GoTime.durationString(Duration.ofMillis(12))).isEqualTo("12ms");
        assertThat(GoTime.durationString(Duration.ofNanos(1_200_300))).isEqualTo("1.2003ms");
        assertThat(GoTime.durationString(Duration.ofSeconds(47))).isEqualTo("47s");
        assertThat(GoTime.durationString(Duration.ofMillis(1200))).isEqualTo("1.2s");
        assertThat(GoTime.durationString(Duration.ofSeconds(170))).isEqualTo("2m50s");
        assertThat(GoTime.durationString(Duration.ofHours(1).plusMillis(500))).isEqualTo("1h0m0.5s");
        assertThat(GoTime.durationString(Duration.ofSeconds(-3))).isEqualTo("-3s");
        assertThat(GoTime.durationString(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
    }

    @Test
    void lagIsTruncatedLikeLitestream() {
        assertThat(GoTime.truncateLag(Duration.ofMillis(47_900))).isEqualTo(Duration.ofSeconds(47));
        assertThat(GoTime.truncateLag(Duration.ofMillis(2_345))).isEqualTo(Duration.ofMillis(2_300));
        assertThat(GoTime.truncateLag(Duration.ofNanos(5_432_100))).isEqualTo(Duration.ofMillis(5));
        assertThat(GoTime.truncateLag(Duration.ofNanos(5_432))).isEqualTo(Duration.ofNanos(5_000));
        assertThat(GoTime.truncateLag(Duration.ofNanos(999))).isEqualTo(Duration.ofNanos(999));
        // exactly 10s is not "over 10s": truncated to 100ms
        assertThat(GoTime.truncateLag(Duration.ofMillis(10_000))).isEqualTo(Duration.ofMillis(10_000));
        assertThat(GoTime.truncateLag(Duration.ofMillis(-12_700))).isEqualTo(Duration.ofSeconds(-12));
    }

    @Test
    void parsesRfc3339LikeGo() {
        assertThat(GoTime.parseRfc3339("2026-11-27T20:29:44Z")).isEqualTo(Instant.parse("2026-11-27T20:29:44Z"));
        assertThat(GoTime.parseRfc3339("2026-11-27T21:29:44.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-27T20:29:44.500Z"));
        assertThat(GoTime.parseRfc3339("2026-11-27T20:29:44.123456789Z").getNano()).isEqualTo(123456789);
        assertThatThrownBy(() -> GoTime.parseRfc3339("2026-11-27 20:29:44Z")).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> GoTime.parseRfc3339("2026-11-27T20:29:44")).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> GoTime.parseRfc3339("2026-02-30T20:29:44Z")).hasMessageContaining("cannot parse");
    }

    @Test
    void formatsSecondsTruncatedAndNanosTrimmed() {
        Instant t = Instant.parse("2026-11-27T20:29:44.999Z");
        assertThat(GoTime.rfc3339Seconds(t)).isEqualTo("2026-11-27T20:29:44Z");
        assertThat(GoTime.rfc3339Nano(t)).isEqualTo("2026-11-27T20:29:44.999Z");
        assertThat(GoTime.rfc3339Nano(Instant.parse("2026-11-27T20:29:44Z"))).isEqualTo("2026-11-27T20:29:44Z");
    }

    @Test
    void tabWriterPadsAllButTheLastColumn() {
        String s = new TabWriter().row("name", "generation", "lag").row("file", "f3aed21355348648", "47s").toString();
        assertThat(s).isEqualTo("name  generation        lag\nfile  f3aed21355348648  47s\n");
    }

    @Test
    void durationsParseAsGoParsesThem() {
        assertThat(GoTime.parseDuration("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoTime.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoTime.parseDuration("2m30s")).isEqualTo(Duration.ofSeconds(150));
        assertThat(GoTime.parseDuration("1h0m0.5s")).isEqualTo(Duration.ofHours(1).plusMillis(500));
        assertThat(GoTime.parseDuration("10us")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(GoTime.parseDuration("10µs")).isEqualTo(Duration.ofNanos(10_000));
        assertThat(GoTime.parseDuration("0")).isZero();
        for (String bad : new String[] {"", "5", "s", "5 s", "-5s", "5sx", "5d", "1h-2m"}) {
            assertThatThrownBy(() -> GoTime.parseDuration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid duration \"" + bad + "\"").hasMessageContaining("such as 500ms");
        }
    }
}
