package dev.litescope.ui.fleet;

import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.connections.ConnectionNode;
import dev.litescope.ui.connections.ConnectionsViewModel;
import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.stage.Window;

/**
 * The fleet tables of the app: one window per connection, made when it is first opened and kept, fed by that
 * connection's search (the tree's own, so nothing is listed twice) and refreshed with it.
 */
public final class FleetWindows {
    private final ConnectionsViewModel connections;
    private final MainViewModel main;
    private final Window owner;
    private final FleetWindow.Dialogs dialogs;
    private final Map<ConnectionNode, FleetWindow> windows = new IdentityHashMap<>();

    private FleetWindows(ConnectionsViewModel connections, MainViewModel main, Window owner,
                         FleetWindow.Dialogs dialogs) {
        this.connections = connections;
        this.main = main;
        this.owner = owner;
        this.dialogs = dialogs;
    }

    /** Makes the connections panel open its fleets here. */
    public static FleetWindows attach(ConnectionsViewModel connections, MainViewModel main, Window owner,
                                      FleetWindow.Dialogs dialogs) {
        FleetWindows fleets = new FleetWindows(connections, main, owner, dialogs);
        connections.setFleetOpener(fleets::open);
        return fleets;
    }

    /** Shows the connection's fleet table, making it the first time. */
    public FleetWindow open(ConnectionNode node) {
        FleetWindow w = windows.computeIfAbsent(node, this::make);
        w.show();
        return w;
    }

    /** The connection's fleet window, if it was opened. */
    public Optional<FleetWindow> windowOf(ConnectionNode node) {
        return Optional.ofNullable(windows.get(node));
    }

    private FleetWindow make(ConnectionNode node) {
        FleetViewModel vm = new FleetViewModel(main.session().runner(), node.connection().location(),
                () -> connections.openSearched(node.connection()), main.pricing(), Clock.systemUTC());
        Runnable load = () -> vm.load(node.databases().stream().map(Database::replica).toList(),
                searchedRoot(node.databases()));
        node.databases().addListener((ListChangeListener<Database>) c -> load.run());
        load.run();
        return new FleetWindow(vm, FleetWindow.Search.of(connections, node), owner, dialogs,
                () -> main.session().zoneProperty().get(), main::open);
    }

    /** The searched prefix's key prefix: a database's root without its path below the connection. */
    static String searchedRoot(List<Database> databases) {
        if (databases.isEmpty()) {
            return "";
        }
        Database d = databases.get(0);
        String root = d.replica().root();
        String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        return r.endsWith(d.path()) ? r.substring(0, r.length() - d.path().length()) : "";
    }
}
