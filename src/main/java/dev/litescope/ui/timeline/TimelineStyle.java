package dev.litescope.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The timeline's colours as styleable properties of the view ({@code -ls-timeline-lane}, …), set in the timeline
 * section of {@code litescope.css} from AtlantaFX's looked-up colours: switching the theme restyles the view, and
 * the view redraws its canvas in the new palette. Without the stylesheet every colour is a plain grey on white.
 *
 * <p>The CSS metadata is made by the first view built, as {@link StyleablePropertyFactory} does; JavaFX asks a
 * view for it only once it is in a scene.
 */
final class TimelineStyle {
    private static final StyleablePropertyFactory<TimelineView> FACTORY =
            new StyleablePropertyFactory<>(Region.getClassCssMetaData());

    private final List<StyleableProperty<Paint>> all = new ArrayList<>();
    private final StyleableProperty<Paint> background;
    private final StyleableProperty<Paint> lane;
    private final StyleableProperty<Paint> laneSelected;
    private final StyleableProperty<Paint> laneBorder;
    private final StyleableProperty<Paint> grid;
    private final StyleableProperty<Paint> accent;
    private final StyleableProperty<Paint> muted;
    private final StyleableProperty<Paint> text;
    private final StyleableProperty<Paint> snapshot;
    private final StyleableProperty<Paint> snapshotFill;
    private final StyleableProperty<Paint> cursor;
    private final StyleableProperty<Paint> compareCursor;
    private final StyleableProperty<Paint> danger;
    private final StyleableProperty<Paint> dangerBand;
    private final StyleableProperty<Paint> dangerText;
    private final StyleableProperty<Paint> labelBack;
    private final StyleableProperty<Paint> onEmphasis;
    private TimelinePalette palette;

    TimelineStyle(TimelineView view, Runnable changed) {
        background = paint(view, "background", Color.WHITE);
        lane = paint(view, "lane", Color.WHITESMOKE);
        laneSelected = paint(view, "lane-selected", Color.LIGHTGRAY);
        laneBorder = paint(view, "lane-border", Color.SILVER);
        grid = paint(view, "grid", Color.GAINSBORO);
        accent = paint(view, "accent", Color.DIMGRAY);
        muted = paint(view, "muted", Color.GRAY);
        text = paint(view, "text", Color.BLACK);
        snapshot = paint(view, "snapshot", Color.DIMGRAY);
        snapshotFill = paint(view, "snapshot-fill", Color.DARKGRAY);
        cursor = paint(view, "cursor", Color.BLACK);
        compareCursor = paint(view, "cursor-compare", Color.DIMGRAY);
        danger = paint(view, "danger", Color.RED);
        dangerBand = paint(view, "danger-band", Color.RED);
        dangerText = paint(view, "danger-text", Color.RED);
        labelBack = paint(view, "label-back", Color.WHITE);
        onEmphasis = paint(view, "on-emphasis", Color.WHITE);
        for (StyleableProperty<Paint> p : all) {
            ((ObservableValue<?>) p).addListener((o, a, b) -> {
                palette = null;
                changed.run();
            });
        }
    }

    private StyleableProperty<Paint> paint(TimelineView view, String name, Color initial) {
        int index = all.size();
        StyleableProperty<Paint> p = FACTORY.createStyleablePaintProperty(view, name, "-ls-timeline-" + name,
                v -> v.timelineStyle().all.get(index), initial);
        all.add(p);
        return p;
    }

    static List<CssMetaData<? extends Styleable, ?>> cssMetaData() {
        return FACTORY.getCssMetaData();
    }

    /** The colours as styled now (a colour that is not a plain colour in the stylesheet reads as grey). */
    TimelinePalette palette() {
        if (palette == null) {
            palette = new TimelinePalette(c(background), c(lane), c(laneSelected), c(laneBorder), c(grid),
                    c(accent), c(muted), c(text), c(snapshot), c(snapshotFill), c(cursor), c(compareCursor),
                    c(danger), translucent(c(dangerBand), 0.45), c(dangerText), translucent(c(labelBack), 0.85),
                    c(onEmphasis));
        }
        return palette;
    }

    /** Bands and label backgrounds let the lane show through: the stylesheet gives them opaque. */
    private static Color translucent(Color c, double opacity) {
        return c.deriveColor(0, 1, 1, opacity);
    }

    private static Color c(StyleableProperty<Paint> p) {
        return p.getValue() instanceof Color color ? color : Color.GRAY;
    }
}
