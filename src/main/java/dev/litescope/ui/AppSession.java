package dev.litescope.ui;

import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.RequestCounters;
import dev.litescope.ui.fx.RunningOperations;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every view model of one app session shares: the task runner and its running operations, the error line
 * and the status line, the Cloud Storage requests made so far and their prices, the user's folders, and the one
 * time zone every time on screen is shown in. Built once (by {@link ViewModels}) and handed to each view model.
 */
public final class AppSession {
    private final TaskRunner runner;
    private final ReplicaOptions options;
    private final Pricing pricing;
    private final Path restoresDir;
    private final Map<String, String> env;

    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "Open a replica to begin.");
    private final ObjectProperty<ZoneId> zone = new SimpleObjectProperty<>(this, "zone", ZoneId.systemDefault());

    /**
     * @param pricing     what Cloud Storage operations cost, for the plan and the status bar
     * @param restoresDir where "Restore" writes without asking (created when first used)
     * @param env         the environment the user's folders come from
     */
    public AppSession(TaskRunner runner, ReplicaOptions options, Pricing pricing, Path restoresDir,
                      Map<String, String> env) {
        this.runner = runner;
        // Every Cloud Storage store the session opens counts into one total: the session's requests.
        this.options = options.gcsTotals().isPresent() ? options : options.withGcsTotals(new RequestCounters());
        this.pricing = pricing;
        this.restoresDir = restoresDir;
        this.env = Map.copyOf(env);
    }

    public TaskRunner runner() {
        return runner;
    }

    /** How replicas are opened, with the session's request totals attached. */
    public ReplicaOptions options() {
        return options;
    }

    public Pricing pricing() {
        return pricing;
    }

    /** Where a plain "Restore" writes. */
    public Path restoresDir() {
        return restoresDir;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The tasks running now (the runner's list): the status bar shows them. */
    public RunningOperations operations() {
        return runner.operations();
    }

    /** Every Cloud Storage request of this session, over all the buckets it opened. */
    public RequestCounters sessionRequests() {
        return options.gcsTotals().orElseThrow();
    }

    /** The latest error in words for the user; empty when there is none. */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public void reportError(String message) {
        error.set(message);
    }

    public void dismissError() {
        error.set("");
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public void setStatus(String text) {
        status.set(text);
    }

    /**
     * The zone every time on screen is shown and read in: the computer's, or UTC. File names stay in UTC
     * whatever it is, so that they sort and compare across machines.
     */
    public ObjectProperty<ZoneId> zoneProperty() {
        return zone;
    }

    public boolean isUtc() {
        return zone.get().equals(ZoneOffset.UTC);
    }

    /** An engine failure in words: its message (engine messages name the object and what to do). */
    public static String message(Throwable t) {
        Throwable e = t;
        while (e.getMessage() == null && e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
