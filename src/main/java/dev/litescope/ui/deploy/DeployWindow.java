package dev.litescope.ui.deploy;

import dev.litescope.ui.fx.FieldLabel;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.Theme;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * "Deploy the sample to Cloud Run…": the answers {@code litescope deploy} asks for on the left with the seven steps
 * under them, the exact Service JSON on the right; Preview, Deploy and Cancel; at the end the service's URL and
 * "Open in browser".
 */
public final class DeployWindow {
    private final DeployViewModel model;
    private final Stage stage = new Stage();
    final ComboBox<String> project = new ComboBox<>();
    final ComboBox<String> region = new ComboBox<>();
    final TextField bucket = new TextField();
    final TextField replicaPath = new TextField();
    final TextField service = new TextField();
    final CheckBox makePublic = new CheckBox("Allow public access: anyone may invoke the service");
    final Button preview = Icons.on(new Button("_Preview"), Icons.VIEW);
    final Button deploy = Icons.on(new Button("_Deploy"), Icons.DEPLOY);
    final Button cancel = Icons.on(new Button("Cancel"), Icons.CANCEL);
    final TextArea json = new TextArea();
    final Hyperlink url = new Hyperlink();
    final Button openMonitor = Icons.on(new Button("Open monitor"), Icons.MONITOR);

