package dev.litescope.ui.timeline;

import dev.litescope.replica.ltx.LtxNames;
import dev.litescope.ui.MainViewModel;
import dev.litescope.ui.fx.FieldLabel;
import dev.litescope.ui.fx.Icons;
import dev.litescope.ui.fx.TimeText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/**
 * The centre of the window: a small toolbar (zoom in, zoom out, fit; the Local/UTC switch), a field where the
 * user types the moment to restore, the timeline itself, and the legend. Typing a moment and pressing Enter moves
 * the cursor there and selects the generation that spans it; under the timeline, "Changes to" dims the WAL
 * segments that did not change the chosen table or index; text that is not a time gets a message under the
 * field, never an exception.
 */
public final class TimelinePane extends VBox {
    final TimelineView view;
    public final Button zoomIn = Icons.only(new Button("+"), Icons.ZOOM_IN);
    final Button zoomOut = Icons.only(new Button("−"), Icons.ZOOM_OUT);
    public final Button fit = Icons.on(new Button("Fi_t"), Icons.FIT);
    public final ToggleButton local = new ToggleButton("Local");
    public final ToggleButton utc = new ToggleButton("UTC");
    public final TextField moment = new TextField();
    public final Label message = new Label();
    public final Label range = new Label();
    /** The open 0.5 history's health warnings, one a line; hidden when there are none. */
    public final Label health = new Label();
    /** "Changes to": the table or index whose changes the timeline keeps lit; shown once any is known. */
    public final ComboBox<String> changesTo = new ComboBox<>();
    public static final String ALL_CHANGES = "all tables and indexes";
    private static final Pattern TXID = Pattern.compile("[0-9a-fA-F]{16}");
    private final MainViewModel model;

