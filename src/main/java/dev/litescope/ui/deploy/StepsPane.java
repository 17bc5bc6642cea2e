package dev.litescope.ui.deploy;

import dev.litescope.deploy.DeployStep;
import javafx.beans.binding.Bindings;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The seven steps, a row each: its number and title, where it is (pending, running…, or how it ended, coloured)
 * and its detail, as the command line prints them.
 */
public final class StepsPane extends GridPane {
    static final String STATE_CLASS = "deploy-state";

    public StepsPane(Iterable<StepRow> rows) {
        setId("deploySteps");
        getStyleClass().add("deploy-steps");
        setHgap(12);
        setVgap(6);
        ColumnConstraints title = new ColumnConstraints();
        title.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints state = new ColumnConstraints(96);
        ColumnConstraints detail = new ColumnConstraints();
        detail.setHgrow(Priority.ALWAYS);
        detail.setMinWidth(120);
        getColumnConstraints().setAll(title, state, detail);
        int r = 0;
        for (StepRow row : rows) {
            Label name = new Label(row.title());
            Label stateLabel = new Label();
            stateLabel.setId("deployState-" + row.step().wireName());
            stateLabel.getStyleClass().add(STATE_CLASS);
            stateLabel.textProperty().bind(Bindings.createStringBinding(row::stateText, row.progressProperty(),
                    row.outcomeProperty()));
            row.progressProperty().addListener((o, a, b) -> restyle(stateLabel, row));
            restyle(stateLabel, row);
            Label detailLabel = new Label();
            detailLabel.setId("deployDetail-" + row.step().wireName());
            detailLabel.setWrapText(true);
            detailLabel.setMinHeight(Region.USE_PREF_SIZE);
            detailLabel.textProperty().bind(row.detailProperty());
            add(name, 0, r);
            add(stateLabel, 1, r);
            add(detailLabel, 2, r);
            for (Label l : new Label[] {name, stateLabel, detailLabel}) {
                GridPane.setValignment(l, VPos.TOP);
            }
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
            case DONE -> s == DeployStep.State.WILL_CREATE || s == DeployStep.State.WILL_CHANGE
                    || s == DeployStep.State.CREATED || s == DeployStep.State.UPDATED ? "deploy-change"
                    : "deploy-done";
        };
        label.getStyleClass().add(c);
    }
}