    /**
     * @param browse opens a web page (the app's host services); called on the FX thread, and must not block it
     */
    public DeployWindow(DeployViewModel model, Window owner, Consumer<String> browse) {
        this.model = model;
        stage.initOwner(owner);
        stage.setTitle("Deploy the sample to Cloud Run");

        Label intro = muted("The bundled sample (the guestbook app with a Litestream sidecar replicating its "
                + "SQLite database to a bucket) on Cloud Run, as `litescope deploy` does it. Each step is "
                + "idempotent: Preview creates nothing, and deploying again resumes or changes only what differs.");

        // The form and the buttons stay in view; the steps and how it ended scroll under them.
        VBox progress = new VBox(12, error(), new StepsPane(model.steps()));
        progress.setPadding(new Insets(4, 4, 4, 0));
        ScrollPane steps = new ScrollPane(progress);
        steps.setFitToWidth(true);
        steps.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        steps.getStyleClass().add("clear-scroll");
        VBox.setVgrow(steps, Priority.ALWAYS);
        VBox left = new VBox(12, intro, form(), buttons(), outcome(browse), new Separator(), steps);
        left.setPadding(new Insets(14));

        json.setId("deployJson");
        json.setEditable(false);
        json.getStyleClass().add("deploy-json");
        json.textProperty().bind(model.serviceJsonProperty());
        json.setPromptText("Preview shows the exact Service JSON here, as Cloud Run validated it.");
        VBox.setVgrow(json, Priority.ALWAYS);
        Label jsonLabel = new Label("The Service JSON");
        jsonLabel.getStyleClass().add("strong");
        VBox right = new VBox(8, jsonLabel, json);
        right.setPadding(new Insets(14));

        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.55);
        // A pane as the root, so the theme paints the window's background (a split pane paints none).
        Scene scene = Theme.style(new Scene(new BorderPane(split), 1280, 820));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), stage::hide);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), stage::hide);
        stage.setScene(scene);
    }

    private Node form() {
        BooleanBinding busy = model.phaseProperty().isNotEqualTo(DeployViewModel.Phase.IDLE);
        project.setId("deployProject");
        project.setEditable(true);
        project.setItems(model.projects());
        project.getEditor().textProperty().bindBidirectional(model.projectProperty());
        project.setPromptText("my-project");
        region.setId("deployRegion");
        region.setEditable(true);
        region.getItems().setAll(DeployViewModel.REGIONS);
        region.getEditor().textProperty().bindBidirectional(model.regionProperty());
        bucket.setId("deployBucket");
        bucket.textProperty().bindBidirectional(model.bucketProperty());
        bucket.setPromptText("a bucket name; created in the region if missing");
        replicaPath.setId("deployReplicaPath");
        replicaPath.textProperty().bindBidirectional(model.replicaPathProperty());
        service.setId("deployService");
        service.textProperty().bindBidirectional(model.serviceProperty());
        makePublic.setId("deployPublic");
        makePublic.selectedProperty().bindBidirectional(model.makePublicProperty());
        makePublic.setTooltip(new Tooltip("allUsers gets roles/run.invoker; unticked, only callers you grant it "
                + "may invoke the service"));
        Label projectsNote = muted("");
        projectsNote.setId("deployProjectsNote");
        projectsNote.textProperty().bind(model.projectsNoteProperty());
        Label maxInstances = new Label(String.valueOf(DeployViewModel.MAX_INSTANCES));
        maxInstances.setId("deployMaxInstances");
        maxInstances.getStyleClass().add("strong");
        Label why = muted("fixed: Litestream supports one writer, so a second instance would fork the replica");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        // A long note beside a box (the projects could not be listed: why and what to do) wraps in its own
        // column; the boxes keep a width to type in.
        ColumnConstraints fields = new ColumnConstraints(220, 260, Double.MAX_VALUE);
        ColumnConstraints notes = new ColumnConstraints(0, 300, Double.MAX_VALUE);
        notes.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(new ColumnConstraints(), fields, notes);
        row(grid, 0, "Pro_ject", project, projectsNote);
        row(grid, 1, "_Region", region, muted("Cloud Run, the bucket and the image live there"));
        row(grid, 2, "_Bucket", bucket, null);
        row(grid, 3, "Replica pat_h", replicaPath, muted("where in the bucket Litestream replicates"));
        row(grid, 4, "_Service name", service, muted("also names its runtime service account"));
        grid.add(makePublic, 1, 5, 2, 1);
        Label max = new Label("Max instances");
        max.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(max, 0, 6);
        HBox fixed = new HBox(10, maxInstances, why);
        fixed.setAlignment(Pos.CENTER_LEFT);
        grid.add(fixed, 1, 6, 2, 1);
        for (Node n : new Node[] {project, region, bucket, replicaPath, service, makePublic}) {
            n.disableProperty().bind(busy);
        }
        return grid;
    }

    private static void row(GridPane grid, int r, String text, Region field, Label hint) {
        Label label = FieldLabel.of(text, field);
        field.setPrefWidth(260);
        field.setMaxWidth(Double.MAX_VALUE);
        grid.add(label, 0, r);
        grid.add(field, 1, r);
        if (hint != null) {
            hint.setWrapText(true);
            grid.add(hint, 2, r);
        }
    }

    private Node buttons() {
        BooleanBinding busy = model.phaseProperty().isNotEqualTo(DeployViewModel.Phase.IDLE);
        preview.setId("deployPreview");
        preview.setMnemonicParsing(true);
        preview.setDefaultButton(true);
        preview.disableProperty().bind(busy);
        preview.setOnAction(e -> model.preview());
        preview.setTooltip(new Tooltip("Show what exists and what would be created or changed, and the exact "
                + "Service JSON, validated by Cloud Run; nothing is created"));
        deploy.setId("deployDeploy");
        deploy.setMnemonicParsing(true);
        deploy.disableProperty().bind(busy);
        deploy.setOnAction(e -> model.deploy());
        deploy.setTooltip(new Tooltip("Run the seven steps; after a failure, Deploy again resumes"));
        cancel.setId("deployCancel");
        cancel.disableProperty().bind(busy.not());
        cancel.setOnAction(e -> model.cancel());
        cancel.setTooltip(new Tooltip("Stop before the next step; the one running now finishes"));
        Label summary = new Label();
        summary.setId("deploySummary");
        summary.setWrapText(true);
        summary.textProperty().bind(model.summaryProperty());
        summary.setMinHeight(Region.USE_PREF_SIZE);
        for (Button b : new Button[] {preview, deploy, cancel}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox box = new HBox(8, preview, deploy, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        // A finished run leaves the focus on Preview, not on a button further down that would scroll the steps.
        model.phaseProperty().addListener((o, a, b) -> {
            if (b == DeployViewModel.Phase.IDLE) {
                preview.requestFocus();
            }
        });
        return new VBox(8, box, summary);
    }

    private Node error() {
        Label error = new Label();
        error.setId("deployError");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.errorProperty());
        shownWhenSet(error, error);
        return error;
    }

    /** The APIs a deploy would enable, and at the end the service's URL. */
    private Node outcome(Consumer<String> browse) {
        Label offer = new Label();
        offer.setId("deployEnableOffer");
        offer.setWrapText(true);
        offer.textProperty().bind(model.enableOfferProperty().map(apis -> "Not enabled yet: " + apis
                + ". Deploy enables them first (step 1)."));
        Button enable = new Button("Enable them and deploy");
        enable.setId("deployEnable");
        enable.disableProperty().bind(model.phaseProperty().isNotEqualTo(DeployViewModel.Phase.IDLE));
        enable.setOnAction(e -> model.deploy());
        enable.setMinWidth(Region.USE_PREF_SIZE);
        offer.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(offer, Priority.ALWAYS);
        HBox offerBox = new HBox(10, offer, enable);
        offerBox.setAlignment(Pos.CENTER_LEFT);
        offerBox.visibleProperty().bind(model.enableOfferProperty().isNotEmpty());
        offerBox.managedProperty().bind(offerBox.visibleProperty());

        url.setId("deployUrl");
        url.textProperty().bind(model.urlProperty());
        url.setOnAction(e -> browse.accept(model.urlProperty().get()));
        Button open = Icons.on(new Button("Open in browser"), Icons.BROWSER);
        open.setId("deployOpenBrowser");
        open.setOnAction(e -> browse.accept(model.urlProperty().get()));
        Label at = new Label("The service:");
        openMonitor.setId("deployOpenMonitor");
        openMonitor.setVisible(false);
        openMonitor.managedProperty().bind(openMonitor.visibleProperty());
        at.setMinWidth(Region.USE_PREF_SIZE);
        open.setMinWidth(Region.USE_PREF_SIZE);
        openMonitor.setMinWidth(Region.USE_PREF_SIZE);
        HBox link = new HBox(10, at, url);
        link.setAlignment(Pos.CENTER_LEFT);
        VBox urlBox = new VBox(6, link, new HBox(10, open, openMonitor));
        urlBox.visibleProperty().bind(model.urlProperty().isNotEmpty());
        urlBox.managedProperty().bind(urlBox.visibleProperty());
        VBox box = new VBox(8, offerBox, urlBox);
        box.managedProperty().bind(offerBox.visibleProperty().or(urlBox.visibleProperty()));
        return box;
    }

    private static void shownWhenSet(Label label, Node node) {
        node.visibleProperty().bind(label.textProperty().isNotEmpty());
        node.managedProperty().bind(node.visibleProperty());
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add("text-muted");
        return l;
    }

    /**
     * Offers "Open monitor" beside the deployed service's URL: {@code open} is given the project, region, service,
     * bucket and replica path of this deploy.
     */
    public void offerMonitor(Consumer<DeployAnswers> open) {
        openMonitor.setVisible(true);
        openMonitor.setOnAction(e -> open.accept(model.answers()));
    }

    /** Shows the window, listing the projects the first time. */
    public void show() {
        if (!stage.isShowing() && model.projects().isEmpty()) {
            model.loadProjects();
        }
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }
}
