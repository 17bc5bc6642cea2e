package dev.litescope.ui.sample;

import dev.litescope.ui.fx.FieldLabel;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The "Run sample locally" window: where Litestream replicates, Start/Stop, the running app's address, a button
 * that writes guestbook entries, and both processes' logs. While the sample runs, the main window's replica is
 * listed again every {@link #REFRESH} so its timeline grows as Litestream ships WAL segments.
 */
public final class SampleWindow {
    static final Duration REFRESH = Duration.seconds(2);

    private final SampleViewModel model;
    private final Stage stage = new Stage();
    final TextField replica = new TextField();
    public final Button startStop = new Button();
    final Button write = Icons.on(new Button("_Write 10 entries"), Icons.WRITE);
    public final Hyperlink appLink = new Hyperlink();
    final Label state = new Label();
    final Label error = new Label();
    public final ListView<String> log = new ListView<>();
    private final VBox root;
    private final HBox running;

    public SampleWindow(SampleViewModel model, Window owner, Consumer<String> browse) {
        this.model = model;
        stage.initOwner(owner);
        stage.setTitle("Run the sample locally");

        Label intro = new Label("The Cloud Run sample, on this machine: the guestbook app and the real Litestream "
                + "as two processes sharing a data folder, started in Cloud Run's order (Litestream restores, then "
                + "replicates; the app starts once it does). Its replica opens in the main window and grows as "
                + "you write.");
        intro.setWrapText(true);
        intro.setMinHeight(Region.USE_PREF_SIZE);
        intro.getStyleClass().add("text-muted");

        Label replicaLabel = FieldLabel.of("_Replica", replica);
        replica.setId("sampleReplica");
        replica.setText(model.replicaProperty().get());
        replica.setTooltip(new Tooltip("Where Litestream replicates: a folder (file:///…) or gcs://bucket/path"));
        replica.textProperty().addListener((o, a, b) -> model.setReplica(b));
        replica.disableProperty().bind(model.stateProperty().isNotEqualTo(SampleViewModel.State.STOPPED));
        HBox.setHgrow(replica, Priority.ALWAYS);

        startStop.setId("sampleStartStop");
        startStop.setMnemonicParsing(true);
        startStop.setDefaultButton(true);
        startStop.setMinWidth(90);
        startStop.textProperty().bind(Bindings.createStringBinding(() -> switch (model.stateProperty().get()) {
            case STOPPED -> "_Start";
            case STARTING -> "Starting…";
            case RUNNING -> "_Stop";
            case STOPPING -> "Stopping…";
        }, model.stateProperty()));
        startStop.graphicProperty().bind(Bindings.createObjectBinding(() -> Icons.of(
                model.stateProperty().get() == SampleViewModel.State.RUNNING ? Icons.STOP : Icons.START),
                model.stateProperty()));
        startStop.disableProperty().bind(model.stateProperty().isEqualTo(SampleViewModel.State.STARTING)
                .or(model.stateProperty().isEqualTo(SampleViewModel.State.STOPPING)));
        startStop.setOnAction(e -> {
            if (model.stateProperty().get() == SampleViewModel.State.RUNNING) {
                model.stop();
            } else {
                model.start();
            }
        });
        startStop.setTooltip(new Tooltip("Start both processes, or stop them: the app first, so it finishes its "
                + "writes, then Litestream, so it ships them"));
        HBox top = new HBox(8, replicaLabel, replica, startStop);
        top.setAlignment(Pos.CENTER_LEFT);

        state.setId("sampleState");
        state.textProperty().bind(Bindings.createStringBinding(() -> switch (model.stateProperty().get()) {
            case STOPPED -> "● Stopped";
            case STARTING -> "● Starting: fetching Litestream if needed, restoring, replicating, starting the app…";
            case RUNNING -> "● Running";
            case STOPPING -> "● Stopping…";
        }, model.stateProperty()));
        state.styleProperty().bind(Bindings.createStringBinding(() -> "-fx-text-fill: "
                + (model.stateProperty().get() == SampleViewModel.State.RUNNING ? "#1a7f37" : "#57606a") + ";",
                model.stateProperty()));
        appLink.setId("sampleUrl");
        appLink.textProperty().bind(model.appUrlProperty());
        appLink.visibleProperty().bind(model.appUrlProperty().isNotEmpty());
        appLink.setOnAction(e -> browse.accept(model.appUrlProperty().get()));
        appLink.setTooltip(new Tooltip("Open the guestbook in your browser"));
        write.setId("sampleWrite");
        write.setMnemonicParsing(true);
        write.disableProperty().bind(model.stateProperty().isNotEqualTo(SampleViewModel.State.RUNNING));
        write.setOnAction(e -> model.writeEntries(10));
        write.setTooltip(new Tooltip("POST ten entries to the app, as visitors would; each is committed before "
                + "the app answers"));
        Label written = new Label();
        written.textProperty().bind(Bindings.format("%d written", model.entriesWrittenProperty()));
        written.getStyleClass().add("text-muted");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        running = new HBox(10, state, appLink, spring, written, write);
        running.setAlignment(Pos.CENTER_LEFT);

        error.setId("sampleError");
        error.setWrapText(true);
        error.textProperty().bind(model.errorProperty());
        error.getStyleClass().add("error-text");
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Label logLabel = new Label("_Logs (both processes)");
        logLabel.setMnemonicParsing(true);
        logLabel.setLabelFor(log);
        log.setId("sampleLog");
        log.setItems(model.log());
        log.getStyleClass().add("log-text");
        log.setFixedCellSize(20);
        log.setPlaceholder(new Label("The processes' output appears here."));
        // Follow the newest line, as a terminal does.
        model.log().addListener((ListChangeListener<String>) c -> log.scrollTo(log.getItems().size() - 1));
        VBox.setVgrow(log, Priority.ALWAYS);

        root = new VBox(10, intro, top, running, error, logLabel, log);
        root.setPadding(new Insets(14));
        Scene scene = Theme.style(new Scene(root, 860, 520));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::hide);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::hide);
        stage.setScene(scene);

        // The refresh runs only while the sample does.
        Timeline refresh = new Timeline(new KeyFrame(REFRESH, e -> model.tick()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        model.stateProperty().addListener((o, a, b) -> {
            if (b == SampleViewModel.State.RUNNING) {
                refresh.play();
            } else {
                refresh.stop();
            }
        });
    }

    /** Adds "Deploy it to Cloud Run…" under the introduction, opening the deploy wizard. */
    public void offerDeploy(Runnable openWizard) {
        Hyperlink deploy = new Hyperlink("Deploy it to Cloud Run…");
        deploy.setId("sampleDeploy");
        deploy.setTooltip(new Tooltip("The same app and Litestream sidecar as a Cloud Run service, replicating to a "
                + "bucket"));
        deploy.setOnAction(e -> openWizard.run());
        root.getChildren().add(1, deploy);
    }

    /** Adds "Monitor…" beside the app's address while the sample runs, opening its dashboard. */
    public void offerMonitor(Runnable openMonitor) {
        Button monitor = Icons.on(new Button("_Monitor…"), Icons.MONITOR);
        monitor.setId("sampleMonitor");
        monitor.setMnemonicParsing(true);
        monitor.setTooltip(new Tooltip("The dashboard of the running sample: its processes, their logs, its replica "
                + "and what that replica would cost in Cloud Storage"));
        monitor.visibleProperty().bind(model.stateProperty().isEqualTo(SampleViewModel.State.RUNNING));
        monitor.managedProperty().bind(monitor.visibleProperty());
        monitor.setOnAction(e -> openMonitor.run());
        running.getChildren().add(2, monitor);
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }
}
