package dev.litescope.ui.timeline;

import java.time.Instant;
import java.util.Optional;
import javafx.scene.Cursor;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;

/**
 * The timeline's mouse and keys. Mouse: a click on a lane selects that generation and moment; dragging empty lane
 * area pans; dragging the cursor moves the moment; Ctrl+wheel (or a pinch) zooms around the pointer; horizontal
 * scroll or Shift+wheel pans. Clicks and drags snap to the nearest object time within {@link #SNAP_PX} pixels
 * (hold Alt not to snap). Keys: Left/Right step the cursor to the previous/next object time (each step changes
 * what a restore includes), Home/End jump to the first/last, Up/Down move between generations, +/- zoom around
 * the cursor, 0 fits all, Shift+Left/Right pan. In the lanes of a Litestream 0.5 history a click, a drag of the
 * cursor and the arrows always snap to a restore point: only those can be restored.
 */
final class TimelineInput {
    static final double SNAP_PX = 6;

    /** What the input reads and changes: the selected generation and moment. */
    interface Selection {
        Optional<GenerationRow> generation();

        Optional<Instant> time();

        /** Selects a generation, keeping the moment if it spans it. */
        void select(GenerationRow row);

        void select(GenerationRow row, Instant t);

        /** Whether a TXID of the Litestream 0.5 history is selected. */
        boolean ltxSelected();

        /** Selects the 0.5 history's state at one of its restore points. */
        void selectLtx(Instant restorePoint);
    }

    private enum Drag { NONE, PENDING, PAN, CURSOR }

    private final TimelineView view;
    private final Selection selection;
    private Drag drag = Drag.NONE;
    private double pressX;
    private double lastX;

    private TimelineInput(TimelineView view, Selection selection) {
        this.view = view;
        this.selection = selection;
    }

    /** Handles {@code view}'s input from now on. */
    static TimelineInput install(TimelineView view, Selection selection) {
        TimelineInput in = new TimelineInput(view, selection);
        view.addEventHandler(MouseEvent.MOUSE_PRESSED, in::onPress);
        view.addEventHandler(MouseEvent.MOUSE_DRAGGED, in::onDrag);
        view.addEventHandler(MouseEvent.MOUSE_RELEASED, in::onRelease);
        view.addEventHandler(MouseEvent.MOUSE_MOVED, in::onMove);
        view.addEventHandler(MouseEvent.MOUSE_EXITED, e -> view.showHover(""));
        view.addEventHandler(ScrollEvent.SCROLL, in::onScroll);
        view.addEventHandler(ZoomEvent.ZOOM, e -> {
            view.zoomAt(e.getZoomFactor(), e.getX());
            e.consume();
        });
        view.addEventHandler(KeyEvent.KEY_PRESSED, in::onKey);
        return in;
    }

    /** True while the user drags the cursor: the view then leaves the visible stretch where it is. */
    boolean draggingCursor() {
        return drag == Drag.CURSOR;
    }

    private TimelineViewport viewport() {
        return view.syncedViewport();
    }

    /**
     * The moment at {@code x} in {@code lane}: the nearest object time when it is within {@link #SNAP_PX} pixels
     * (unless {@code free}), and never outside the generation's span.
     */
    private Instant momentAt(Lane lane, double x, boolean free) {
        TimelineViewport v = viewport();
        return lane.momentAt(v.nanosAt(x), free ? 0 : SNAP_PX * v.nanosPerPixel());
    }

