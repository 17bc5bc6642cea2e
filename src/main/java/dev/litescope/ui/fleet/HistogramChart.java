package dev.litescope.ui.fleet;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/** One small histogram above the fleet table: a bar per bucket, redrawn (without animation) when the rows change. */
final class HistogramChart {
    final BarChart<String, Number> chart;
    private final CategoryAxis x = new CategoryAxis();
    private final XYChart.Series<String, Number> series = new XYChart.Series<>();

    /** @param axis what the bars are, each named by where it starts */
    HistogramChart(String title, String axis, String id) {
        x.setLabel(axis);
        NumberAxis y = new NumberAxis();
        y.setMinorTickVisible(false);
        y.setLabel("replicas");
        chart = new BarChart<>(x, y);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setBarGap(1);
        chart.setCategoryGap(4);
        chart.getStyleClass().add("fleet-histogram");
        chart.getData().add(series);
    }

    void show(List<FleetHistogram.Bucket> buckets) {
        x.setCategories(FXCollections.observableArrayList(buckets.stream().map(FleetHistogram.Bucket::label)
                .toList()));
        series.getData().setAll(buckets.stream().map(b -> new XYChart.Data<String, Number>(b.label(), b.count()))
                .toList());
    }
}
