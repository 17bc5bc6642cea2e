package dev.litescope.ui.timeline;

import javafx.scene.paint.Color;

/**
 * The canvas's colours for one frame, as the stylesheet's timeline section gives them (over AtlantaFX's looked-up
 * colours, so the dark theme recolours the canvas): see {@link TimelineStyle}.
 *
 * @param compareCursor the second cursor's colour (time travel's comparison moment)
 * @param onEmphasis    text on a cursor's tag
 * @param dangerBand    a break's band, translucent over the lane
 * @param labelBack     behind text written over ticks and bands, translucent
 */
record TimelinePalette(Color background, Color lane, Color laneSelected, Color laneBorder, Color grid,
                       Color accent, Color muted, Color text, Color snapshot, Color snapshotFill, Color cursor,
                       Color compareCursor, Color danger, Color dangerBand, Color dangerText, Color labelBack,
                       Color onEmphasis) {
}
