package dev.litescope.monitor;

import static dev.litescope.testsupport.run.MonitoredService.BUCKET;
import static dev.litescope.testsupport.run.MonitoredService.PROJECT;
import static dev.litescope.testsupport.run.MonitoredService.REGION;
import static dev.litescope.testsupport.run.MonitoredService.REPLICA_PATH;
import static dev.litescope.testsupport.run.MonitoredService.REV1;
import static dev.litescope.testsupport.run.MonitoredService.REV2;
import static dev.litescope.testsupport.run.MonitoredService.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.run.MonitoredService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor against loopback Cloud Run, Logging, Monitoring and GCS holding a Litestream 0.3 replica. */
class MonitorTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String GEN1 = "0123456789abcdef";
    static final String GEN2 = "fedcba9876543210";
    private MonitoredService cloud;
    private Monitor monitor;

    @BeforeEach
    void start() throws Exception {
        cloud = new MonitoredService();
        monitor = new Monitor(MonitorClients.fromEnvironment(cloud.env(), new RetryPolicy(2, Duration.ZERO,
                Duration.ZERO)), ReplicaOptions.fromEnvironment(cloud.env(), false), Pricing.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private Monitor.Request request(int logs) {
        return new Monitor.Request(PROJECT, REGION, SERVICE, Optional.empty(), Duration.ofHours(1), logs,
                Optional.empty(), Optional.empty());
    }

    @Test
    void aHealthyServiceWithItsLogsMetricsReplicaAndCosts() throws Exception {
        cloud.healthy(NOW);
        cloud.traffic(NOW);
        // Before the window: not read.
        cloud.logging.add(PROJECT, SERVICE, REV1, NOW.minus(Duration.ofHours(2)), "INFO", "stdout", "app", "old");
        cloud.metrics(NOW, 2.0, 1, 2, 0.01);
        cloud.generation(GEN1, NOW);

        MonitorReport r = monitor.read(request(10));

        ServiceStatus s = r.service();
        assertThat(s.health()).isEqualTo(ServiceStatus.Health.READY);
        assertThat(s.uri()).contains("https://guestbook-abc123-ew.a.run.app");
        assertThat(s.traffic()).containsExactly(new ServiceStatus.Traffic(REV1, 100, true, ""));
        assertThat(s.revisions()).extracting(ServiceStatus.Revision::shortName).containsExactly(REV1);
        // The sample's two containers: 1 vCPU and 1 GiB, 1 vCPU and 512 MiB; CPU always on; a 256 MiB volume.
        assertThat(s.template()).isEqualTo(new ServiceStatus.Template(2, 1536L << 20, true, 0, 1,
                Optional.of(256L << 20), Optional.of("gcs://" + BUCKET + "/" + REPLICA_PATH)));

        assertThat(r.logs()).extracting(LogEntry::log).containsExactly("stderr", "stdout", "requests");
        assertThat(r.logs().get(0).container()).contains("litestream");
        assertThat(r.logs().get(2).text())
                .isEqualTo("POST https://guestbook-abc123-ew.a.run.app/entries 201 in 0.012s");
        assertThat(r.logs().get(1).consoleUrl()).isEqualTo("https://console.cloud.google.com/logs/query;query="
                + "insertId%3D%22id2%22;cursorTimestamp=2026-11-30T11:58:00Z?project=litescope-demo");
        assertThat(r.errorLogs()).isEmpty();
        assertThat(cloud.logging.requests()).singleElement().satisfies(q -> assertThat(q.body()).isEqualTo(
                "{\"resourceNames\":[\"projects/litescope-demo\"],\"filter\":"
                        + "\"resource.type=\\\"cloud_run_revision\\\" AND "
                        + "resource.labels.service_name=\\\"guestbook\\\" AND timestamp>=\\\"2026-11-30T11:00:00Z"
                        + "\\\"\","
                        + "\"orderBy\":\"timestamp desc\",\"pageSize\":10}"));

        assertThat(r.metrics().requestsPerSecond()).isCloseTo(2.1, within(1e-9));
        assertThat(r.metrics().latency()).extracting(TimeSeries::label).containsExactly("p50", "p95", "p99");
        assertThat(r.metrics().latency().get(2).latest()).hasValue(95);
        assertThat(r.metrics().instances("active")).isCloseTo(1 / 60.0, within(1e-9));
        assertThat(r.metrics().instances("idle")).isCloseTo(2 / 60.0, within(1e-9));
        assertThat(r.metrics().memoryByContainer()).containsExactly("app 41%", "litestream 23%");
        assertThat(r.metrics().requests().get(0).points()).hasSize(60);
        assertThat(cloud.monitoring.requests()).first().satisfies(q -> assertThat(q.path())
                .isEqualTo("/v3/projects/litescope-demo/timeSeries"))
                .satisfies(q -> assertThat(q.query()).isEqualTo("filter=metric.type%3D%22run.googleapis.com%2F"
                        + "request_count%22+AND+resource.type%3D%22cloud_run_revision%22+AND+resource.labels."
                        + "service_name%3D%22guestbook%22&interval.startTime=2026-11-30T11%3A00%3A00Z"
                        + "&interval.endTime=2026-11-30T12%3A00%3A00Z&aggregation.alignmentPeriod=60s"
                        + "&aggregation.perSeriesAligner=ALIGN_RATE&aggregation.crossSeriesReducer=REDUCE_SUM"
                        + "&aggregation.groupByFields=metric.labels.response_code_class"));

        ReplicaState replica = r.replica().orElseThrow();
        assertThat(replica.url()).isEqualTo("gcs://guestbook-replica/litestream");
        assertThat(replica.objects()).isEqualTo(3);
        assertThat(replica.bytes()).isEqualTo(cloud.replicaBytes());
        assertThat(replica.newest()).contains(NOW.minus(Duration.ofMinutes(1)));
        assertThat(replica.lag()).contains(Duration.ofMinutes(1));
        assertThat(replica.generations()).singleElement().satisfies(g -> assertThat(g.name()).isEqualTo(GEN1));
        assertThat(replica.writesPerHour()).isEqualTo(2.0);
        assertThat(replica.databaseBytes()).contains(64 * 1024 + 4096 + 8192L);
        assertThat(replica.warnings()).isEmpty();
        assertThat(r.fill()).contains(new ReplicaState.VolumeFill(64 * 1024 + 4096 + 8192L, 256L << 20));
        assertThat(r.warnings()).isEmpty();

        // By hand: 730 h = 2,628,000 s. Storage: bytes / 2^30 GiB at $0.02. Class A: 2 uploads an hour, 1,460 a
        // month, at $0.50 per 100,000 = $0.0073. Class B: 0.01 reads a second, 26,280 a month, at $0.04 per
        // 100,000 = $0.010512. Cloud Run, CPU always on: (1 + 2) / 60 = 0.05 instances x 2,628,000 s x
        // (2 x $0.000018 + 1.5 x $0.000002 = $0.000039) = $5.12460. At zero traffic: storage alone.
        CostEstimate c = r.cost();
        assertThat(c.storage()).isCloseTo(cloud.replicaBytes() / 1073741824.0 * 0.02, within(1e-12));
        assertThat(c.classA()).isCloseTo(0.0073, within(1e-12));
        assertThat(c.classB()).isCloseTo(0.010512, within(1e-12));
        assertThat(c.run()).isCloseTo(5.1246, within(1e-9));
        assertThat(c.idle()).isEqualTo(c.storage());
        assertThat(c.total()).isCloseTo(c.storage() + 0.0073 + 0.010512 + 5.1246, within(1e-9));
    }

    @Test
    void aFailingRevisionShowsTheConditionAndItsErrorLogs() throws Exception {
        cloud.failingRollout(NOW);
        cloud.traffic(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        MonitorReport r = monitor.read(request(20));

        assertThat(r.service().health()).isEqualTo(ServiceStatus.Health.FAILING);
        assertThat(r.service().condition().reason()).isEqualTo("REVISION_FAILED");
        assertThat(r.service().condition().message()).startsWith("Revision 'guestbook-00002-def' is not ready");
        ServiceStatus.Revision failed = r.service().failingRevision().orElseThrow();
        assertThat(failed.shortName()).isEqualTo(REV2);
        assertThat(failed.ready().reason()).isEqualTo("HEALTH_CHECK_CONTAINER_ERROR");
        assertThat(r.service().traffic()).containsExactly(new ServiceStatus.Traffic(REV1, 100, false, ""));
        assertThat(r.errorLogs()).extracting(LogEntry::text).containsExactly(
                "STARTUP TCP probe failed 120 times consecutively for container \"litestream\" on port 9090.",
                "cannot restore: no matching backups found");
        assertThat(cloud.logging.filters()).contains("resource.type=\"cloud_run_revision\" AND resource.labels"
                + ".service_name=\"guestbook\" AND resource.labels.revision_name=\"guestbook-00002-def\" AND "
                + "severity>=ERROR AND timestamp>=\"2026-11-30T11:30:00Z\"");
        assertThat(r.logs()).hasSize(5);
        assertThat(r.warnings()).first().asString().startsWith("the service is failing: REVISION_FAILED: Revision");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("revision guestbook-00002-def failed: "
                + "HEALTH_CHECK_CONTAINER_ERROR").endsWith("traffic stays on guestbook-00001-abc"));
        // The replica the sidecar names is empty: nothing replicated yet.
        assertThat(r.replica().orElseThrow().warnings()).containsExactly("the replica holds no Litestream objects "
                + "yet: the sidecar has not replicated (see its logs)");
    }

    @Test
    void aNewGenerationIsWarnedOfAsARestartOrAnOverlap() throws Exception {
        cloud.healthy(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        cloud.generation(GEN1, NOW);
        cloud.replicaObject("generations/" + GEN2 + "/snapshots/00000000.snapshot.lz4", new byte[4096],
                NOW.minus(Duration.ofSeconds(20)));
        ReplicaState overlap = monitor.read(request(1)).replica().orElseThrow();
        assertThat(overlap.generations()).extracting(ReplicaState.GenerationState::name).containsExactly(GEN1, GEN2);
        assertThat(overlap.warnings()).singleElement().asString().startsWith("a new generation " + GEN2
                + " began at 2026-11-30T11:59:40Z; generation " + GEN1 + " had stopped at 2026-11-30T11:59:00Z: "
                + "replication restarted").doesNotContain("two instances");

        cloud.replicaObject("generations/" + GEN1 + "/wal/00000000_00002000.wal.lz4", new byte[4096],
                NOW.minus(Duration.ofSeconds(5)));
        ReplicaState twoWriters = monitor.read(request(1)).replica().orElseThrow();
        assertThat(twoWriters.warnings()).singleElement().asString().contains("went on writing until "
                + "2026-11-30T11:59:55Z: two instances replicated at once (a rollout's overlap)");
        assertThat(twoWriters.lag()).contains(Duration.ofSeconds(5));
    }

    @Test
    void aDatabaseNearTheVolumeLimitIsWarnedOf() throws Exception {
        cloud.healthy(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        ObjectNode s = (ObjectNode) cloud.run.service(MonitoredService.NAME).orElseThrow();
        ((ObjectNode) s.path("template").path("volumes").get(0).path("emptyDir")).put("sizeLimit", "100Ki");
        cloud.run.put(s, List.of());
        cloud.generation(GEN1, NOW);
        MonitorReport r = monitor.read(request(1));
        assertThat(r.fill().orElseThrow().fraction()).isCloseTo(76.0 / 100, within(1e-9));
        assertThat(r.warnings()).isEmpty();

        cloud.replicaObject("generations/" + GEN1 + "/wal/00000000_00003000.wal.lz4", new byte[8192], NOW);
        r = monitor.read(request(1));
        assertThat(r.fill().orElseThrow().nearlyFull()).isTrue();
        assertThat(r.warnings()).containsExactly("the database fills 84% of the in-memory volume's 102400-byte "
                + "limit: writes fail once it is full; raise the volume's sizeLimit (and the memory) before it is");
    }

    @Test
    void logsArePagedUpToTheLimit() throws Exception {
        cloud.healthy(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        for (int i = 0; i < 230; i++) {
            cloud.logging.add(PROJECT, SERVICE, REV1, NOW.minusSeconds(i), "INFO", "stdout", "app", "line " + i);
        }
        MonitorReport r = monitor.read(request(150));
        assertThat(r.logs()).hasSize(150);
        assertThat(r.logs().get(0).text()).isEqualTo("line 0");
        assertThat(r.logs().get(149).text()).isEqualTo("line 149");
        assertThat(cloud.logging.requests()).extracting(GoogleApiFake.Request::body)
                .satisfiesExactly(first -> assertThat(first).contains("\"pageSize\":100").doesNotContain("pageToken"),
                        second -> assertThat(second).contains("\"pageToken\":\"100\""));
    }

    @Test
    void aRefusalNamesThePermissionAndAMissingServiceSaysWhereItLooked() throws Exception {
        cloud.healthy(NOW);
        cloud.logging.deny(Optional.of("logging.logEntries.list"));
        assertThatThrownBy(() -> monitor.read(request(5))).isInstanceOf(MonitorRefusal.class)
                .satisfies(e -> assertThat(CloudRefusals.explain(((MonitorRefusal) e).what(),
                        ((MonitorRefusal) e).refusal(), "you", PROJECT)).startsWith("read the logs of service "
                        + "guestbook: permission denied for you, which lacks logging.logEntries.list "
                        + "(roles/logging.viewer grants it"));

        assertThatThrownBy(() -> monitor.read(new Monitor.Request(PROJECT, REGION, "nothing", Optional.empty(),
                Duration.ofHours(1), 5, Optional.empty(), Optional.empty())))
                .isInstanceOf(MissingServiceException.class).hasMessage("there is no Cloud Run service nothing in "
                        + "project litescope-demo, region europe-west1: check the name with `gcloud run services list "
                        + "--project litescope-demo --region europe-west1`, or deploy it with `litescope deploy`");
    }
}
