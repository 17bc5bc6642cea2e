package dev.litescope.cli;

import static dev.litescope.testsupport.run.MonitoredService.PROJECT;
import static dev.litescope.testsupport.run.MonitoredService.REGION;
import static dev.litescope.testsupport.run.MonitoredService.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.run.MonitoredService;
import dev.litescope.util.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code litescope status} against the loopback Cloud Run, Logging, Monitoring and GCS. */
class StatusCommandTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private MonitoredService cloud;
    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        cloud = new MonitoredService();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private ProcResult status(Map<String, String> extraEnv, String... more) {
        Map<String, String> env = new HashMap<>(cloud.env());
        env.put("LITESCOPE_PRICING", tmp.resolve("no-such-pricing.properties").toString());
        env.putAll(extraEnv);
        List<String> args = new ArrayList<>(List.of("status", "--project", PROJECT, "--region", REGION,
                "--service", SERVICE));
        args.addAll(List.of(more));
        return Litescope.run(Clock.fixed(NOW, ZoneOffset.UTC), env, args.toArray(String[]::new));
    }

    @Test
    void aHealthyServiceIsAReadableReport() {
        cloud.healthy(NOW);
        cloud.traffic(NOW);
        cloud.metrics(NOW, 2.0, 1, 2, 0.01);
        cloud.generation("0123456789abcdef", NOW);
        ProcResult r = status(Map.of());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("Service guestbook (project litescope-demo, europe-west1): READY\n"
                + "  URL             https://guestbook-abc123-ew.a.run.app\n"
                + "  latest ready    guestbook-00001-abc\n"
                + "  latest created  guestbook-00001-abc\n"
                + "  traffic         100% guestbook-00001-abc (latest)\n"
                + "  rollout         settled\n");
        assertThat(r.stdout()).contains("  2026-11-30T11:59:00Z  INFO  stderr/litestream  level=INFO msg=\"write wal "
                + "segment\"")
                .contains("  requests   2.10/s (2xx 2.00/s, 4xx 0.10/s)\n")
                .contains("  latency    p50 12 ms, p95 40 ms, p99 95 ms\n")
                .contains("  instances  0.02 active, 0.03 idle on average\n")
                .contains("  memory     app 41%, litestream 23%\n")
                .contains("  volume     76.0 KiB of 256.0 MiB (0%)\n")
                .contains("Replica gcs://guestbook-replica/litestream\n"
                        + "  newest object  2026-11-30T11:59:00Z, lag 1m0s\n")
                .contains("  Cloud Run        $5.12\n  total            $5.14\n  at zero traffic  $0.000000\n")
                .doesNotContain("Warnings");
    }

    @Test
    void aFailingRevisionShowsItsReasonItsErrorsAndTheMetrics() {
        cloud.failingRollout(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        ProcResult r = status(Map.of());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stdout()).startsWith("Service guestbook (project litescope-demo, europe-west1): FAILING\n"
                + "  REVISION_FAILED: Revision 'guestbook-00002-def' is not ready and cannot serve traffic. The "
                + "user-provided container failed the configured startup probe checks.\n");
        assertThat(r.stdout()).contains("  traffic         100% guestbook-00001-abc\n")
                .contains("  guestbook-00002-def  2026-11-30T11:30:00Z  FAILED     HEALTH_CHECK_CONTAINER_ERROR: "
                        + "The user-provided container failed the configured startup probe checks.\n")
                .contains("Errors of guestbook-00002-def\n  2026-11-30T11:32:00Z  ERROR  varlog/system      STARTUP "
                        + "TCP probe failed 120 times consecutively for container \"litestream\" on port 9090.\n"
                        + "  2026-11-30T11:31:00Z  ERROR  stderr/litestream  cannot restore: no matching backups "
                        + "found\n")
                .contains("  latency    p50 12 ms, p95 40 ms, p99 95 ms\n")
                .contains("Warnings\n  ! the service is failing: REVISION_FAILED: Revision 'guestbook-00002-def'");
    }

    @Test
    void aRefusalNamesThePermissionAndTheRoleThatGrantsIt() {
        cloud.healthy(NOW);
        cloud.monitoring.deny(Optional.of("monitoring.timeSeries.list"));
        ProcResult r = status(Map.of());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("error: read the metrics of service guestbook: permission denied for the "
                + "caller, which lacks monitoring.timeSeries.list (roles/monitoring.viewer grants it; e.g. `gcloud "
                + "projects add-iam-policy-binding litescope-demo --member=... --role=roles/monitoring.viewer`)");
    }

    @Test
    void theReplicaShowsItsLagAndWarnsOfANewGeneration() throws Exception {
        cloud.healthy(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        cloud.gcs.createBucket("other-bucket");
        cloud.generation("0123456789abcdef", NOW.minus(Duration.ofMinutes(10)));
        // Pointed at another bucket than the sidecar's: the flags win.
        ProcResult empty = status(Map.of(), "--bucket", "other-bucket", "--replica-path", "db", "--json");
        assertThat(JsonMapper.MAPPER.readTree(empty.stdout()).path("replica").path("url").asText())
                .isEqualTo("gcs://other-bucket/db");

        cloud.replicaObject("generations/fedcba9876543210/snapshots/00000000.snapshot.lz4", new byte[4096],
                NOW.minus(Duration.ofSeconds(90)));
        ProcResult r = status(Map.of(), "--bucket", MonitoredService.BUCKET, "--replica-path",
                MonitoredService.REPLICA_PATH, "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode replica = JsonMapper.MAPPER.readTree(r.stdout()).path("replica");
        assertThat(replica.path("lag_seconds").asLong()).isEqualTo(90);
        assertThat(replica.path("objects").asInt()).isEqualTo(4);
        assertThat(replica.path("generations")).extracting(g -> g.path("name").asText())
                .containsExactly("0123456789abcdef", "fedcba9876543210");
        assertThat(replica.path("warnings").get(0).asText()).startsWith("a new generation fedcba9876543210 began at "
                + "2026-11-30T11:58:30Z; generation 0123456789abcdef had stopped at 2026-11-30T11:49:00Z: "
                + "replication restarted");

        ProcResult text = status(Map.of(), "--bucket", MonitoredService.BUCKET);
        assertThat(text.stdout()).contains("  newest object  2026-11-30T11:58:30Z, lag 1m30s\n")
                .contains("  ! a new generation fedcba9876543210 began");
    }

    @Test
    void theCostsAreThoseWorkedOutByHandFromTheEditablePriceTable() throws Exception {
        cloud.healthy(NOW);
        cloud.metrics(NOW, 2.0, 1, 2, 0.01);
        cloud.generation("0123456789abcdef", NOW);
        JsonNode cost = JsonMapper.MAPPER.readTree(status(Map.of(), "--json").stdout()).path("cost_usd_month");
        // 730 h = 2,628,000 s; (1 + 2) / 60 = 0.05 instances of 2 vCPU and 1.5 GiB, CPU always on:
        // 0.05 x 2,628,000 x (2 x 0.000018 + 1.5 x 0.000002) = 5.1246. Class A: 2 uploads an hour x 730 = 1,460 at
        // 0.50 per 100,000 = 0.0073. Class B: 0.01 x 2,628,000 = 26,280 at 0.04 per 100,000 = 0.010512.
        assertThat(cost.path("cloud_run").asDouble()).isCloseTo(5.1246, within(1e-9));
        assertThat(cost.path("class_a").asDouble()).isCloseTo(0.0073, within(1e-12));
        assertThat(cost.path("class_b").asDouble()).isCloseTo(0.010512, within(1e-12));
        assertThat(cost.path("storage").asDouble()).isCloseTo(cloud.replicaBytes() * 0.02 / (1L << 30),
                within(1e-15));
        assertThat(cost.path("idle").asDouble()).isEqualTo(cost.path("storage").asDouble());

        Path prices = Files.writeString(tmp.resolve("pricing.properties"), "run_vcpu_second = 0.00002\n"
                + "run_gib_second = 0.000004\nclass_a_per_100k = 1\n");
        JsonNode edited = JsonMapper.MAPPER.readTree(status(Map.of("LITESCOPE_PRICING", prices.toString()),
                "--json").stdout()).path("cost_usd_month");
        // 0.05 x 2,628,000 x (2 x 0.00002 + 1.5 x 0.000004 = 0.000046) = 6.0444; 1,460 at 1 per 100,000 = 0.0146.
        assertThat(edited.path("cloud_run").asDouble()).isCloseTo(6.0444, within(1e-9));
        assertThat(edited.path("class_a").asDouble()).isCloseTo(0.0146, within(1e-12));

        Files.writeString(prices, "run_gib_second = cheap\n");
        ProcResult bad = status(Map.of("LITESCOPE_PRICING", prices.toString()));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("pricing.properties: run_gib_second must be a number, not cheap");
    }

    @Test
    void badFlagsAreRefusedWithWhatToDo() {
        assertThat(status(Map.of(), "--window", "10s").stderr()).contains("the window must be at least a minute");
        assertThat(status(Map.of(), "--severity", "loud").stderr()).contains("--severity loud is not a log "
                + "severity: use DEBUG, INFO, NOTICE, WARNING, ERROR or CRITICAL");
        ProcResult missing = status(Map.of());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("error: there is no Cloud Run service guestbook in project "
                + "litescope-demo, region europe-west1");
    }
}
