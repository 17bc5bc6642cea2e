package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Cloud Monitoring v3 {@code GET v3/projects/P/timeSeries}. It does not aggregate: a test gives it the
 * series the server would compute for a metric under an aligner, reducer and grouping, and it answers the query
 * that asks for exactly that, with the points inside {@code interval}, newest first, one series a page (so that
 * paging is always exercised). It checks the query as the API does: a filter naming a {@code metric.type} and a
 * {@code resource.type}, an interval with an end, an alignment period of at least 60 s, and an aligner that suits
 * the metric's kind (a distribution takes ALIGN_DELTA or ALIGN_PERCENTILE_nn, a gauge no ALIGN_RATE).
 */
public final class LoopbackMonitoring extends GoogleApiFake {
    private static final Pattern PATH = Pattern.compile("/v3/projects/([^/]+)/timeSeries");
    private static final Pattern METRIC = Pattern.compile("metric\\.type=\"([^\"]+)\"");
    /** Each metric a monitor reads: its kind and value type, as the metric descriptors say. */
    private static final Map<String, String[]> KINDS = Map.of(
            "run.googleapis.com/request_count", new String[] {"DELTA", "INT64"},
            "run.googleapis.com/request_latencies", new String[] {"DELTA", "DISTRIBUTION"},
            "run.googleapis.com/container/instance_count", new String[] {"GAUGE", "INT64"},
            "run.googleapis.com/container/memory/utilizations", new String[] {"DELTA", "DISTRIBUTION"},
            "storage.googleapis.com/api/request_count", new String[] {"DELTA", "INT64"});

    /** One point: the end of its interval and its value. */
    public record Point(Instant time, double value) {
    }

    private record Canned(String metric, String aligner, String reducer, Optional<String> groupBy, String label,
                          List<Point> points) {
    }

    private final List<Canned> series = new ArrayList<>();

    private LoopbackMonitoring() {
        super("monitoring", "/monitoring", "monitoring.googleapis.com");
    }

    public static LoopbackMonitoring start() {
        return new LoopbackMonitoring();
    }





    /**
     * The series the server computes for {@code metric} aligned by {@code aligner}, reduced by {@code reducer}
     * within {@code groupBy} (e.g. {@code metric.labels.state}), for the group {@code label}.
     */
    public synchronized void add(String metric, String aligner, String reducer, Optional<String> groupBy,
                                 String label, List<Point> points) {
        if (!KINDS.containsKey(metric)) {
            throw new IllegalArgumentException("the fake knows no metric " + metric);
        }
        series.add(new Canned(metric, aligner, reducer, groupBy, label, List.copyOf(points)));
    }

