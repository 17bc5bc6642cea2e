package dev.litescope.ui.fx;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the window is busy with right now (listing a replica, restoring, reading a database), for the status bar.
 * View models start an operation when they hand work to the {@link TaskRunner} and close it when the result or
 * failure comes back; all on the UI thread.
 */
public final class RunningOperations {
    private final ObservableList<Operation> running = FXCollections.observableArrayList();
    private final ObservableList<Operation> readOnly = FXCollections.unmodifiableObservableList(running);

    /** Starts an operation described for the user, e.g. "Restoring app.db"; its progress is unknown until set. */
    public Operation start(String what) {
        Operation op = new Operation(what);
        running.add(op);
        return op;
    }

    public ObservableList<Operation> list() {
        return readOnly;
    }

    public final class Operation implements AutoCloseable {
        private final String what;
        private final SimpleDoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);

        private Operation(String what) {
            this.what = what;
        }

        public String what() {
            return what;
        }

        /** 0..1, or -1 while unknown. */
        public ReadOnlyDoubleProperty progressProperty() {
            return progress;
        }

        public void progress(double fraction) {
            progress.set(fraction);
        }

        /** The operation is over; closing twice is harmless. */
        @Override
        public void close() {
            running.remove(this);
        }

        @Override
        public String toString() {
            return what;
        }
    }
}
