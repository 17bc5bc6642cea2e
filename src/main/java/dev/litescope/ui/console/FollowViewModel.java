package dev.litescope.ui.console;

import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.sql.FollowedQuery;
import dev.litescope.ui.AppSession;
import dev.litescope.ui.fx.BackgroundTask;
import dev.litescope.ui.fx.TaskRunner;
import dev.litescope.ui.fx.TimeText;
import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Follow the timeline": while on, each restore point the timeline's cursor moves to (a Litestream 0.3 WAL index or
 * moment, a 0.5 TXID) moves one working copy of the replica there and runs the editor's statement on it again
 * ({@link FollowedQuery}, on a worker). The engine drops
 * requests a newer one overtook, so the tasks carry no supersede key: cancelling a move half done would cost a full
 * restore on the next step.
 */
public final class FollowViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(FollowViewModel.class);
    /** Disk the working copy's checkpoints may take, beside the copy. */
    static final long BUDGET = 256L << 20;
    /** Rows of each step shown and compared. */
    static final int MAX_ROWS = 1000;

    private final TaskRunner runner;
    private final TimelineFeed feed;
    private final Supplier<Optional<String>> statement;
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following");
    private final ReadOnlyObjectWrapper<Optional<FollowedQuery.Result>> result =
            new ReadOnlyObjectWrapper<>(this, "result", Optional.empty());
    private final ReadOnlyStringWrapper moment = new ReadOnlyStringWrapper(this, "moment", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private FollowedQuery engine;
    private boolean closed;

    /** @param statement the statement to run at each point: the editor's, at its caret */
    FollowViewModel(TaskRunner runner, TimelineFeed feed, Supplier<Optional<String>> statement) {
        this.runner = runner;
        this.feed = feed;
        this.statement = statement;
        feed.target().addListener((o, a, b) -> {
            if (following.get()) {
                step(b);
            }
        });
        following.addListener((o, a, on) -> {
            if (on) {
                step(feed.target().getValue());
            }
        });
    }

    /** On: the grid follows the timeline's cursor. */
    public BooleanProperty followingProperty() {
        return following;
    }

    /** The newest step's rows and changed cells. */
    public ReadOnlyObjectProperty<Optional<FollowedQuery.Result>> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The restore point the result shows, in words. */
    public ReadOnlyStringProperty momentProperty() {
        return moment.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    private void step(Optional<RestoreTarget> target) {
        if (target.isEmpty()) {
            error.set("The timeline shows another replica, or no moment: pick a moment of " + feed.replicaUrl());
            return;
        }
        Optional<String> sql = statement.get();
        if (sql.isEmpty()) {
            error.set("Put a query in the editor to follow the timeline with it");
            return;
        }
        RestoreTarget t = target.get();
        runner.execute(BackgroundTask.of("", context -> engine().step(t, sql.get(), context.cancellation()))
                .onSuccess(r -> r.ifPresent(x -> {
                    result.set(Optional.of(x));
                    moment.set(describe(t));
                    error.set("");
                }))
                .onFailure(e -> {
                    LOG.warn("following the timeline to {} failed", t, e);
                    error.set("Following the timeline to " + describe(t) + ": " + AppSession.message(e));
                }));
    }

    private String describe(RestoreTarget t) {
        if (t instanceof RestoreTarget.Timestamp ts) {
            return ts.generation().map(g -> "generation " + g + " · ").orElse("")
                    + TimeText.tag(ts.at(), feed.zone().get());
        }
        if (t instanceof RestoreTarget.Txid x) {
            return "TXID " + LtxNames.txid(x.txid());
        }
        return t.toString();
    }

    /** The engine, made on first use (on a worker: it opens the replica and makes the copy's file). */
    private synchronized FollowedQuery engine() throws Exception {
        if (closed) {
            throw new IllegalStateException("this console tab is closed");
        }
        if (engine == null) {
            Path dir = Files.createDirectories(UserDirs.cache(feed.env()).resolve("follow"));
            Path copy = Files.createTempFile(dir, "follow-", ".db");
            engine = new FollowedQuery(Replicas.open(ReplicaUrl.parse(feed.replicaUrl()),
                    ReplicaOptions.fromEnvironment(feed.env(), true)), copy, BUDGET, MAX_ROWS);
        }
        return engine;
    }

    /** Removes the working copy (on a worker). */
    void close() {
        following.unbind(); // bound to the tab's toggle, which a closing window leaves as it is
        following.set(false);
        runner.execute(BackgroundTask.ofCallable("", () -> {
            synchronized (this) {
                closed = true;
                if (engine != null) {
                    try {
                        engine.close();
                    } catch (IOException e) {
                        LOG.warn("removing the followed copy failed", e);
                    }
                }
            }
            return null;
        }));
    }
}
