package dev.litescope.ui.timeline;

import java.time.Instant;
import javafx.scene.paint.Color;

/**
 * A cursor to draw: a line across the lanes at {@code at}, and a tag at the bottom that reads {@code tag} (the
 * moment, with an arrow when it is out of view) and then {@code note} when there is one. The timeline draws the
 * selected moment's; time travel adds a comparison cursor in its own colour.
 */
record TimelineCursor(Instant at, Color colour, String tag, String note) {
}
