package dev.litescope.monitor;

import dev.litescope.replica.Pricing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * This month's bill at the current rate, in US dollars: what the replica's bytes cost to store, its object
 * uploads (class A writes) and the bucket's reads (class B), and Cloud Run's instance time (and requests, with
 * request-based billing); and what the service costs at zero traffic. A month is Google's billing month of 730
 * hours. Free tiers, egress and taxes are left out, so the figures are an upper bound for a small service.
 *
 * @param notes how each figure was reached, for the report
 */
public record CostEstimate(double storage, double classA, double classB, double run, double idle,
                           List<String> notes) {
    public static final double MONTH_SECONDS = 730 * 3600.0;

    public double total() {
        return storage + classA + classB + run;
    }

    /**
     * @param replicaBytes  the replica's size, billed as Standard storage
     * @param writesPerHour the replica's uploads an hour
     * @param metrics  instances and requests over the window; the bucket's read rate
     * @param template what each instance is given, and whether CPU is always allocated (instance-based billing)
     */
    public static CostEstimate of(Pricing p, long replicaBytes, double writesPerHour, ServiceMetrics metrics,
                                  ServiceStatus.Template template) {
        List<String> notes = new ArrayList<>();
        double storage = p.storagePerMonth(replicaBytes);
        notes.add(String.format(Locale.ROOT, "storage: %d bytes at $%s per GB-month", replicaBytes,
                plain(p.storagePerGbMonth())));
        double writesPerMonth = writesPerHour * 730;
        double classA = writesPerMonth * p.classAPer100k() / 100_000;
        notes.add(String.format(Locale.ROOT, "class A: %.1f uploads an hour, %.0f a month, at $%s per 100,000",
                writesPerHour, writesPerMonth, plain(p.classAPer100k())));
        double readsPerMonth = metrics.storageReadsPerSecond() * MONTH_SECONDS;
        double classB = readsPerMonth * p.classBPer100k() / 100_000;
        notes.add(String.format(Locale.ROOT, "class B: %.4f reads a second, %.0f a month, at $%s per 100,000",
                metrics.storageReadsPerSecond(), readsPerMonth, plain(p.classBPer100k())));
        double perSecond = p.runInstanceSecond(template.vcpu(), template.memoryBytes());
        String instance = String.format(Locale.ROOT, "%s vCPU and %s GiB an instance at $%s a second",
                plain(template.vcpu()), plain(template.memoryBytes() / (double) (1L << 30)), plain(perSecond));
        double run;
        if (template.cpuAlwaysOn()) {
            double instances = metrics.instances("active") + metrics.instances("idle");
            run = instances * MONTH_SECONDS * perSecond;
            notes.add(String.format(Locale.ROOT, "Cloud Run (instance-based billing, CPU always allocated): %.3f "
                    + "instances on average, active or idle; %s", instances, instance));
        } else {
            double active = metrics.instances("active");
            double rps = metrics.requestsPerSecond();
            run = active * MONTH_SECONDS * perSecond + rps * MONTH_SECONDS * p.runRequestsPerMillion() / 1_000_000;
            notes.add(String.format(Locale.ROOT, "Cloud Run (request-based billing): %.3f active instances on "
                    + "average; %s; %.3f requests a second at $%s per million", active, instance, rps,
                    plain(p.runRequestsPerMillion())));
        }
        double idle = storage + template.minInstances() * MONTH_SECONDS * perSecond;
        notes.add(template.minInstances() == 0
                ? "idle: with no traffic the service scales to zero and only the replica's storage is billed"
                : "idle: " + template.minInstances() + " minimum instance(s) kept warm, plus the replica's storage");
        return new CostEstimate(storage, classA, classB, run, idle, notes);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
