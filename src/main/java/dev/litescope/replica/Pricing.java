package dev.litescope.replica;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What Cloud Storage and Cloud Run charge, in one place: storage per GB-month, class A operations (list, write) and
 * class B operations (read) per 100,000; Cloud Run's vCPU-second, GiB-second and requests per million. Defaults are
 * list prices (Standard storage; Cloud Run tier 1, instance-based billing for the seconds); a properties file
 * overrides them ({@code storage_gb_month}, {@code class_a_per_100k}, {@code class_b_per_100k},
 * {@code run_vcpu_second}, {@code run_gib_second}, {@code run_requests_per_million}), found at $LITESCOPE_PRICING or
 * $XDG_CONFIG_HOME/litescope/pricing.properties (~/.config/… by default). Network egress and free tiers are not
 * included.
 */
public record Pricing(double storagePerGbMonth, double classAPer100k, double classBPer100k,
                      double runVcpuSecond, double runGibSecond, double runRequestsPerMillion) {
    public static final Pricing DEFAULT = new Pricing(0.02, 0.50, 0.04, 0.000018, 0.000002, 0.40);

    private static final double GB = 1L << 30;

    public static Pricing load(Map<String, String> env) {
        Path file;
        if (env.get("LITESCOPE_PRICING") != null) {
            file = Path.of(env.get("LITESCOPE_PRICING"));
        } else {
            String xdg = env.get("XDG_CONFIG_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".config");
            file = base.resolve("litescope").resolve("pricing.properties");
        }
        if (!Files.isRegularFile(file)) {
            return DEFAULT;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the price table " + file + ": " + e.getMessage(), e);
        }
        return new Pricing(number(p, "storage_gb_month", DEFAULT.storagePerGbMonth, file),
                number(p, "class_a_per_100k", DEFAULT.classAPer100k, file),
                number(p, "class_b_per_100k", DEFAULT.classBPer100k, file),
                number(p, "run_vcpu_second", DEFAULT.runVcpuSecond, file),
                number(p, "run_gib_second", DEFAULT.runGibSecond, file),
                number(p, "run_requests_per_million", DEFAULT.runRequestsPerMillion, file));
    }

    private static double number(Properties p, String key, double fallback, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be a number, not " + v);
        }
    }

    public double operations(long classA, long classB) {
        return classA * classAPer100k / 100_000 + classB * classBPer100k / 100_000;
    }

    /** What one instance of {@code vcpu} vCPUs and {@code memoryBytes} of memory costs a second. */
    public double runInstanceSecond(double vcpu, long memoryBytes) {
        return vcpu * runVcpuSecond + memoryBytes / GB * runGibSecond;
    }

    public double storagePerMonth(long bytes) {
        return bytes / GB * storagePerGbMonth;
    }
}
