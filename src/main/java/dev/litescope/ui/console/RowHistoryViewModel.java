package dev.litescope.ui.console;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Names;
import dev.litescope.sql.Cell;
import dev.litescope.sql.ResultColumn;
import dev.litescope.sql.Schema;
import dev.litescope.sql.history.RowHistory;
import dev.litescope.sql.history.RowKey;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskHandle;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.Cancellation;
import dev.litescope.util.UserDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the row history window shows: every distinct version of one row of a replica's table across its restore
 * points ({@link RowHistory}, one moving copy forward, on a worker through the task runner), each with its moment
 * in the app's time zone, its generation and WAL index (Litestream 0.3) or its TXID (0.5), what changed and the
 * values. Progress counts restore points; {@link #cancel()} stops the walk between WAL segments or LTX files and
 * leaves nothing behind.
 */
public final class RowHistoryViewModel {
    /** Columns of a 0.3 version's row before its values: the moment, generation, WAL index and what changed. */
    public static final List<String> META = List.of("Moment", "Generation", "WAL index", "Change");
    /** Columns of a 0.5 version's row before its values: the moment, TXID and what changed. */
    public static final List<String> LTX_META = List.of("Moment", "TXID", "Change");

    /**
     * The row to follow: a row of {@code table} with key {@code key} in the replica the console's moment is of;
     * {@code shape} is the table as the console's database has it, for the columns' declared types.
     */
    public record Request(TimelineFeed feed, String table, Map<String, Cell> key, Optional<Schema.Table> shape) {
        public Request {
            key = new LinkedHashMap<>(key);
        }

        /** The key as the user reads it: {@code id = 7}. */
        public String keyText() {
            List<String> parts = new ArrayList<>();
            key.forEach((c, v) -> parts.add(c + " = " + Cell.sqlLiteral(v)));
            return String.join(", ", parts);
        }

        /** The replica's name: the last part of its URL (the folder, or the bucket's prefix). */
        public String replicaName() {
            return RowHistoryViewModel.replicaName(feed.replicaUrl());
        }
    }

    /**
     * One version as a row of the window: {@code cells} are the {@link #meta()} columns as text, then the values in
     * {@link #columns()}' order (null for each of a deleted row's).
     */
    public record VersionRow(RowHistory.Version version, List<Cell> cells, List<Integer> changedColumns) {
        public boolean deleted() {
            return version.deleted();
        }

        /** Whether value column {@code column} (0-based among the values) changed from the version before. */
        public boolean changed(int column) {
            return changedColumns.contains(column);
        }
    }

    /** Whether a result row's history can be shown: the request to make, or why not (for a tooltip). */
    public record Availability(Optional<Request> request, String whyNot) {
    }

    /**
     * Whether the history of {@code row}, a row of a result with {@code columns}, can be shown: only in a console
     * opened on a replica's moment ({@code feed}), once its {@code schema} is read, and when the result's columns
     * are one table's with its key among them ({@link RowKey}).
     */
    public static Availability availability(Optional<TimelineFeed> feed, Optional<Schema> schema,
                                            List<ResultColumn> columns, Optional<List<Cell>> row) {
        if (feed.isEmpty()) {
            return new Availability(Optional.empty(), "A row's history is read from a replica: open a moment of one "
                    + "with Query this moment (Ctrl+Shift+Q in the main window), then ask again there");
        }
        if (schema.isEmpty()) {
            return new Availability(Optional.empty(), "The database's schema is still being read");
        }
        RowKey.Answer answer = RowKey.of(columns, schema.get());
        if (answer instanceof RowKey.NotFound n) {
            return new Availability(Optional.empty(), n.why());
        }
        RowKey.Found found = (RowKey.Found) answer;
        if (row.isEmpty()) {
            return new Availability(Optional.empty(), "Pick a row of the result first");
        }
        return new Availability(Optional.of(new Request(feed.get(), found.table(), found.keyOf(row.get()),
                schema.get().table(found.table()))), "");
    }

    private final TaskRunner runner;
    private final Request request;
    private final ObservableList<VersionRow> rows = FXCollections.observableArrayList();
    private final ObservableList<ResultColumn> columns = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private Optional<RowHistory.Result> result = Optional.empty();
    private TaskHandle running;
    /** The last restore point the walk reported, in words. */
    private String reached = "";

    public RowHistoryViewModel(TaskRunner runner, Request request) {
        this.runner = runner;
        this.request = request;
    }

    public Request request() {
        return request;
    }

    /** Walks the replica's restore points for the row's versions. */
    public void start() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        reached = "";
        error.set("");
        progress.set(-1);
        status.set("Opening " + request.replicaName() + "…");
        TimelineFeed feed = request.feed();
        running = runner.execute(BackgroundTask.of("History of " + request.table() + " (" + request.keyText()
                + ") in " + request.replicaName(), context -> {
                    Consumer<int[]> shown = context.coalesced(p -> {
                        progress.set((double) p[0] / p[1]);
                        reached = "restore point " + p[0] + " of " + p[1];
                        status.set("Reading " + reached + "…");
                    });
                    Replica replica = Replicas.open(ReplicaUrl.parse(feed.replicaUrl()),
                            ReplicaOptions.fromEnvironment(feed.env(), true));
                    Path dir = Files.createDirectories(UserDirs.cache(feed.env()).resolve("history"));
                    Path work = Files.createTempDirectory(dir, "row-");
                    try {
                        return new RowHistory(replica, request.table(), request.key()).run(work, (done, total) -> {
                            context.progress((double) done / total, "restore point " + done + " of " + total);
                            shown.accept(new int[] {done, total});
                        }, context.cancellation());
                    } finally {
                        Files.deleteIfExists(work);
                    }
                }).supersedes(this).onSuccess(this::show).onFailure(e -> {
                    if (e instanceof Cancellation.CancelledException) {
                        status.set("Cancelled" + (reached.isEmpty() ? "" : " at " + reached) + "; nothing was kept");
                    } else {
                        status.set("");
                        error.set(AppSession.message(e));
                    }
                }).onFinished(() -> busy.set(false)));
    }

    /** Stops the walk; what was found so far is not shown (a history cut short would hide later versions). */
    public void cancel() {
        if (running != null) {
            running.cancel();
        }
    }

    private void show(RowHistory.Result r) {
        result = Optional.of(r);
        List<ResultColumn> cols = new ArrayList<>();
        for (String c : r.columns()) {
            String type = request.shape().flatMap(t -> t.columns().stream().filter(x -> x.name().equalsIgnoreCase(c))
                    .map(Schema.Column::declaredType).findFirst()).orElse("");
            cols.add(new ResultColumn(c, type, r.table()));
        }
        columns.setAll(cols);
        List<VersionRow> out = new ArrayList<>();
        RowHistory.Version before = null;
        for (RowHistory.Version v : r.versions()) {
            out.add(row(v, before, r.columns()));
            before = v;
        }
        rows.setAll(out);
        progress.set(1);
        String summary = r.summary();
        status.set(r.notes().isEmpty() ? summary : summary + " · " + String.join(" · ", r.notes()));
    }

    private VersionRow row(RowHistory.Version v, RowHistory.Version before, List<String> names) {
        List<Cell> cells = new ArrayList<>();
        RowHistory.Point p = v.point();
        cells.add(new Cell.Text(TimeText.tag(p.time(), request.feed().zone().get())));
        if (p.txid().isPresent()) {
            cells.add(new Cell.Text(p.txidText().orElseThrow()));
        } else {
            cells.add(new Cell.Text(p.generation().orElseThrow()));
            cells.add(new Cell.Text(Names.hex8(p.index().orElseThrow())));
        }
        boolean appears = before == null || before.deleted();
        cells.add(new Cell.Text(v.deleted() ? "deleted" : appears ? "appears" : "changed " + String.join(", ",
                v.changed())));
        Cell[] values = new Cell[names.size()];
        v.values().ifPresent(m -> {
            for (int i = 0; i < names.size(); i++) {
                values[i] = m.getOrDefault(names.get(i), Cell.NULL);
            }
        });
        cells.addAll(Arrays.asList(values));
        List<Integer> changed = new ArrayList<>();
        if (!appears && !v.deleted()) {
            for (int i = 0; i < names.size(); i++) {
                if (v.changed().contains(names.get(i))) {
                    changed.add(i);
                }
            }
        }
        return new VersionRow(v, cells, changed);
    }

    /** The last part of a replica URL's path, or the bucket for a whole bucket. */
    static String replicaName(String url) {
        ReplicaUrl u = ReplicaUrl.parse(url);
        if (u instanceof ReplicaUrl.Local l) {
            Path name = l.dir().getFileName();
            return name == null ? l.dir().toString() : name.toString();
        }
        ReplicaUrl.Gcs g = (ReplicaUrl.Gcs) u;
        return g.root().isEmpty() ? g.bucket() : g.root().substring(g.root().lastIndexOf('/') + 1);
    }

    /**
     * The names of the columns each row's cells start with: {@link #LTX_META} once a walk of a 0.5 history has
     * ended, else {@link #META}.
     */
    public List<String> meta() {
        return result.map(r -> r.format() == Format.LITESTREAM_0_5).orElse(false) ? LTX_META : META;
    }

    /** The versions, oldest first. */
    public ObservableList<VersionRow> rows() {
        return rows;
    }

    /** The row's columns, in the table's order (every column a version has). */
    public ObservableList<ResultColumn> columns() {
        return columns;
    }

    /** The engine's answer, once the walk has ended. */
    public Optional<RowHistory.Result> result() {
        return result;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Restore points walked, 0..1; negative while not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Where the walk is, or once done how many versions it found over how many points. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
