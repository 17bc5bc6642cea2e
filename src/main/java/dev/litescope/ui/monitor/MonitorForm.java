package dev.litescope.ui.monitor;

import dev.litescope.ui.fx.Icons;
import dev.litescope.util.GoTime;
import java.time.Duration;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/** The dashboard's first row: which service to read, its replica (not for the local sample), the window, Refresh. */
final class MonitorForm {
    private MonitorForm() {
    }

    static HBox build(MonitorViewModel model) {
        TextField project = field("monitorProject", "project", model.projectProperty(), 150);
        TextField region = field("monitorRegion", "region", model.regionProperty(), 110);
        TextField service = field("monitorService", "service", model.serviceProperty(), 150);
        TextField bucket = field("monitorBucket", "replica bucket", model.bucketProperty(), 150);
        TextField path = field("monitorReplicaPath", "replica path", model.replicaPathProperty(), 100);
        ChoiceBox<Duration> window = new ChoiceBox<>();
        window.setId("monitorWindow");
        window.getItems().setAll(MonitorViewModel.WINDOWS);
        window.setConverter(MonitorWindow.converter(d -> "last " + GoTime.durationString(d).replace("0m0s", "")
                .replace("0s", "")));
        window.valueProperty().bindBidirectional(model.windowProperty());
        Button read = Icons.on(new Button("_Refresh"), Icons.REFRESH);
        read.setId("monitorRefresh");
        read.setMnemonicParsing(true);
        read.setDefaultButton(true);
        read.setOnAction(e -> model.refresh());
        read.disableProperty().bind(model.loadingProperty());
        HBox form = new HBox(6, project, region, service, bucket, path, window, read);
        if (model.isLocal()) {
            // The local sample is read from its processes and its replica folder: nothing to name.
            for (TextField f : new TextField[] {project, region, service, bucket, path}) {
                f.setVisible(false);
                f.setManaged(false);
            }
        }
        form.setAlignment(Pos.CENTER_LEFT);
        return form;
    }

    private static TextField field(String id, String prompt, StringProperty p, double width) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(p);
        return f;
    }
}
