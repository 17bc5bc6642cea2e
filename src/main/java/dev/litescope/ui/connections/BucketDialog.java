package dev.litescope.ui.connections;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for a bucket or prefix to add, checking the URL as it is typed. */
public final class BucketDialog {
    public static final ButtonType ADD = new ButtonType("Add", ButtonBar.ButtonData.OK_DONE);

    private BucketDialog() {
    }

    static Optional<String> ask(Window owner) {
        Dialog<String> dialog = build();
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    public static Dialog<String> build() {
        Dialog<String> dialog = new Dialog<>();
        dialog.setTitle("Add bucket");
        dialog.setHeaderText("Add a Cloud Storage bucket or prefix");
        TextField url = new TextField();
        url.setId("bucketUrl");
        url.setPromptText("gs://bucket/prefix");
        url.setPrefColumnCount(32);
        Label label = new Label("_Bucket or prefix");
        label.setMnemonicParsing(true);
        label.setLabelFor(url);
        Label problem = new Label();
        problem.setId("bucketProblem");
        problem.setWrapText(true);
        problem.getStyleClass().add("error-text");
        problem.setMaxWidth(440);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        Label help = new Label("Litescope searches it for Litestream replicas, signed in with your Application Default "
                + "Credentials (gcloud auth application-default login, or GOOGLE_APPLICATION_CREDENTIALS). It needs "
                + "storage.objects.list and storage.objects.get, e.g. through roles/storage.objectViewer.");
        help.setWrapText(true);
        help.setMaxWidth(440);
        help.setMinHeight(Region.USE_PREF_SIZE);
        help.getStyleClass().addAll("text-small", "text-muted");
        VBox content = new VBox(6, label, url, problem, help);
        content.setPrefWidth(440);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ADD, ButtonType.CANCEL);
        Node add = dialog.getDialogPane().lookupButton(ADD);
        add.setDisable(true);
        url.textProperty().addListener((o, a, text) -> {
            Optional<String> why = ConnectionsViewModel.bucketProblem(text);
            add.setDisable(why.isPresent());
            // Say what is wrong only once there is something to judge, not while the field is empty.
            problem.setText(text.isBlank() || text.strip().length() < 6 ? "" : why.orElse(""));
            // The message takes or gives back lines: fit the window to it, or the buttons are cut off.
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
        dialog.setResultConverter(b -> b == ADD ? url.getText().strip() : null);
        Platform.runLater(url::requestFocus);
        return dialog;
    }
}
