package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.deploy.SampleService;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.gcs.ObjectMeta;
import dev.litescope.testsupport.http.LoopbackJson;
import dev.litescope.testsupport.ltx.LtxWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled sample as deployed, on loopback: Cloud Run (the service built from the sample's own definition, its
 * revisions), Logging, Monitoring and the replica bucket in the loopback GCS, all reached through the environment
 * that {@link #env()} gives, as a user's gcloud settings would point there. Each scene puts in what a test reads.
 */
public final class MonitoredService implements AutoCloseable {
    public static final String PROJECT = "litescope-demo";
    public static final String REGION = "europe-west1";
    public static final String SERVICE = "guestbook";
    public static final String BUCKET = "guestbook-replica";
    public static final String REPLICA_PATH = "litestream";
    public static final String NAME = "projects/" + PROJECT + "/locations/" + REGION + "/services/" + SERVICE;
    public static final String REV1 = SERVICE + "-00001-abc";
    public static final String REV2 = SERVICE + "-00002-def";

    public final LoopbackCloudRun run = LoopbackCloudRun.start();
    public final LoopbackLogging logging = LoopbackLogging.start();
    public final LoopbackMonitoring monitoring = LoopbackMonitoring.start();
    public final LoopbackGcs gcs = LoopbackGcs.start();

    public MonitoredService() {
        gcs.createBucket(BUCKET);
    }

    /** The overrides that send every call to the fakes. */
    public Map<String, String> env() {
        return Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", run.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING", logging.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_MONITORING", monitoring.endpoint(),
                "STORAGE_EMULATOR_HOST", gcs.hostPort());
    }

    /** The sample's service, filled in as a deploy sends it, with the fields the server adds. */
    private static ObjectNode service(Instant now) {
        ObjectNode s;
        try {
            s = SampleService.build(new SampleService.Values(PROJECT, REGION, SERVICE, BUCKET, REPLICA_PATH,
                    "guestbook-run@" + PROJECT + ".iam.gserviceaccount.com", REGION + "-docker.pkg.dev/" + PROJECT
                    + "/cloud-run-source-deploy/" + SERVICE + "@sha256:" + "ab".repeat(32)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.put("name", NAME);
        s.put("uri", "https://" + SERVICE + "-abc123-ew.a.run.app");
        s.put("createTime", now.minus(Duration.ofDays(3)).toString());
        return s;
    }

    private static ObjectNode revision(String name, Instant created, String state, String reason, String message) {
        ObjectNode r = LoopbackJson.MAPPER.createObjectNode();
        r.put("name", NAME + "/revisions/" + name);
        r.put("createTime", created.toString());
        r.put("logUri", "https://console.cloud.google.com/logs/viewer?project=" + PROJECT
                + "&resource=cloud_run_revision/service_name/" + SERVICE + "/revision_name/" + name);
        r.putArray("containers").addObject().put("name", "app").put("image", "app@sha256:" + "ab".repeat(32));
        ObjectNode ready = r.putArray("conditions").addObject().put("type", "Ready").put("state", state)
                .put("lastTransitionTime", created.plusSeconds(20).toString());
        if (!reason.isEmpty()) {
            ready.put("revisionReason", reason).put("message", message);
        }
        return r;
    }

    /** A ready service on revision 1, all traffic on it. */
    public void healthy(Instant now) {
        ObjectNode s = service(now);
        s.put("generation", "1").put("observedGeneration", "1").put("reconciling", false);
        s.put("latestReadyRevision", NAME + "/revisions/" + REV1)
                .put("latestCreatedRevision", NAME + "/revisions/" + REV1);
        s.putObject("terminalCondition").put("type", "Ready").put("state", "CONDITION_SUCCEEDED")
                .put("lastTransitionTime", now.minus(Duration.ofDays(3)).toString());
        s.putArray("trafficStatuses").addObject().put("type", "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST")
                .put("percent", 100);
        run.put(s, List.of(revision(REV1, now.minus(Duration.ofDays(3)), "CONDITION_SUCCEEDED", "", "")));
    }

    /** Revision 2 failed its startup probe; revision 1 still serves all traffic. */
    public void failingRollout(Instant now) {
        ObjectNode s = service(now);
        s.put("generation", "2").put("observedGeneration", "2").put("reconciling", false);
        s.put("latestReadyRevision", NAME + "/revisions/" + REV1)
                .put("latestCreatedRevision", NAME + "/revisions/" + REV2);
        s.putObject("terminalCondition").put("type", "Ready").put("state", "CONDITION_FAILED")
                .put("reason", "REVISION_FAILED").put("message", "Revision '" + REV2 + "' is not ready and cannot "
                        + "serve traffic. The user-provided container failed the configured startup probe checks.");
        s.putArray("trafficStatuses").addObject().put("type", "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION")
                .put("revision", REV1).put("percent", 100);
        run.put(s, List.of(
                revision(REV2, now.minus(Duration.ofMinutes(30)), "CONDITION_FAILED", "HEALTH_CHECK_CONTAINER_ERROR",
                        "The user-provided container failed the configured startup probe checks."),
                revision(REV1, now.minus(Duration.ofDays(3)), "CONDITION_SUCCEEDED", "", "")));
        logging.add(PROJECT, SERVICE, REV2, now.minus(Duration.ofMinutes(29)), "ERROR", "stderr", "litestream",
                "cannot restore: no matching backups found");
        logging.add(PROJECT, SERVICE, REV2, now.minus(Duration.ofMinutes(28)), "ERROR", "varlog/system", null,
                "STARTUP TCP probe failed 120 times consecutively for container \"litestream\" on port 9090.");
    }

    /** Some ordinary traffic on revision 1: a request log, an app line, a sidecar line. */
    public void traffic(Instant now) {
        logging.add(PROJECT, SERVICE, REV1, now.minus(Duration.ofMinutes(3)), "INFO", "requests", null,
                "POST https://guestbook-abc123-ew.a.run.app/entries 201");
        logging.add(PROJECT, SERVICE, REV1, now.minus(Duration.ofMinutes(2)), "INFO", "stdout", "app",
                "added entry 42");
        logging.add(PROJECT, SERVICE, REV1, now.minus(Duration.ofMinutes(1)), "INFO", "stderr", "litestream",
                "level=INFO msg=\"write wal segment\" position=00000002/00001000");
    }

    /**
     * The series Monitoring computes over the last hour, a point a minute: {@code rps} 2xx requests a second and
     * 0.1 4xx, latencies, one instance active in the newest {@code activeMinutes} minutes and one idle in the next
     * {@code idleMinutes} (instance counts are whole numbers), memory of each container, and the bucket's reads.
     */
    public void metrics(Instant now, double rps, int activeMinutes, int idleMinutes, double readsPerSecond) {
        String rate = "ALIGN_RATE";
        Optional<String> byClass = Optional.of("metric.labels.response_code_class");
        monitoring.add("run.googleapis.com/request_count", rate, "REDUCE_SUM", byClass, "2xx",
                LoopbackMonitoring.flat(now, 60, rps));
        monitoring.add("run.googleapis.com/request_count", rate, "REDUCE_SUM", byClass, "4xx",
                LoopbackMonitoring.flat(now, 60, 0.1));
        double[] ms = {12, 40, 95};
        int[] pct = {50, 95, 99};
        for (int i = 0; i < 3; i++) {
            monitoring.add("run.googleapis.com/request_latencies", "ALIGN_DELTA", "REDUCE_PERCENTILE_" + pct[i],
                    Optional.empty(), "", LoopbackMonitoring.flat(now, 60, ms[i]));
        }
        Optional<String> byState = Optional.of("metric.labels.state");
        monitoring.add("run.googleapis.com/container/instance_count", "ALIGN_MAX", "REDUCE_SUM", byState, "active",
                minutes(now, 0, activeMinutes));
        monitoring.add("run.googleapis.com/container/instance_count", "ALIGN_MAX", "REDUCE_SUM", byState, "idle",
                minutes(now, activeMinutes, idleMinutes));
        Optional<String> byContainer = Optional.of("metric.labels.container_name");
        monitoring.add("run.googleapis.com/container/memory/utilizations", "ALIGN_PERCENTILE_99", "REDUCE_MAX",
                byContainer, "app", LoopbackMonitoring.flat(now, 60, 0.41));
        monitoring.add("run.googleapis.com/container/memory/utilizations", "ALIGN_PERCENTILE_99", "REDUCE_MAX",
                byContainer, "litestream", LoopbackMonitoring.flat(now, 60, 0.23));
        monitoring.add("storage.googleapis.com/api/request_count", rate, "REDUCE_SUM",
                Optional.of("metric.labels.method"), "ReadObject", LoopbackMonitoring.flat(now, 60, readsPerSecond));
        monitoring.add("storage.googleapis.com/api/request_count", rate, "REDUCE_SUM",
                Optional.of("metric.labels.method"), "WriteObject", LoopbackMonitoring.flat(now, 60, 0.5));
    }

    /** 60 points a minute apart ending at {@code now}: 1 for {@code n} minutes after the newest {@code skip}. */
    private static List<LoopbackMonitoring.Point> minutes(Instant now, int skip, int n) {
        return LoopbackMonitoring.flat(now, 60, 0).stream().map(p -> {
            long age = Duration.between(p.time(), now).toMinutes();
            return new LoopbackMonitoring.Point(p.time(), age >= skip && age < skip + n ? 1 : 0);
        }).toList();
    }

    /**
     * One object of the replica: {@code content} LZ4-framed as Litestream writes it, created at {@code time}.
     *
     * @param relative below the replica path: {@code generations/G/snapshots/00000000.snapshot.lz4}
     */
    public void replicaObject(String relative, byte[] content, Instant time) {
        try {
            gcs.put(BUCKET, REPLICA_PATH + "/" + relative, LtxWriter.frame(content), time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Generation {@code gen}: a snapshot of a 64 KiB database three hours before {@code now}, and WAL segments of
     * 4 KiB and 8 KiB 30 minutes and one minute before it (so 2 uploads in the last hour, and an 80 KiB database).
     */
    public void generation(String gen, Instant now) {
        replicaObject("generations/" + gen + "/snapshots/00000000.snapshot.lz4", new byte[64 * 1024],
                now.minus(Duration.ofHours(3)));
        replicaObject("generations/" + gen + "/wal/00000000_00000000.wal.lz4", new byte[4096],
                now.minus(Duration.ofMinutes(30)));
        replicaObject("generations/" + gen + "/wal/00000000_00001000.wal.lz4", new byte[8192],
                now.minus(Duration.ofMinutes(1)));
    }

    /** What the replica's objects take in the bucket. */
    public long replicaBytes() {
        return gcs.list(BUCKET, REPLICA_PATH + "/").stream().mapToLong(ObjectMeta::size).sum();
    }

    @Override
    public void close() {
        run.close();
        logging.close();
        monitoring.close();
        gcs.close();
    }
}
