package dev.litescope.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the monitor read about one deployed service at one moment.
 *
 * @param errorLogs when a revision is failing, its newest entries at ERROR or worse; else empty
 * @param replica   the replica's state, when the bucket is known
 * @param fill      the database against the in-memory volume's limit, when both are known
 * @param warnings  what needs a look, the most urgent first
 */
public record MonitorReport(Instant at, String project, String region, ServiceStatus service, List<LogEntry> logs,
                            List<LogEntry> errorLogs, ServiceMetrics metrics, Optional<ReplicaState> replica,
                            Optional<ReplicaState.VolumeFill> fill, CostEstimate cost, List<String> warnings) {
}
