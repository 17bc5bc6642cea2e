package dev.litescope.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.litescope.replica.Pricing;
import dev.litescope.util.JsonMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The month's estimate under request-based billing and with a warm instance, worked out by hand. */
class CostEstimateTest {
    static final Instant END = Instant.parse("2026-11-30T12:00:00Z");

    private static TimeSeries flat(String label, double value) {
        List<TimeSeries.Point> points = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            points.add(new TimeSeries.Point(END.minusSeconds(60L * i), value));
        }
        return new TimeSeries("m", label, points);
    }

    @Test
    void requestBasedBillingChargesActiveTimeAndRequestsAndAWarmInstanceCostsAtIdle() throws Exception {
        ServiceMetrics m = new ServiceMetrics(END.minusSeconds(3600), END, List.of(flat("2xx", 3.0)), List.of(),
                List.of(flat("active", 0.1), flat("idle", 0.5)), List.of(),
                List.of(flat("ReadObject", 0.02), flat("GetObjectMetadata", 0.01), flat("WriteObject", 1)));
        // cpuIdle true: CPU only during requests, so request-based billing; one minimum instance.
        ServiceStatus.Template t = ServiceStatus.of(JsonMapper.MAPPER.readTree("""
                {"template": {"scaling": {"minInstanceCount": 1, "maxInstanceCount": 1},
                  "containers": [{"resources": {"limits": {"cpu": "1000m", "memory": "512Mi"}, "cpuIdle": true}}]}}
                """), List.of()).template();
        assertThat(t).isEqualTo(new ServiceStatus.Template(1, 512L << 20, false, 1, 1, Optional.empty(),
                Optional.empty()));

        CostEstimate c = CostEstimate.of(Pricing.DEFAULT, 1L << 30, 0, m, t);
        // An instance-second: 1 x $0.000018 + 0.5 GiB x $0.000002 = $0.000019. Active: 0.1 x 2,628,000 s x
        // $0.000019 = $4.9932; requests: 3/s x 2,628,000 = 7,884,000 at $0.40 a million = $3.1536.
        assertThat(c.run()).isCloseTo(4.9932 + 3.1536, within(1e-9));
        // Reads (ReadObject, GetObjectMetadata; not WriteObject): 0.03/s x 2,628,000 = 78,840 at $0.04 per 100,000.
        assertThat(c.classB()).isCloseTo(0.031536, within(1e-12));
        assertThat(c.storage()).isCloseTo(0.02, within(1e-12));
        assertThat(c.classA()).isZero();
        // At zero traffic: the GiB stored, and the warm instance all month: 2,628,000 x $0.000019 = $49.932.
        assertThat(c.idle()).isCloseTo(0.02 + 49.932, within(1e-9));
        assertThat(c.notes()).contains("idle: 1 minimum instance(s) kept warm, plus the replica's storage");
    }

    @Test
    void resourcesWithoutCpuIdleMeanCpuAlwaysOnAndMissingLimitsAreCloudRunsDefaults() throws Exception {
        ServiceStatus.Template t = ServiceStatus.of(JsonMapper.MAPPER.readTree("""
                {"template": {"volumes": [{"name": "data", "emptyDir": {"medium": "MEMORY", "sizeLimit": "1.5Gi"}}],
                  "containers": [{"resources": {"limits": {"cpu": "500m", "memory": "256Mi"}}},
                                 {"image": "x", "args": ["replicate", "gs://bkt/db/path"]}]}}
                """), List.of()).template();
        assertThat(t).isEqualTo(new ServiceStatus.Template(1.5, 768L << 20, true, 0, 0,
                Optional.of(3L << 29), Optional.of("gs://bkt/db/path")));
    }
}
