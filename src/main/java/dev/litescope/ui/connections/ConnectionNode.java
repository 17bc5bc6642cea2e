package dev.litescope.ui.connections;

import dev.litescope.replica.Pricing;
import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.ui.fx.TaskHandle;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A connection in the connections panel and what is known below it: the databases its searches found and the
 * lines the panel shows for it. {@link ConnectionsViewModel} runs the searches and sets its fields.
 */
public final class ConnectionNode {
    final Connection connection;
    final ObservableList<Database> databases = FXCollections.observableArrayList();
    // One view for every caller: an unmodifiable view listens to its list only weakly, so a view made per
    // call would be collected, and the listeners added to it would silently stop.
    final ObservableList<Database> databasesView = FXCollections.unmodifiableObservableList(databases);
    final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching");
    final ReadOnlyBooleanWrapper searched = new ReadOnlyBooleanWrapper(this, "searched");
    final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    final ReadOnlyStringWrapper listed = new ReadOnlyStringWrapper(this, "listed", "");
    Optional<TaskHandle> running = Optional.empty();

    ConnectionNode(Connection connection, Optional<Pricing> storedIn, ObservableValue<ZoneId> zone) {
        this.connection = connection;
        Runnable update = () -> status.set(ConnectionText.status(this, storedIn, zone.getValue()));
        for (Observable o : List.<Observable>of(databases, searching, searched, error, listed, zone)) {
            o.addListener(x -> update.run());
        }
        update.run();
    }

    public Connection connection() {
        return connection;
    }

    public ObservableList<Database> databases() {
        return databasesView;
    }

    public ReadOnlyBooleanProperty searchingProperty() {
        return searching.getReadOnlyProperty();
    }

    /** Whether a search has finished (found something, nothing, or failed). */
    public ReadOnlyBooleanProperty searchedProperty() {
        return searched.getReadOnlyProperty();
    }

    /** The last search's failure, from the engine; empty when it succeeded. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /**
     * The line the panel shows under the connection: "Searching for databases…", the error, "3 databases ·
     * 1.2 MB", or for a connection that is itself a replica its format, generations and size.
     */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the last search of a bucket listed, in the engine's words ("" for a folder, or none yet). */
    public ReadOnlyStringProperty listedProperty() {
        return listed.getReadOnlyProperty();
    }

    /** The one database, when the connection is itself a replica (it holds generations/ directly). */
    public Optional<Database> single() {
        return databases.size() == 1 && databases.get(0).isConnectionItself()
                ? Optional.of(databases.get(0)) : Optional.empty();
    }

    /** Whether it holds more than {@link ConnectionsViewModel#FLEET_SIZE} databases, and so opens as a fleet table. */
    public boolean isFleet() {
        return databases.size() > ConnectionsViewModel.FLEET_SIZE;
    }

    void stopSearch() {
        running.ifPresent(TaskHandle::cancel);
        running = Optional.empty();
        searching.set(false);
    }

    @Override
    public String toString() {
        return connection.label();
    }
}
