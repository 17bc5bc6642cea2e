package dev.litescope.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.monitor.LocalMonitor;
import dev.litescope.monitor.LogEntry;
import dev.litescope.monitor.MonitorReport;
import dev.litescope.monitor.ReplicaState;
import dev.litescope.monitor.ServiceStatus;
import dev.litescope.monitor.TimeSeries;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.testsupport.ReplicaFixture;
import dev.litescope.testsupport.Workload;
import dev.litescope.ui.fx.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The local sample's dashboard model on the caller's thread, over a replica the real Litestream wrote: the two
 * processes as the service, their lines filtered by process and severity, the replica, its charts and the cost.
 */
class LocalMonitorViewModelTest {
    final ReplicaFixture fixture = ReplicaFixture.shared(4096, Workload.standard(4096));
    final ReplicaOptions options = ReplicaOptions.fromEnvironment(Map.of(), false);
    final Instant started = Instant.now().minusSeconds(90);
    final List<LocalMonitor.ProcessState> processes = new ArrayList<>(List.of(
            new LocalMonitor.ProcessState("app", true, Optional.empty(), Optional.of(started)),
            new LocalMonitor.ProcessState("litestream", true, Optional.empty(), Optional.of(started))));
    final List<LocalMonitor.Line> lines = List.of(
            new LocalMonitor.Line(started, "[litestream] time=2026-12-02T06:00:00Z level=INFO msg=\"initialized db\""),
            new LocalMonitor.Line(started.plusSeconds(1), "[app] guestbook: listening on port 8080"),
            new LocalMonitor.Line(started.plusSeconds(2), "[litestream] time=2026-12-02T06:00:02Z level=WARN "
                    + "msg=\"sync: checkpoint busy\""),
            new LocalMonitor.Line(started.plusSeconds(3), "[sandbox] the guestbook is at http://127.0.0.1:8080/"));
    final List<Duration> windows = new ArrayList<>();

    MonitorViewModel model() {
        ReplicaUrl url = ReplicaUrl.parse("file://" + fixture.replicaDir().toAbsolutePath());
        return MonitorViewModel.local(TaskRunner.sameThread(), window -> {
            windows.add(window);
            List<LocalMonitor.ProcessState> now = List.copyOf(processes);
            return () -> LocalMonitor.read(new LocalMonitor.Request(now, lines,
                    Optional.of("http://127.0.0.1:8080/"), url, window, 100), options, Pricing.DEFAULT,
                    Instant.now());
        });
    }

    @Test
    void theProcessesTheirLinesTheReplicaItsChartsAndTheCost() {
        MonitorViewModel model = model();
        assertThat(model.isLocal()).isTrue();
        model.refresh();
        assertThat(model.errorProperty().get()).isEmpty();
        MonitorReport r = model.reportProperty().get().orElseThrow();
        ServiceStatus s = r.service();
        assertThat(s.health()).isEqualTo(ServiceStatus.Health.READY);
        assertThat(s.uri()).contains("http://127.0.0.1:8080/");
        assertThat(s.revisions()).extracting(ServiceStatus.Revision::name).containsExactly("app", "litestream");
        assertThat(s.revisions().get(0).ready().message()).startsWith("up 1m");

        // Newest first; the process each line came from; Litestream's level as the severity.
        assertThat(model.logs()).extracting(LogEntry::container).containsExactly(Optional.of("sandbox"),
                Optional.of("litestream"), Optional.of("app"), Optional.of("litestream"));
        assertThat(model.logs()).extracting(LogEntry::severity).containsExactly("DEFAULT", "WARNING", "DEFAULT",
                "INFO");
        assertThat(model.containers()).containsExactly("", "app", "litestream", "sandbox");
        model.containerProperty().set("app");
        assertThat(model.logs()).extracting(LogEntry::text).containsExactly("guestbook: listening on port 8080");
        model.containerProperty().set("");
        model.severityProperty().set("WARNING");
        assertThat(model.logs()).extracting(LogEntry::text).containsExactly("time=2026-12-02T06:00:02Z level=WARN "
                + "msg=\"sync: checkpoint busy\"");

        ReplicaState replica = r.replica().orElseThrow();
        assertThat(replica.objects()).isPositive();
        assertThat(replica.generations()).isNotEmpty();
        LocalMonitor.Report local = model.localReportProperty().get().orElseThrow();
        // The fixture was written in this run: every object falls in the hour's window, counted once.
        double uploads = local.uploads().points().stream().mapToDouble(TimeSeries.Point::value).sum();
        assertThat(uploads).isEqualTo(replica.objects());
        assertThat(local.storedBytes().latest().orElseThrow()).isEqualTo(replica.bytes());
        assertThat(r.metrics().requests()).isEmpty();
        assertThat(r.cost().storage()).isEqualTo(Pricing.DEFAULT.storagePerMonth(replica.bytes()));
        assertThat(r.cost().classA()).isEqualTo(replica.writesPerHour() * 730 * Pricing.DEFAULT.classAPer100k()
                / 100_000);
        assertThat(r.cost().run()).isZero();
    }

    @Test
    void anExitedProcessFailsTheSampleWithItsCodeAndTheWindowIsPassedOn() {
        MonitorViewModel model = model();
        processes.set(1, new LocalMonitor.ProcessState("litestream", false, Optional.of(1), Optional.of(started)));
        model.windowProperty().set(Duration.ofHours(6));
        MonitorReport r = model.reportProperty().get().orElseThrow();
        assertThat(windows).containsExactly(Duration.ofHours(6));
        assertThat(r.service().health()).isEqualTo(ServiceStatus.Health.FAILING);
        assertThat(r.service().revisions().get(1).ready().message()).isEqualTo("exited with code 1");
        assertThat(r.warnings()).first().isEqualTo("the sample is not running: litestream exited with code 1");
    }

    @Test
    void beforeTheSampleRanTheDashboardSaysSo() {
        MonitorViewModel model = MonitorViewModel.local(TaskRunner.sameThread(), window -> {
            throw new IllegalStateException("The sample has not run yet: start it, then open the monitor.");
        });
        model.refresh();
        assertThat(model.errorProperty().get()).isEqualTo("The sample has not run yet: start it, then open the "
                + "monitor.");
        assertThat(model.reportProperty().get()).isEmpty();
    }
}
