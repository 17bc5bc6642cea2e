package dev.litescope.ui.monitor;

import dev.litescope.monitor.LocalMonitor;
import dev.litescope.monitor.ServiceMetrics;
import dev.litescope.monitor.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javafx.geometry.Side;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

/**
 * The dashboard's four charts over the chosen window: requests/s by response class, latency p50/p95/p99, instances
 * active and idle, memory utilisation of each container; for the local sample, which has no request metrics,
 * only the replica's uploads per minute and stored bytes. The x axis is minutes before the window's end.
 */
final class MonitorCharts {
    final LineChart<Number, Number> requests = chart("Requests/s by response class", "requests/s");
    final LineChart<Number, Number> latency = chart("Latency (ms)", "ms");
    final LineChart<Number, Number> instances = chart("Instances", "instances");
    final LineChart<Number, Number> memory = chart("Memory utilisation (%)", "%");
    final LineChart<Number, Number> uploads = chart("Replica uploads per minute", "objects");
    final LineChart<Number, Number> stored = chart("Replica size (bytes)", "bytes");
    final GridPane pane = new GridPane();

    MonitorCharts() {
        requests.setId("requestsChart");
        latency.setId("latencyChart");
        instances.setId("instancesChart");
        memory.setId("memoryChart");
        uploads.setId("uploadsChart");
        stored.setId("storedChart");
        pane.setHgap(8);
        pane.setVgap(8);
        pane.add(requests, 0, 0);
        pane.add(latency, 1, 0);
        pane.add(instances, 0, 1);
        pane.add(memory, 1, 1);
        pane.add(uploads, 0, 2);
        pane.add(stored, 1, 2);
        for (LineChart<Number, Number> c : List.of(requests, latency, instances, memory, uploads, stored)) {
            GridPane.setHgrow(c, Priority.ALWAYS);
            c.managedProperty().bind(c.visibleProperty());
        }
        uploads.setVisible(false);
        stored.setVisible(false);
    }

    private static LineChart<Number, Number> chart(String title, String unit) {
        NumberAxis x = new NumberAxis();
        x.setLabel("minutes ago");
        x.setForceZeroInRange(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number minutesBefore) {
                return String.valueOf(Math.round(Math.abs(minutesBefore.doubleValue())));
            }

            @Override
            public Number fromString(String text) {
                return -Double.parseDouble(text);
            }
        });
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setCreateSymbols(false);
        c.setLegendSide(Side.RIGHT);
        c.setAnimated(false);
        c.getStyleClass().add("monitor-chart");
        c.setMinHeight(170);
        return c;
    }

    /**
     * Spans every chart's x axis over the chosen window, from its start to now, drawn or empty alike, so the
     * charts line up and an empty one does not show JavaFX's default 0 to 100. Ticks read as minutes ago.
     */
    void window(Duration window) {
        double minutes = window.toSeconds() / 60.0;
        for (LineChart<Number, Number> c : List.of(requests, latency, instances, memory, uploads, stored)) {
            NumberAxis x = (NumberAxis) c.getXAxis();
            x.setAutoRanging(false);
            x.setLowerBound(-minutes);
            x.setUpperBound(0);
            x.setTickUnit(tickUnit(minutes));
        }
    }

    /** A round step that gives the axis six to twelve ticks. */
    static double tickUnit(double minutes) {
        for (double step : new double[] {1, 2, 5, 10, 15, 30, 60, 120, 180, 240}) {
            if (minutes / step <= 12) {
                return step;
            }
        }
        return minutes / 6;
    }

    /** Draws {@code m}; each series named by its label. */
    void show(ServiceMetrics m) {
        fill(requests, m.requests(), m.end(), v -> v);
        fill(latency, m.latency(), m.end(), v -> v);
        fill(instances, m.instances(), m.end(), v -> v);
        fill(memory, m.memory(), m.end(), v -> v * 100);
    }

    /** Draws the local sample's replica charts, and hides the request charts it has no source for. */
    void show(LocalMonitor.Report r) {
        Instant end = r.report().at();
        for (LineChart<Number, Number> c : List.of(requests, latency, instances, memory)) {
            c.getData().clear();
            c.setVisible(false);
        }
        fill(uploads, List.of(r.uploads()), end, v -> v);
        fill(stored, List.of(r.storedBytes()), end, v -> v);
        uploads.setVisible(!r.uploads().points().isEmpty());
        stored.setVisible(!r.storedBytes().points().isEmpty());
    }

    private static void fill(LineChart<Number, Number> chart, List<TimeSeries> series, Instant end,
                             DoubleUnaryOperator scale) {
        chart.getData().clear();
        for (TimeSeries s : series) {
            XYChart.Series<Number, Number> line = new XYChart.Series<>();
            line.setName(s.label());
            for (TimeSeries.Point p : s.points()) {
                double minutesAgo = -Duration.between(p.time(), end).toSeconds() / 60.0;
                line.getData().add(new XYChart.Data<>(minutesAgo, scale.applyAsDouble(p.value())));
            }
            chart.getData().add(line);
        }
    }
}