    /** {@code n} points a minute apart ending at {@code end}, each {@code value}. */
    public static List<Point> flat(Instant end, int n, double value) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new Point(end.minus(Duration.ofMinutes(i)), value));
        }
        return points;
    }

    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) {
        Matcher p = PATH.matcher(path);
        if (!method.equals("GET") || !p.matches()) {
            throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
        }
        String filter = required(call, "filter");
        Matcher m = METRIC.matcher(filter);
        if (!m.find() || !filter.contains("resource.type=")) {
            throw new HttpError(400, "INVALID_ARGUMENT", "Field filter had an invalid value of \"" + filter
                    + "\": a metric.type and a resource.type are required");
        }
        String metric = m.group(1);
        String[] kind = KINDS.get(metric);
        if (kind == null) {
            throw new HttpError(404, "NOT_FOUND", "Cannot find metric(s) that match type = \"" + metric + "\".");
        }
        Instant end = Instant.parse(required(call, "interval.endTime"));
        Instant start = Optional.ofNullable(call.param("interval.startTime")).map(Instant::parse).orElse(end);
        String period = required(call, "aggregation.alignmentPeriod");
        if (!period.endsWith("s") || Long.parseLong(period.substring(0, period.length() - 1)) < 60) {
            throw new HttpError(400, "INVALID_ARGUMENT", "The alignment period must be at least 60s, not " + period);
        }
        String aligner = required(call, "aggregation.perSeriesAligner");
        if (kind[1].equals("DISTRIBUTION") && !aligner.equals("ALIGN_DELTA")
                && !aligner.startsWith("ALIGN_PERCENTILE_")) {
            throw new HttpError(400, "INVALID_ARGUMENT", "The aligner " + aligner + " cannot be applied to metrics "
                    + "with kind " + kind[0] + " and value type DISTRIBUTION.");
        }
        if (kind[0].equals("GAUGE") && aligner.equals("ALIGN_RATE")) {
            throw new HttpError(400, "INVALID_ARGUMENT", "ALIGN_RATE cannot be applied to GAUGE metrics.");
        }
        String reducer = Optional.ofNullable(call.param("aggregation.crossSeriesReducer")).orElse("REDUCE_NONE");
        Optional<String> groupBy = Optional.ofNullable(call.param("aggregation.groupByFields"));
        List<Canned> matching = series.stream().filter(c -> c.metric.equals(metric) && c.aligner.equals(aligner)
                && c.reducer.equals(reducer) && c.groupBy.equals(groupBy)).toList();
        int from = Optional.ofNullable(call.param("pageToken")).map(Integer::parseInt).orElse(0);
        ObjectNode page = LoopbackJson.MAPPER.createObjectNode();
        ArrayNode out = page.putArray("timeSeries");
        if (from < matching.size()) {
            out.add(render(matching.get(from), p.group(1), start, end, period, kind));
        }
        if (from + 1 < matching.size()) {
            page.put("nextPageToken", String.valueOf(from + 1));
        }
        return page;
    }

    private static ObjectNode render(Canned c, String project, Instant start, Instant end, String period,
                                     String[] kind) {
        boolean doubles = c.aligner.equals("ALIGN_RATE") || c.reducer.startsWith("REDUCE_PERCENTILE")
                || c.aligner.startsWith("ALIGN_PERCENTILE") || c.reducer.equals("REDUCE_MEAN");
        ObjectNode s = LoopbackJson.MAPPER.createObjectNode();
        ObjectNode metric = s.putObject("metric");
        metric.put("type", c.metric);
        ObjectNode labels = metric.putObject("labels");
        ObjectNode resource = s.putObject("resource");
        resource.put("type", c.metric.startsWith("storage") ? "gcs_bucket" : "cloud_run_revision");
        ObjectNode resourceLabels = resource.putObject("labels").put("project_id", project);
        c.groupBy.ifPresent(g -> (g.startsWith("metric.") ? labels : resourceLabels)
                .put(g.substring(g.lastIndexOf('.') + 1), c.label));
        s.put("metricKind", c.aligner.equals("ALIGN_DELTA") ? kind[0] : "GAUGE");
        s.put("valueType", doubles ? "DOUBLE" : "INT64");
        ArrayNode points = s.putArray("points");
        long seconds = Long.parseLong(period.substring(0, period.length() - 1));
        c.points.stream().filter(pt -> !pt.time().isBefore(start) && !pt.time().isAfter(end))
                .sorted(Comparator.comparing(Point::time).reversed()).forEach(pt -> {
                    ObjectNode point = points.addObject();
                    point.putObject("interval").put("startTime", pt.time().minusSeconds(seconds).toString())
                            .put("endTime", pt.time().toString());
                    if (doubles) {
                        point.putObject("value").put("doubleValue", pt.value());
                    } else {
                        point.putObject("value").put("int64Value", String.valueOf(Math.round(pt.value())));
                    }
                });
        return s;
    }

    private static String required(HttpCall call, String name) {
        String v = call.param(name);
        if (v == null || v.isEmpty()) {
            throw new HttpError(400, "INVALID_ARGUMENT", "Field " + name + " is required.");
        }
        return v;
    }
}
