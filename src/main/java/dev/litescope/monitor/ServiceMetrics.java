package dev.litescope.monitor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The charts of one service over a window, as Cloud Monitoring computes them: requests per second by response
 * class, latency p50/p95/p99 in milliseconds, instances active and idle, memory utilisation of each container; and
 * the replica bucket's Cloud Storage requests per second by method (for what reads cost).
 */
public record ServiceMetrics(Instant start, Instant end, List<TimeSeries> requests, List<TimeSeries> latency,
                             List<TimeSeries> instances, List<TimeSeries> memory, List<TimeSeries> storageRequests) {
    /** Cloud Storage's class B (read) methods, as its {@code api/request_count} metric names them. */
    static final Set<String> CLASS_B = Set.of("ReadObject", "GetObjectMetadata", "GetBucketMetadata",
            "GetObject", "GetBucket", "GetObjectAcl", "GetBucketIamPolicy");

    /** Reads them all, aligned to {@code period}; {@code bucket} adds the storage requests. */
    public static ServiceMetrics read(MonitoringClient client, String project, String service,
                                      Optional<String> bucket, Instant start, Instant end, Duration period)
            throws IOException, InterruptedException {
        String run = "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"" + service + "\"";
        List<TimeSeries> requests = client.series(project, new MonitoringClient.Query(
                metric("run.googleapis.com/request_count") + " AND " + run, start, end, period, "ALIGN_RATE",
                "REDUCE_SUM", Optional.of("metric.labels.response_code_class"), "all"));
        List<TimeSeries> latency = new ArrayList<>();
        for (int p : new int[] {50, 95, 99}) {
            latency.addAll(client.series(project, new MonitoringClient.Query(
                    metric("run.googleapis.com/request_latencies") + " AND " + run, start, end, period,
                    "ALIGN_DELTA", "REDUCE_PERCENTILE_" + p, Optional.empty(), "p" + p)));
        }
        List<TimeSeries> instances = client.series(project, new MonitoringClient.Query(
                metric("run.googleapis.com/container/instance_count") + " AND " + run, start, end, period,
                "ALIGN_MAX", "REDUCE_SUM", Optional.of("metric.labels.state"), "all"));
        List<TimeSeries> memory = client.series(project, new MonitoringClient.Query(
                metric("run.googleapis.com/container/memory/utilizations") + " AND " + run, start, end, period,
                "ALIGN_PERCENTILE_99", "REDUCE_MAX", Optional.of("metric.labels.container_name"), "instance"));
        List<TimeSeries> storage = List.of();
        if (bucket.isPresent()) {
            storage = client.series(project, new MonitoringClient.Query(
                    metric("storage.googleapis.com/api/request_count") + " AND resource.type=\"gcs_bucket\" AND "
                            + "resource.labels.bucket_name=\"" + bucket.get() + "\"", start, end, period,
                    "ALIGN_RATE", "REDUCE_SUM", Optional.of("metric.labels.method"), "all"));
        }
        return new ServiceMetrics(start, end, requests, latency, instances, memory, storage);
    }

    private static String metric(String type) {
        return "metric.type=\"" + type + "\"";
    }

    /** The mean of the series labelled {@code label} over the window; zero when it has no points. */
    static double mean(List<TimeSeries> series, String label) {
        return series.stream().filter(s -> s.label().equals(label)).map(TimeSeries::mean)
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).sum();
    }

    /** The mean of every series summed: all requests per second, all instances. */
    static double meanOfAll(List<TimeSeries> series) {
        return series.stream().map(TimeSeries::mean).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).sum();
    }

    /** Requests per second over the window, all response classes. */
    public double requestsPerSecond() {
        return meanOfAll(requests);
    }

    /** Instances on average over the window: {@code active}, {@code idle}, or both. */
    public double instances(String state) {
        return mean(instances, state);
    }

    /** Class B (read) requests per second to the replica bucket. */
    public double storageReadsPerSecond() {
        return storageRequests.stream().filter(s -> CLASS_B.contains(s.label())).map(TimeSeries::mean)
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).sum();
    }

    /** The highest memory utilisation of each container's newest point, for the report: "app 41%". */
    public List<String> memoryByContainer() {
        List<String> out = new ArrayList<>();
        for (TimeSeries s : memory) {
            s.latest().ifPresent(v -> out.add(String.format(Locale.ROOT, "%s %.0f%%", s.label(), v * 100)));
        }
        return out;
    }
}
