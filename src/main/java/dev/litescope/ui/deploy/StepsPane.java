package dev.litescope.ui.deploy;

import dev.litescope.deploy.DeployStep;
import javafx.beans.binding.Bindings;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The seven steps, a row each: where it is (pending, running…, or how it ended, coloured), then its number and
 * title over its detail, as the command line prints them.
 */
public final class StepsPane extends GridPane {
    static final String STATE_CLASS = "deploy-state";

    public StepsPane(Iterable<StepRow> rows) {
        setId("deploySteps");
        getStyleClass().add("deploy-steps");
        setHgap(12);
        setVgap(8);
        ColumnConstraints state = new ColumnConstraints(90);
        ColumnConstraints step = new ColumnConstraints();
        step.setHgrow(Priority.ALWAYS);
        step.setMinWidth(120);
        getColumnConstraints().setAll(state, step);
        int r = 0;
        for (StepRow row : rows) {
            Label stateLabel = new Label();
            stateLabel.setId("deployState-" + row.step().wireName());
            stateLabel.getStyleClass().add(STATE_CLASS);
            stateLabel.textProperty().bind(Bindings.createStringBinding(row::stateText, row.progressProperty(),
                    row.outcomeProperty()));
            row.progressProperty().addListener((o, a, b) -> restyle(stateLabel, row));
            restyle(stateLabel, row);
            Label name = new Label(row.title());
            Label detailLabel = new Label();
            detailLabel.setId("deployDetail-" + row.step().wireName());
            detailLabel.setWrapText(true);
            detailLabel.setMinHeight(Region.USE_PREF_SIZE);
            detailLabel.getStyleClass().add("text-muted");
            detailLabel.textProperty().bind(row.detailProperty());
            detailLabel.visibleProperty().bind(row.detailProperty().isNotEmpty());
            detailLabel.managedProperty().bind(detailLabel.visibleProperty());
            VBox text = new VBox(2, name, detailLabel);
            add(stateLabel, 0, r);
            add(text, 1, r);
            GridPane.setValignment(stateLabel, VPos.TOP);
            r++;
        }
    }

    /** One style class for the state: deploy-pending, deploy-running, deploy-done, deploy-change, deploy-failed. */
    private static void restyle(Label label, StepRow row) {
        label.getStyleClass().removeIf(c -> c.startsWith("deploy-") && !c.equals(STATE_CLASS));
        DeployStep.State s = row.outcomeProperty().get();
        String c = switch (row.progressProperty().get()) {
            case PENDING -> "deploy-pending";
            case RUNNING -> "deploy-running";
            case FAILED -> "deploy-failed";
            case DONE -> s == DeployStep.State.WILL_CREATE || s == DeployStep.State.WILL_CHANGE ? "deploy-change"
                    : "deploy-done";
        };
        label.getStyleClass().add(c);
    }
}
