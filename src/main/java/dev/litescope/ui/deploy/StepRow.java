package dev.litescope.ui.deploy;

import dev.litescope.deploy.DeployStep;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One of the seven steps on screen: pending, running, or how it ended (the engine's state) with its detail. */
public final class StepRow {
    /** Where the step is in this run. */
    public enum Progress { PENDING, RUNNING, DONE, FAILED }

    private final DeployStep.Step step;
    private final ObjectProperty<Progress> progress = new SimpleObjectProperty<>(this, "progress",
            Progress.PENDING);
    private final ObjectProperty<DeployStep.State> outcome = new SimpleObjectProperty<>(this, "outcome");
    private final StringProperty detail = new SimpleStringProperty(this, "detail", "");

    StepRow(DeployStep.Step step) {
        this.step = step;
    }

    public DeployStep.Step step() {
        return step;
    }

    /** "1/7 enable the APIs". */
    public String title() {
        return (step.ordinal() + 1) + "/" + DeployStep.Step.values().length + "  " + step.title();
    }

    public ReadOnlyObjectProperty<Progress> progressProperty() {
        return progress;
    }

    /** How the step ended, once it has; empty (null) while pending or running. */
    public ReadOnlyObjectProperty<DeployStep.State> outcomeProperty() {
        return outcome;
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail;
    }

    /** The state in words, as the command line prints it: pending, running…, exists, will-create, failed. */
    public String stateText() {
        return switch (progress.get()) {
            case PENDING -> "pending";
            case RUNNING -> "running…";
            case DONE, FAILED -> outcome.get() == null ? "" : outcome.get().wireName().replace('-', ' ');
        };
    }

    void reset() {
        progress.set(Progress.PENDING);
        outcome.set(null);
        detail.set("");
    }

    void started() {
        progress.set(Progress.RUNNING);
    }

    void finished(DeployStep.Report report) {
        outcome.set(report.state());
        detail.set(report.detail());
        progress.set(report.state() == DeployStep.State.FAILED ? Progress.FAILED : Progress.DONE);
    }
}
