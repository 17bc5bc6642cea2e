package dev.litescope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.litescope.ui.fx.TimeText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timeline's arithmetic: fit, zoom around a point, pan, clamping, and the time field's text. */
class TimelineViewportTest {
    static final Instant FIRST = Instant.parse("2026-11-27T10:00:00.123456789Z");
    static final Instant LAST = FIRST.plusSeconds(1000);

    TimelineViewport v;

    @BeforeEach
    void setUp() {
        v = new TimelineViewport();
        v.setPixels(10, 1010);
        v.setContent(FIRST, LAST);
    }

    @Test
    void fitShowsEverythingWithRoomEitherSide() {
        assertThat(v.isFitted()).isTrue();
        assertThat(v.zoomFactor()).isEqualTo(1.0);
        assertThat(v.x(FIRST)).isGreaterThan(10).isLessThan(60);
        assertThat(v.x(LAST)).isLessThan(1010).isGreaterThan(960);
        assertThat(v.visibleStart()).isBefore(FIRST);
        assertThat(v.visibleEnd()).isAfter(LAST);
    }

    @Test
    void growingContentKeepsAZoomedViewAndRefitsAFittedOne() {
        v.zoom(4, 300);
        Instant left = v.visibleStart();
        Instant right = v.visibleEnd();
        v.setContent(FIRST, LAST.plusSeconds(600));
        assertThat(v.visibleStart()).isEqualTo(left);
        assertThat(v.visibleEnd()).isEqualTo(right);

        v.fit();
        v.setContent(FIRST, LAST.plusSeconds(1200));
        assertThat(v.isFitted()).isTrue();
        assertThat(v.visibleEnd()).isAfter(LAST.plusSeconds(1200));

        v.clear();
        v.setContent(FIRST, LAST);
        assertThat(v.isFitted()).as("new content after a clear is fitted").isTrue();
    }

    @Test
    void mappingRoundTripsToTheNanosecond() {
        Instant t = FIRST.plusNanos(123_456_789_987L);
        assertThat(v.instant(v.nanos(t))).isEqualTo(t);
        assertThat(v.nanosAt(v.x(t))).isCloseTo(v.nanos(t), within(1.0));
        assertThat(v.nanos(FIRST)).isZero();
    }

    @Test
    void zoomKeepsTheMomentUnderTheAnchor() {
        double anchor = 300;
        double before = v.nanosAt(anchor);
        v.zoom(4, anchor);
        assertThat(v.zoomFactor()).isCloseTo(4, within(1e-9));
        assertThat(v.nanosAt(anchor)).isCloseTo(before, within(1.0));
        assertThat(v.isFitted()).isFalse();

        v.zoom(0.5, anchor);
        assertThat(v.zoomFactor()).isCloseTo(2, within(1e-9));
        assertThat(v.nanosAt(anchor)).isCloseTo(before, within(1.0));
    }

    @Test
    void zoomOutStopsAtTheWholeContentAndZoomInAtTenMilliseconds() {
        v.zoom(0.1, 500);
        assertThat(v.isFitted()).isTrue();
        for (int i = 0; i < 100; i++) {
            v.zoom(10, 500);
        }
        assertThat(v.visibleEndNanos() - v.visibleStartNanos()).isEqualTo(TimelineViewport.MIN_SPAN_NANOS);
        v.fit();
        assertThat(v.isFitted()).isTrue();
    }

    @Test
    void zoomNearAnEdgeStaysInsideTheContent() {
        v.zoom(3, 1010);
        assertThat(v.visibleEndNanos()).isCloseTo(v.nanos(LAST) * (1 + TimelineViewport.PAD_FRACTION), within(1.0));
        assertThat(v.zoomFactor()).isCloseTo(3, within(1e-9));
    }

    @Test
    void panMovesByPixelsAndStopsAtTheEdges() {
        v.zoom(10, 510);
        double start = v.visibleStartNanos();
        double perPixel = v.nanosPerPixel();
        v.pan(25);
        assertThat(v.visibleStartNanos() - start).isCloseTo(25 * perPixel, within(1.0));
        assertThat(v.zoomFactor()).isCloseTo(10, within(1e-9));
        v.pan(-1e9);
        assertThat(v.x(FIRST)).isGreaterThan(10);
        assertThat(v.visibleStartNanos()).isLessThan(0);
        v.pan(1e9);
        assertThat(v.visibleEndNanos()).isGreaterThan(v.nanos(LAST));
        assertThat(v.zoomFactor()).isCloseTo(10, within(1e-9));
    }

    @Test
    void panningIsUndoneByPanningBack() {
        v.zoom(8, 400);
        double start = v.visibleStartNanos();
        v.pan(120);
        v.pan(-120);
        assertThat(v.visibleStartNanos()).isCloseTo(start, within(1.0));
    }

    @Test
    void revealBringsAMomentIntoViewAtTheSameZoom() {
        v.zoom(20, 10);
        assertThat(v.x(LAST)).isGreaterThan(1010);
        v.reveal(LAST, 40);
        assertThat(v.x(LAST)).isCloseTo(970, within(0.5));
        assertThat(v.zoomFactor()).isCloseTo(20, within(1e-9));
        double start = v.visibleStartNanos();
        v.reveal(LAST.minusMillis(1), 40);
        assertThat(v.visibleStartNanos()).as("already in view: no move").isEqualTo(start);
    }

    @Test
    void timeTextReadsRfc3339AndPlainTimesInTheShownZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant t = Instant.parse("2026-11-27T10:15:00Z");
        assertThat(TimeText.parse("2026-11-27T10:15:00Z", berlin)).contains(t);
        assertThat(TimeText.parse("2026-11-27t10:15:00z", berlin)).contains(t);
        assertThat(TimeText.parse("2026-11-27T11:15:00+01:00", ZoneOffset.UTC)).contains(t);
        assertThat(TimeText.parse(" 2026-11-27 11:15:00 ", berlin)).contains(t);
        assertThat(TimeText.parse("2026-11-27 10:15", ZoneOffset.UTC)).contains(t);
        assertThat(TimeText.parse("2026-11-27 10:15:00.000000001Z", berlin)).contains(t.plusNanos(1));
        assertThat(TimeText.parse("2026-11-27 10:15:00 +01:00", berlin)).contains(t.minusSeconds(3600));
        assertThat(TimeText.parse("yesterday", berlin)).isEmpty();
        assertThat(TimeText.parse("2026-13-27T10:15:00Z", berlin)).isEmpty();
        assertThat(TimeText.parse("", berlin)).isEmpty();
        assertThat(TimeText.parse(null, berlin)).isEmpty();
    }

    @Test
    void timeTextWritesWhatItReads() {
        Instant t = Instant.parse("2026-11-27T10:15:00.120000500Z");
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(TimeText.format(t, ZoneOffset.UTC)).isEqualTo("2026-11-27T10:15:00.1200005Z");
        assertThat(TimeText.format(t, berlin)).isEqualTo("2026-11-27T11:15:00.1200005+01:00");
        assertThat(TimeText.parse(TimeText.format(t, berlin), ZoneOffset.UTC)).contains(t);
        assertThat(TimeText.format(Instant.parse("2026-11-27T10:15:00Z"), ZoneOffset.UTC))
                .isEqualTo("2026-11-27T10:15:00Z");
        assertThat(TimeText.tag(t, berlin)).isEqualTo("2026-11-27 11:15:00.120 +01:00");
        assertThat(TimeText.tag(t, ZoneOffset.UTC)).isEqualTo("2026-11-27 10:15:00.120 UTC");
    }
}