    private void onPress(MouseEvent e) {
        view.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY || viewport().isEmpty()) {
            return;
        }
        pressX = e.getX();
        lastX = e.getX();
        drag = nearCursor(e.getX(), e.getY()) ? Drag.CURSOR : Drag.PENDING;
        e.consume();
    }

    private boolean nearCursor(double x, double y) {
        Optional<Double> cx = view.cursorX();
        return cx.isPresent() && Math.abs(cx.get() - x) <= 5 && y >= LaneGeometry.AXIS_HEIGHT - 12
                && (view.lanes().indexOf(selection.generation()) >= 0 || selection.ltxSelected());
    }

    private void onDrag(MouseEvent e) {
        if (drag == Drag.PENDING && Math.abs(e.getX() - pressX) > 3) {
            drag = Drag.PAN;
            view.setCursor(Cursor.CLOSED_HAND);
        }
        if (drag == Drag.PAN) {
            view.panBy(lastX - e.getX());
            lastX = e.getX();
        } else if (drag == Drag.CURSOR && selection.ltxSelected()) {
            view.lanes().ltx().filter(LtxLanes::hasPoints).ifPresent(ltx -> {
                Instant t = ltx.pointNear(viewport().nanosAt(e.getX()));
                if (!selection.time().equals(Optional.of(t))) {
                    selection.selectLtx(t);
                }
            });
        } else if (drag == Drag.CURSOR) {
            TimelineLanes lanes = view.lanes();
            int lane = lanes.indexOf(selection.generation());
            if (lane >= 0 && lanes.get(lane).hasObjects) {
                Instant t = momentAt(lanes.get(lane), e.getX(), e.isAltDown());
                if (!selection.time().equals(Optional.of(t))) {
                    selection.select(lanes.get(lane).row, t);
                }
            }
        }
        e.consume();
    }

    private void onRelease(MouseEvent e) {
        if (drag == Drag.PENDING) {
            TimelineLanes lanes = view.lanes();
            int lane = view.geometry().laneAt(e.getY());
            if (lane >= lanes.size() && lanes.ltx().map(LtxLanes::hasPoints).orElse(false)) {
                selection.selectLtx(lanes.ltx().get().pointNear(viewport().nanosAt(e.getX())));
            } else if (lane >= 0 && lane < lanes.size() && lanes.get(lane).hasObjects) {
                // A click just beside a generation's span means its edge: clamp rather than refuse.
                selection.select(lanes.get(lane).row, momentAt(lanes.get(lane), e.getX(), e.isAltDown()));
            }
        }
        drag = Drag.NONE;
        view.setCursor(nearCursor(e.getX(), e.getY()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
        e.consume();
    }

    private void onMove(MouseEvent e) {
        view.setCursor(nearCursor(e.getX(), e.getY()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
        view.showHover(view.hoverText(e.getX(), e.getY()));
    }

    private void onScroll(ScrollEvent e) {
        if (viewport().isEmpty()) {
            return;
        }
        if (e.isControlDown() || e.isShortcutDown()) {
            // One wheel notch (40) zooms 1.5×, around the pointer.
            view.zoomAt(Math.pow(1.5, e.getDeltaY() / 40), e.getX());
        } else {
            // Horizontal scroll, or Shift+wheel (which some platforms leave vertical), or a plain wheel: pan.
            double d = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            view.panBy(-d);
        }
        e.consume();
    }

    private void onKey(KeyEvent e) {
        if (handle(e.getCode(), e.isShiftDown())) {
            e.consume();
        }
        // The arrows belong to the timeline while it has the focus: at the first or last object or lane they do
        // nothing, rather than move the focus to whatever control is beside it.
        if (e.getCode().isArrowKey()) {
            e.consume();
        }
    }

    /** Keys while the 0.5 history is selected: the arrows step between its restore points, Up goes back up. */
    private boolean handleLtx(KeyCode code, TimelineLanes lanes) {
        if (code == KeyCode.UP && lanes.size() > 0) {
            selection.select(lanes.get(lanes.size() - 1).row);
            return true;
        }
        Lane.Step step = switch (code) {
            case LEFT -> Lane.Step.PREVIOUS;
            case RIGHT -> Lane.Step.NEXT;
            case HOME -> Lane.Step.FIRST;
            case END -> Lane.Step.LAST;
            default -> null;
        };
        Optional<Instant> next = step == null || lanes.ltx().isEmpty() ? Optional.empty()
                : lanes.ltx().get().step(selection.ltxSelected() ? selection.time() : Optional.empty(), step);
        next.ifPresent(selection::selectLtx);
        return next.isPresent();
    }

    /** Acts on a key; true when it did something. */
    private boolean handle(KeyCode code, boolean shift) {
        if (code == KeyCode.PLUS || code == KeyCode.ADD || code == KeyCode.EQUALS) {
            view.zoomIn();
            return true;
        }
        if (code == KeyCode.MINUS || code == KeyCode.SUBTRACT) {
            view.zoomOut();
            return true;
        }
        if (code == KeyCode.DIGIT0 || code == KeyCode.NUMPAD0) {
            view.fit();
            return true;
        }
        if (shift && (code == KeyCode.LEFT || code == KeyCode.RIGHT)) {
            TimelineViewport v = viewport();
            view.panBy((code == KeyCode.LEFT ? -1 : 1) * (v.right() - v.left()) / 4);
            return true;
        }
        TimelineLanes lanes = view.lanes();
        if (lanes.total() == 0) {
            return false;
        }
        if (selection.ltxSelected() || lanes.size() == 0) {
            return handleLtx(code, lanes);
        }
        int lane = lanes.indexOf(selection.generation());
        if (lane < 0) {
            if (code.isArrowKey()) {
                selection.select(lanes.get(0).row);
                return true;
            }
            return false;
        }
        int other = code == KeyCode.UP ? lanes.neighbour(lane, -1) : code == KeyCode.DOWN ? lanes.neighbour(lane, 1)
                : -1;
        if (code == KeyCode.DOWN && other < 0 && lanes.ltx().map(LtxLanes::hasPoints).orElse(false)) {
            // Below the last generation: the 0.5 history, at its newest restore point.
            lanes.ltx().get().step(Optional.empty(), Lane.Step.LAST).ifPresent(selection::selectLtx);
            return true;
        }
        if (other >= 0) {
            selection.select(lanes.get(other).row);
            return true;
        }
        Lane.Step step = switch (code) {
            case LEFT -> Lane.Step.PREVIOUS;
            case RIGHT -> Lane.Step.NEXT;
            case HOME -> Lane.Step.FIRST;
            case END -> Lane.Step.LAST;
            default -> null;
        };
        Optional<Instant> next = step == null ? Optional.empty() : lanes.get(lane).step(selection.time(), step);
        next.ifPresent(t -> selection.select(lanes.get(lane).row, t));
        return next.isPresent();
    }
}
