package dev.litescope.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One line of a chart: a metric after alignment and reduction, named by the label it was grouped by (a response
 * class, an instance state, a container) or by what was computed (p95), its points oldest first.
 */
public record TimeSeries(String metric, String label, List<Point> points) {
    public record Point(Instant time, double value) {
    }

    public TimeSeries {
        points = points.stream().sorted(Comparator.comparing(Point::time)).toList();
    }

    /** The newest value, if there is any point. */
    public OptionalDouble latest() {
        return points.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(points.get(points.size() - 1).value());
    }

    /** The mean over the points. */
    public OptionalDouble mean() {
        return points.stream().mapToDouble(Point::value).average();
    }

    public OptionalDouble max() {
        return points.stream().mapToDouble(Point::value).max();
    }

    /**
     * Reads a Monitoring v3 {@code TimeSeries}: each point's end time and its value, whichever of double, int64 or
     * (for a distribution) the mean it holds.
     *
     * @param labelField the metric or resource label the series was grouped by; empty to call it {@code fallback}
     */
    static TimeSeries of(String metric, JsonNode series, String labelField, String fallback) {
        String label = fallback;
        if (!labelField.isEmpty()) {
            String[] path = labelField.split("\\.");
            // metric.labels.state / resource.labels.revision_name
            JsonNode n = series.path(path[0]).path("labels").path(path[path.length - 1]);
            label = n.asText("").isEmpty() ? fallback : n.asText();
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode p : series.path("points")) {
            Instant t = ServiceStatus.time(p.path("interval").path("endTime")).orElse(Instant.EPOCH);
            points.add(new Point(t, value(p.path("value"))));
        }
        return new TimeSeries(metric, label, points);
    }

    private static double value(JsonNode v) {
        if (v.has("doubleValue")) {
            return v.path("doubleValue").asDouble();
        }
        if (v.has("int64Value")) {
            // int64 travels as a JSON string
            return Double.parseDouble(v.path("int64Value").asText("0"));
        }
        if (v.has("distributionValue")) {
            return v.path("distributionValue").path("mean").asDouble(0);
        }
        return 0;
    }
}
