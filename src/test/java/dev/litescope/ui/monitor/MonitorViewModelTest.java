package dev.litescope.ui.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.monitor.LogEntry;
import dev.litescope.replica.Pricing;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.testsupport.run.MonitoredService;
import dev.litescope.ui.fx.TaskRunner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's view model on the caller's thread, against the loopback services: no screen needed. */
class MonitorViewModelTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    MonitoredService cloud;
    MonitorViewModel model;

    @BeforeEach
    void start() {
        cloud = new MonitoredService();
        model = new MonitorViewModel(TaskRunner.sameThread(), cloud.env(), ReplicaOptions.fromEnvironment(
                cloud.env(), false), Pricing.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private void name() {
        model.projectProperty().set(MonitoredService.PROJECT);
        model.regionProperty().set(MonitoredService.REGION);
        model.serviceProperty().set(MonitoredService.SERVICE);
    }

    @Test
    void nothingIsReadWithoutAProjectAndARefusalSaysWhatToDo() {
        model.refresh();
        assertThat(model.errorProperty().get()).isEqualTo("Give the project, the region and the service to monitor.");
        assertThat(cloud.run.requests()).isEmpty();

        name();
        cloud.healthy(NOW);
        cloud.run.deny(Optional.of("run.services.get"));
        model.refresh();
        assertThat(model.errorProperty().get()).startsWith("read the Cloud Run service guestbook: permission denied "
                + "for the caller, which lacks run.services.get (roles/run.viewer grants it");
        assertThat(model.reportProperty().get()).isEmpty();
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void theContainerFilterSurvivesARefreshAndTheWindowChangeReadsAgain() {
        name();
        cloud.healthy(NOW);
        cloud.traffic(NOW);
        cloud.metrics(NOW, 1.0, 1, 0, 0);
        model.refresh();
        assertThat(model.containers()).containsExactly("", "app", "litestream");
        model.containerProperty().set("app");
        assertThat(model.logs()).extracting(LogEntry::text).containsExactly("added entry 42");

        int before = cloud.monitoring.requests().size();
        model.windowProperty().set(MonitorViewModel.WINDOWS.get(0));
        assertThat(cloud.monitoring.requests().size()).isGreaterThan(before);
        assertThat(cloud.monitoring.requests().get(before).query()).contains("interval.startTime=2026-11-30T11%3A45"
                + "%3A00Z");
        assertThat(model.containerProperty().get()).isEqualTo("app");
        assertThat(model.logs()).hasSize(1);
        model.severityProperty().set("WARNING");
        assertThat(model.logs()).isEmpty();
    }
}
