package dev.litescope.ui.fleet;

import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.Window;

/** What a fleet window is given in tests and benchmarks that open it on rows of their own: no search, no dialogs. */
public final class FleetWindowFakes {
    private FleetWindowFakes() {
    }

    /** A search that never runs: Refresh and Cancel do nothing, and nothing was listed. */
    public static FleetWindow.Search idle() {
        ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(false);
        ReadOnlyStringWrapper listed = new ReadOnlyStringWrapper("");
        return new FleetWindow.Search() {
            @Override
            public ReadOnlyBooleanProperty searchingProperty() {
                return searching.getReadOnlyProperty();
            }

            @Override
            public ReadOnlyStringProperty listedProperty() {
                return listed.getReadOnlyProperty();
            }

            @Override
            public void refresh() {
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** Dialogs that are always cancelled. */
    public static FleetWindow.Dialogs noDialogs() {
        return new FleetWindow.Dialogs() {
            @Override
            public Optional<Path> restoreInto(Window owner) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> exportTo(Window owner, String suggested) {
                return Optional.empty();
            }
        };
    }
}
