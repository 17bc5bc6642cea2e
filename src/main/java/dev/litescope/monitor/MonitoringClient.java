package dev.litescope.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.Pages;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cloud Monitoring v3's {@code projects.timeSeries.list}, aligned and reduced on the server, every page. */
public final class MonitoringClient {
    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final RetryPolicy retry;

    public MonitoringClient(GoogleHttp http, ApiEndpoint endpoint, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.retry = retry;
    }

    /**
     * One query: a filter over an interval, each series aligned per {@code period} with {@code aligner}
     * ({@code ALIGN_RATE}, {@code ALIGN_DELTA}, {@code ALIGN_MAX} ...) and the series reduced with
     * {@code reducer} ({@code REDUCE_SUM}, {@code REDUCE_PERCENTILE_95} ...) within each value of {@code groupBy}.
     *
     * @param groupBy a label such as {@code metric.labels.state}; empty to reduce everything to one series
     * @param label   what to call the series when it is not grouped (p95, say)
     */
    public record Query(String filter, Instant start, Instant end, Duration period, String aligner, String reducer,
                        Optional<String> groupBy, String label) {
    }

    public List<TimeSeries> series(String project, Query q) throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(endpoint.url("v3/projects/" + encode(project) + "/timeSeries"));
        url.append("?filter=").append(encode(q.filter()))
                .append("&interval.startTime=").append(encode(q.start().toString()))
                .append("&interval.endTime=").append(encode(q.end().toString()))
                .append("&aggregation.alignmentPeriod=").append(q.period().toSeconds()).append('s')
                .append("&aggregation.perSeriesAligner=").append(q.aligner())
                .append("&aggregation.crossSeriesReducer=").append(q.reducer());
        q.groupBy().ifPresent(g -> url.append("&aggregation.groupByFields=").append(encode(g)));
        String metric = metricType(q.filter());
        List<JsonNode> raw = retry.runIo(() -> Pages.all(http, url.toString(), "timeSeries"));
        List<TimeSeries> out = new ArrayList<>();
        for (JsonNode s : raw) {
            out.add(TimeSeries.of(metric, s, q.groupBy().orElse(""), q.label()));
        }
        return out;
    }

    private static String metricType(String filter) {
        int at = filter.indexOf("metric.type=\"");
        if (at < 0) {
            return "";
        }
        int from = at + "metric.type=\"".length();
        return filter.substring(from, filter.indexOf('"', from));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
