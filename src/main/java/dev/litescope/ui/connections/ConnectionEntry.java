package dev.litescope.ui.connections;

import dev.litescope.ui.connections.ConnectionsViewModel.Database;
import dev.litescope.ui.timeline.GenerationRow;

/** What a row of the connections tree shows: one of these, so the tree and its cells switch over a closed set. */
public sealed interface ConnectionEntry {

    /**
     * The view-model object behind the row (a {@link ConnectionNode}, a {@link Database}, a {@link GenerationRow},
     * a URL).
     */
    Object value();

    /** A remembered connection: the demo, a folder, a bucket. */
    record Place(ConnectionNode node) implements ConnectionEntry {
        @Override
        public Object value() {
            return node;
        }
    }

    /** A database found under a connection. */
    record Found(Database database) implements ConnectionEntry {
        @Override
        public Object value() {
            return database;
        }
    }

    /** The databases of a connection that holds more than a handful, as one row that opens the fleet table. */
    record Fleet(ConnectionNode node) implements ConnectionEntry {
        @Override
        public Object value() {
            return node;
        }
    }

    /** A generation of the open database. */
    record Generation(GenerationRow row) implements ConnectionEntry {
        @Override
        public Object value() {
            return row;
        }
    }

    /** The replica opened through the URL field, when it is in no connection. */
    record Elsewhere(String url) implements ConnectionEntry {
        @Override
        public Object value() {
            return url;
        }
    }
}
