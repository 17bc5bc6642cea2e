package dev.litescope.ui.monitor;

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

/**
 * The dashboard's four charts over the chosen window: requests/s by response class, latency p50/p95/p99, instances
 * active and idle, memory utilisation of each container. The x axis is minutes before the window's end.
 */
final class MonitorCharts {
    final LineChart<Number, Number> requests = chart("Requests/s by response class", "requests/s");
    final LineChart<Number, Number> latency = chart("Latency (ms)", "ms");
    final LineChart<Number, Number> instances = chart("Instances", "instances");
    final LineChart<Number, Number> memory = chart("Memory utilisation (%)", "%");
    final GridPane pane = new GridPane();

    MonitorCharts() {
        requests.setId("requestsChart");
        latency.setId("latencyChart");
        instances.setId("instancesChart");
        memory.setId("memoryChart");
        pane.setHgap(8);
        pane.setVgap(8);
        pane.add(requests, 0, 0);
        pane.add(latency, 1, 0);
        pane.add(instances, 0, 1);
        pane.add(memory, 1, 1);
        for (LineChart<Number, Number> c : List.of(requests, latency, instances, memory)) {
            GridPane.setHgrow(c, Priority.ALWAYS);
        }
    }

    private static LineChart<Number, Number> chart(String title, String unit) {
        NumberAxis x = new NumberAxis();
        x.setLabel("minutes ago");
        x.setForceZeroInRange(false);
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

    /** Draws {@code m}; each series named by its label. */
    void show(ServiceMetrics m) {
        fill(requests, m.requests(), m.end(), v -> v);
        fill(latency, m.latency(), m.end(), v -> v);
        fill(instances, m.instances(), m.end(), v -> v);
        fill(memory, m.memory(), m.end(), v -> v * 100);
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
