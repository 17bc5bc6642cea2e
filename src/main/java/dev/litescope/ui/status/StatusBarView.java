package dev.litescope.ui.status;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;

/**
 * The window's bottom line, on ControlsFX's {@link StatusBar}: the status text on the left, then what is running
 * with a progress bar, and on the right this session's Cloud Storage requests and their cost (tooltips give the
 * breakdown). Counters are polled twice a second: they grow on download threads.
 */
public final class StatusBarView {
    private final StatusBar bar = new StatusBar();
    public final StatusBarViewModel model;
    public final Label operations = new Label();
    final Label requests = new Label();
    private final Timeline poll;

    public StatusBarView(StatusBarViewModel model) {
        this.model = model;
        bar.setId("statusBar");
        // It only shows; Tab goes from the restore result back to the top bar, not into the status line.
        bar.setFocusTraversable(false);
        bar.textProperty().bind(model.statusProperty());
        bar.progressProperty().bind(model.progressProperty());

        operations.setId("operations");
        operations.textProperty().bind(model.operationsTextProperty());
        operations.getStyleClass().add("text-muted");
        Tooltip opsTip = new Tooltip();
        opsTip.textProperty().bind(model.operationsDetailProperty());
        operations.setTooltip(opsTip);
        operations.visibleProperty().bind(model.operationsTextProperty().isNotEmpty());
        operations.managedProperty().bind(operations.visibleProperty());
        // A long file name is cut here rather than in the status text.
        operations.setMaxWidth(300);

        requests.setId("gcsRequests");
        requests.textProperty().bind(model.requestsTextProperty());
        Tooltip reqTip = new Tooltip();
        reqTip.textProperty().bind(model.requestsDetailProperty());
        reqTip.setShowDuration(Duration.seconds(30));
        requests.setTooltip(reqTip);
        requests.setMinWidth(Label.USE_PREF_SIZE);

        Separator sep = new Separator(Orientation.VERTICAL);
        sep.setPadding(new Insets(0, 4, 0, 4));
        bar.getRightItems().addAll(operations, sep, requests);
        bar.setPadding(new Insets(3, 14, 3, 14));
        bar.getStyleClass().add("status-bar");

        poll = new Timeline(new KeyFrame(Duration.millis(500), e -> model.refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
    }

    public StatusBar node() {
        return bar;
    }
}
