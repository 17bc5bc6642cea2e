package dev.litescope.ui.monitor;

import dev.litescope.monitor.CostEstimate;
import dev.litescope.monitor.LogEntry;
import dev.litescope.monitor.MonitorReport;
import dev.litescope.monitor.ReplicaState;
import dev.litescope.monitor.ServiceStatus;
import dev.litescope.ui.fx.Theme;
import dev.litescope.util.GoTime;
import dev.litescope.util.Units;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * The dashboard of a deployed service: what to read, then the service card (health, reason, URL, revisions,
 * traffic, the in-memory volume's fill), the replica card (lag, generations, "Open on timeline"), the cost card,
 * the revisions table, four charts over the chosen window and the logs with container and severity filters.
 * Refreshes every {@link #REFRESH} while shown. For the local sample ({@link MonitorViewModel#local}) the same
 * cards show its two processes, its replica folder and what that would cost in Cloud Storage, the charts only the
 * replica's, refreshing every {@link #LOCAL_REFRESH}.
 */
public final class MonitorWindow {
    static final Duration REFRESH = Duration.seconds(30);
    static final Duration LOCAL_REFRESH = Duration.seconds(5);

    private final MonitorViewModel model;
    private final Consumer<String> browse;
    private final Consumer<String> openOnTimeline;
    private final Stage stage = new Stage();
    final Label health = new Label("Not read yet");
    final Label reason = new Label();
    final Hyperlink url = new Hyperlink();
    final Label revisionsLine = new Label();
    final Label traffic = new Label();
    final ProgressBar volume = new ProgressBar(0);
    final Label volumeText = new Label();
    final Label replicaText = new Label("Give the bucket, or the sidecar's is used.");
    final Button openReplica = new Button("Open on _timeline");
    final Label costText = new Label();
    final Label warnings = new Label();
    final Label error = new Label();
    final TableView<ServiceStatus.Revision> revisions = new TableView<>();
    public final TableView<LogEntry> logs = new TableView<>();
    final MonitorCharts charts = new MonitorCharts();
    private final boolean local;

    /**
     * @param browse         opens a URL in the browser (the service, a log entry in the Cloud Console)
     * @param openOnTimeline opens a replica URL in the main window
     */
    public MonitorWindow(MonitorViewModel model, Window owner, Consumer<String> browse,
                         Consumer<String> openOnTimeline) {
        this.model = model;
        this.browse = browse;
        this.openOnTimeline = openOnTimeline;
        this.local = model.isLocal();
        stage.initOwner(owner);
        stage.setTitle(local ? "Monitor the sample running locally" : "Monitor a Cloud Run service");

        charts.window(model.windowProperty().get());
        model.windowProperty().addListener((o, was, now) -> charts.window(now));
        HBox cards = new HBox(10, serviceCard(), replicaCard(), costCard());
        VBox content = new VBox(10, MonitorForm.build(model), error, cards, warnings,
                section(local ? "Processes" : "Revisions", revisions), charts.pane, logsSection());
        content.setPadding(new Insets(12));
        error.setId("monitorError");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        warnings.setId("monitorWarnings");
        warnings.getStyleClass().add("warning-text");
        warnings.setWrapText(true);
        revisionsTable();
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        Scene scene = Theme.style(new Scene(scroll, 1180, 900));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::hide);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), model::refresh);
        stage.setScene(scene);
        model.reportProperty().addListener((o, a, b) -> b.ifPresent(this::show));

        Timeline refresh = new Timeline(new KeyFrame(local ? LOCAL_REFRESH : REFRESH, e -> model.refresh()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        stage.setOnShown(e -> refresh.play());
        stage.setOnHidden(e -> refresh.stop());
    }

    private VBox serviceCard() {
        health.setId("monitorHealth");
        reason.setId("monitorReason");
        reason.setWrapText(true);
        url.setId("monitorUrl");
        url.setOnAction(e -> browse.accept(url.getText()));
        volume.setId("monitorVolume");
        volume.setMaxWidth(Double.MAX_VALUE);
        if (local) {
            return card("The sample on this machine", health, reason, url);
        }
        return card("Service", health, reason, url, revisionsLine, traffic, new Label("In-memory volume"), volume,
                volumeText);
    }

    private VBox replicaCard() {
        replicaText.setId("monitorReplica");
        replicaText.setWrapText(true);
        openReplica.setId("monitorOpenReplica");
        openReplica.setMnemonicParsing(true);
        openReplica.setDisable(true);
        return card("Replica", replicaText, openReplica);
    }

    private VBox costCard() {
        costText.setId("monitorCost");
        costText.setWrapText(true);
        return card(local ? "If it were in Cloud Storage" : "This month at the current rate", costText);
    }

    private static VBox card(String title, Region... children) {
        Label t = new Label(title);
        t.getStyleClass().add("title");
        VBox box = new VBox(4, t);
        box.getChildren().addAll(children);
        box.getStyleClass().add("monitor-card");
        box.setPrefWidth(380);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }

    private static VBox section(String title, Region body) {
        Label t = new Label(title);
        t.getStyleClass().add("strong");
        return new VBox(4, t, body);
    }

    private void revisionsTable() {
        revisions.setId("monitorRevisions");
        revisions.setPrefHeight(120);
        revisions.getColumns().add(column(local ? "Process" : "Revision", ServiceStatus.Revision::shortName, 200));
        revisions.getColumns().add(column(local ? "Started" : "Created", r -> r.created()
                .map(GoTime::rfc3339Seconds).orElse("-"), 170));
        revisions.getColumns().add(column(local ? "State" : "Ready", r -> local ? r.ready().reason()
                : r.ready().state().replace("CONDITION_", ""), 90));
        revisions.getColumns().add(column(local ? "Detail" : "Reason", r -> local ? r.ready().message()
                : r.ready().reason().isEmpty() ? "" : r.ready().reason() + ": " + r.ready().message(), 620));
    }

    private VBox logsSection() {
        ChoiceBox<String> container = new ChoiceBox<>(model.containers());
        container.setId("monitorContainer");
        container.setConverter(converter(c -> c.isEmpty() ? "every container" : c));
        container.valueProperty().bindBidirectional(model.containerProperty());
        ChoiceBox<String> severity = new ChoiceBox<>();
        severity.getItems().setAll(MonitorViewModel.SEVERITIES);
        severity.setId("monitorSeverity");
        severity.setConverter(converter(s -> s.isEmpty() ? "any severity" : s + " or worse"));
        severity.valueProperty().bindBidirectional(model.severityProperty());
        Button console = new Button("Open in Cloud Console");
        console.setId("monitorLogConsole");
        console.disableProperty().bind(logs.getSelectionModel().selectedItemProperty().isNull());
        console.setOnAction(e -> browse.accept(logs.getSelectionModel().getSelectedItem().consoleUrl()));
        console.setVisible(!local);
        console.setManaged(!local);
        logs.setId("monitorLogs");
        logs.setItems(model.logs());
        logs.setPrefHeight(240);
        logs.setPlaceholder(new Label("No log entries."));
        logs.getStyleClass().add("log-text");
        logs.getColumns().add(column("Time", e -> GoTime.rfc3339Seconds(e.timestamp()), 160));
        logs.getColumns().add(column("Severity", LogEntry::severity, 80));
        logs.getColumns().add(column("Source", e -> local ? e.container().orElse("") : e.log()
                + e.container().map(c -> "/" + c).orElse(""), 140));
        logs.getColumns().add(column("Text", LogEntry::text, 760));
        logs.setRowFactory(t -> {
            TableRow<LogEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && !row.getItem().consoleUrl().isEmpty()) {
                    browse.accept(row.getItem().consoleUrl());
                }
            });
            return row;
        });
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Label title = new Label("Logs, newest first");
        title.getStyleClass().add("strong");
        HBox bar = new HBox(8, title, spring, container, severity, console);
        bar.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, bar, logs);
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? "" : text.apply(t);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("a choice is picked, not typed");
            }
        };
    }

    private void show(MonitorReport r) {
        ServiceStatus s = r.service();
        health.setText(local ? (s.health() == ServiceStatus.Health.READY ? "Running: the app and Litestream"
                : "Not running: a process exited") : s.shortName() + ": " + s.health());
        health.getStyleClass().removeAll("health-ready", "health-failing", "health-pending");
        health.getStyleClass().add("health-" + s.health().name().toLowerCase(Locale.ROOT));
        reason.setText(s.condition().succeeded() ? "" : s.condition().reason() + ": " + s.condition().message());
        url.setText(s.uri().orElse(""));
        revisionsLine.setText("latest ready " + ServiceStatus.shortName(s.latestReadyRevision()) + ", latest created "
                + ServiceStatus.shortName(s.latestCreatedRevision()) + (s.reconciling() ? " (rolling out)" : ""));
        traffic.setText("traffic: " + String.join(", ", s.traffic().stream().map(t -> t.percent() + "% "
                + t.revision()).toList()));
        volume.setProgress(r.fill().map(ReplicaState.VolumeFill::fraction).orElse(0.0));
        volumeText.setText(r.fill().map(f -> String.format(Locale.ROOT, "%s of %s (%.0f%%)", Units.bytes(f.used()),
                Units.bytes(f.limit()), f.fraction() * 100)).orElse("unknown: no replica read"));
        revisions.getItems().setAll(s.revisions());
        r.replica().ifPresentOrElse(rep -> {
            replicaText.setText(rep.url() + "\nnewest object " + rep.newest().map(GoTime::rfc3339Seconds).orElse("-")
                    + rep.lag().map(l -> ", lag " + GoTime.durationString(GoTime.truncateLag(l))).orElse("")
                    + "\n" + rep.objects() + " objects, " + Units.bytes(rep.bytes()) + "; " + rep.generations().size()
                    + " generation(s); " + String.format(Locale.ROOT, "%.1f uploads an hour", rep.writesPerHour()));
            openReplica.setDisable(false);
            openReplica.setOnAction(e -> openOnTimeline.accept(rep.url()));
        }, () -> openReplica.setDisable(true));
        CostEstimate c = r.cost();
        if (local) {
            costText.setText(String.format(Locale.ROOT, "a month at the current rate:\nstorage $%.4f\n"
                    + "class A writes $%.4f (%.0f uploads an hour)\ntotal $%.4f\nnot counted: Cloud Run, which runs "
                    + "nothing here", c.storage(), c.classA(), r.replica().map(ReplicaState::writesPerHour)
                    .orElse(0.0), c.storage() + c.classA()));
        } else {
            costText.setText(String.format(Locale.ROOT, "storage $%.4f\nclass A writes $%.4f\nclass B reads $%.4f\n"
                + "Cloud Run $%.2f\ntotal $%.2f\nat zero traffic $%.4f", c.storage(), c.classA(), c.classB(), c.run(),
                c.total(), c.idle()));
        }
        warnings.setText(String.join("\n", r.warnings().stream().map(w -> "⚠ " + w).toList()));
        if (local) {
            model.localReportProperty().get().ifPresent(charts::show);
        } else {
            charts.show(r.metrics());
        }
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }
}