    public TimelinePane(MainViewModel model, TimelineView view) {
        this.model = model;
        this.view = view;
        setId("timelinePane");
        setSpacing(6);
        setPadding(new Insets(12, 14, 12, 14));

        Label title = new Label("Timeline");
        title.getStyleClass().add("title-4");
        title.setMinWidth(Region.USE_PREF_SIZE);
        range.setId("timelineRange");
        range.getStyleClass().addAll("text-muted", "text-small");
        range.setMinWidth(0);
        HBox.setHgrow(range, Priority.ALWAYS);
        range.setMaxWidth(Double.MAX_VALUE);

        zoomIn.setId("zoomIn");
        zoomIn.setTooltip(new Tooltip("Zoom in around the cursor (+, or Ctrl+wheel over the timeline)"));
        zoomIn.setOnAction(e -> view.zoomIn());
        zoomOut.setId("zoomOut");
        zoomOut.setTooltip(new Tooltip("Zoom out (−, or Ctrl+wheel over the timeline)"));
        zoomOut.setOnAction(e -> view.zoomOut());
        fit.setId("fit");
        fit.setMnemonicParsing(true);
        fit.setTooltip(new Tooltip("Show every generation (0)"));
        fit.setOnAction(e -> view.fit());
        for (Button b : new Button[]{zoomIn, zoomOut, fit}) {
            b.setFocusTraversable(true);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        zoomIn.getStyleClass().add("left-pill");
        zoomOut.getStyleClass().add("center-pill");
        fit.getStyleClass().add("right-pill");
        HBox zoom = new HBox(zoomIn, zoomOut, fit);

        ToggleGroup zones = new ToggleGroup();
        local.setToggleGroup(zones);
        utc.setToggleGroup(zones);
        local.setId("zoneLocal");
        utc.setId("zoneUtc");
        local.setTooltip(new Tooltip("Show and read times in this computer's zone (" + ZoneId.systemDefault().getId()
                + ")"));
        utc.setTooltip(new Tooltip("Show and read times in UTC, as Litestream and the command line print them"));
        local.getStyleClass().add("left-pill");
        utc.getStyleClass().add("right-pill");
        local.setMinWidth(Region.USE_PREF_SIZE);
        utc.setMinWidth(Region.USE_PREF_SIZE);
        (view.zoneProperty().get().equals(ZoneOffset.UTC) ? utc : local).setSelected(true);
        zones.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true); // one of the two is always on
                return;
            }
            view.zoneProperty().set(b == utc ? ZoneOffset.UTC : ZoneId.systemDefault());
        });
        HBox zoneSwitch = new HBox(local, utc);

        HBox header = new HBox(10, title, range, zoneSwitch, zoom);
        header.setAlignment(Pos.CENTER_LEFT);

        Label momentLabel = FieldLabel.of("_Moment", moment);
        moment.setId("moment");
        moment.setTooltip(new Tooltip("Type a moment and press Enter: RFC 3339 such as 2026-11-27T10:15:00Z or "
                + "2026-11-27T11:15:00+01:00, or a plain 2026-11-27 11:15:00 in the zone shown; or a Litestream 0.5 "
                + "TXID of 16 hexadecimal digits such as 000000000000002a"));
        moment.setOnAction(e -> go());
        moment.textProperty().addListener((o, a, b) -> message.setText(""));
        HBox.setHgrow(moment, Priority.ALWAYS);
        // Never narrower than a whole moment: the column gives way around it instead (a cut moment reads "2026").
        moment.fontProperty().addListener((o, a, b) -> fitMoment());
        moment.paddingProperty().addListener((o, a, b) -> fitMoment());
        view.zoneProperty().addListener((o, a, b) -> fitMoment());
        fitMoment();
        HBox field = new HBox(8, momentLabel, moment);
        field.setAlignment(Pos.CENTER_LEFT);

        message.setId("momentMessage");
        message.setWrapText(true);
        message.getStyleClass().add("error-text");
        message.getStyleClass().add("text-small");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        Label legend = new Label(V3_LEGEND + CONTROLS);
        legend.setId("timelineLegend");
        legend.getStyleClass().addAll("text-muted", "text-small");
        legend.setWrapText(true);
        legend.setMinHeight(Region.USE_PREF_SIZE);

        health.setId("ltxHealth");
        health.setWrapText(true);
        health.getStyleClass().addAll("warning", "text-small");
        health.setMinHeight(Region.USE_PREF_SIZE);
        health.visibleProperty().bind(health.textProperty().isNotEmpty());
        health.managedProperty().bind(health.visibleProperty());
        model.ltxProperty().addListener((o, a, b) -> showLtx(b, legend));
        model.generations().addListener((ListChangeListener<GenerationRow>) c -> showLtx(model.ltxProperty().get(),
                legend));
        showLtx(model.ltxProperty().get(), legend);

        Label changesLabel = FieldLabel.of("Chan_ges to", changesTo);
        changesTo.setId("changesTo");
        changesTo.setTooltip(new Tooltip("Dim every WAL segment or LTX file that did not change this table or index "
                + "(hover one to see what it changed)"));
        changesTo.getItems().add(ALL_CHANGES);
        changesTo.setValue(ALL_CHANGES);
        view.touchedNames().addListener((ListChangeListener<String>) c -> showNames());
        changesTo.valueProperty().addListener((o, a, b) -> view.changesToProperty().set(
                b == null || b.equals(ALL_CHANGES) ? Optional.empty() : Optional.of(b)));
        // Its own row under the timeline: the header has no width to spare in a small window.
        HBox filter = new HBox(6, changesLabel, changesTo);
        filter.setAlignment(Pos.CENTER_LEFT);
        filter.visibleProperty().bind(Bindings.isEmpty(view.touchedNames()).not());
        filter.managedProperty().bind(filter.visibleProperty());
        changesTo.setMinWidth(100);
        changesTo.setMaxWidth(260);
        HBox.setHgrow(changesTo, Priority.ALWAYS);

        VBox.setVgrow(view, Priority.ALWAYS);
        getChildren().addAll(header, field, message, health, view, filter, legend);

        model.selectedTimeProperty().addListener((o, a, b) -> showMoment());
        view.zoneProperty().addListener((o, a, b) -> {
            showMoment();
            updatePrompt();
        });
        view.setOnViewChanged(this::showRange);
        updatePrompt();
    }

    private static final String V3_LEGEND = "◆ snapshot   ┃ WAL segment (height: size)   ▮ red: the replica breaks "
            + "(hover: why)   ";
    private static final String CONTROLS = "Drag: pan · Ctrl+wheel, +/−: zoom · 0: fit · ←/→: step · Alt: no snapping";
    private static final String LTX_LEGEND = "Litestream 0.5: ◆ L9 snapshot   ▭ L1–8 compaction (its TXIDs)   ┃ L0 file"
            + "   ● restorable TXID (the cursor snaps to these; type a TXID of 16 hex digits)   red: not restorable "
            + "(hover: why)";

    /** The filter's choices: every table and index known to be touched; a choice that went away falls back to all. */
    private void showNames() {
        String chosen = changesTo.getValue();
        changesTo.getItems().setAll(ALL_CHANGES);
        changesTo.getItems().addAll(view.touchedNames());
        changesTo.setValue(changesTo.getItems().contains(chosen) ? chosen : ALL_CHANGES);
    }

    /** The health warnings and the legend of the open replica's 0.5 history, if it has one. */
    private void showLtx(Optional<LtxRow> ltx, Label legend) {
        health.setText(ltx.map(r -> r.history().warnings().stream().map(w -> "⚠ " + w.message())
                .collect(Collectors.joining("\n"))).orElse(""));
        // A 0.5-only history has no segments to explain; a path upgraded from 0.3 shows both.
        boolean v3 = ltx.isEmpty() || !model.generations().isEmpty();
        legend.setText((ltx.isPresent() ? LTX_LEGEND + "\n" : "") + (v3 ? V3_LEGEND : "") + CONTROLS);
    }

    /** Moves the cursor to the typed moment (or TXID), or says why it cannot. */
    void go() {
        ZoneId zone = view.zoneProperty().get();
        String typed = moment.getText().strip();
        if (TXID.matcher(typed).matches()) {
            if (!model.selectTxid(LtxNames.parseTxid(typed))) {
                // The history says why: beyond its newest, behind a gap, or inside a pruned compaction.
                message.setText(model.rejectionProperty().get());
                return;
            }
            message.setText("");
            model.selectedTimeProperty().get().ifPresent(view::reveal);
            showMoment();
            return;
        }
        Optional<Instant> t = TimeText.parse(moment.getText(), zone);
        if (t.isEmpty()) {
            message.setText("“" + moment.getText().strip() + "” is not a time. Type RFC 3339 such as "
                    + TimeText.format(Instant.parse("2026-11-27T10:15:00Z"), ZoneOffset.UTC)
                    + ", or a plain date and time read in " + TimeText.zoneName(zone) + ".");
            // A rejected moment leaves nothing restorable on screen.
            model.rejectMoment(message.getText());
            return;
        }
        if (!model.selectMoment(t.get())) {
            // The selection says why, naming the gap and the generations on either side.
            message.setText(model.rejectionProperty().get());
            return;
        }
        message.setText("");
        view.reveal(t.get());
        showMoment();
    }

    /** The moment field's minimum: the widest moment it shows in the current zone, with its padding. */
    private void fitMoment() {
        Instant wide = Instant.parse("2000-12-28T20:58:58.888888888Z");
        Text widest = new Text(TimeText.format(wide, view.zoneProperty().get()));
        widest.setFont(moment.getFont());
        Insets pad = moment.getPadding();
        moment.setMinWidth(Math.ceil(widest.getLayoutBounds().getWidth() + pad.getLeft() + pad.getRight()) + 6);
    }

    private void showMoment() {
        if (moment.isFocused() && !message.getText().isEmpty()) {
            return; // leave what the user typed while it is being corrected
        }
        model.selectedTimeProperty().get()
                .ifPresent(t -> moment.setText(TimeText.format(t, view.zoneProperty().get())));
        message.setText("");
    }

    private void updatePrompt() {
        moment.setPromptText("2026-11-27T10:15:00Z, …+01:00, or 2026-11-27 11:15:00 ("
                + TimeText.zoneName(view.zoneProperty().get()) + ")");
    }

    private void showRange() {
        TimelineViewport v = view.viewport();
        if (v.isEmpty()) {
            range.setText("");
            return;
        }
        ZoneId zone = view.zoneProperty().get();
        String text = TimeText.tag(v.visibleStart(), zone) + " → " + TimeText.tag(v.visibleEnd(), zone)
                + (v.isFitted() ? "" : String.format(Locale.ROOT, " · %.1f×", v.zoomFactor()));
        if (!text.equals(range.getText())) {
            range.setText(text);
        }
    }
}
