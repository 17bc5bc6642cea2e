package dev.litescope.guestbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runtime settings. Only the port and the database path come from the environment (Cloud Run sets
 * {@code PORT}; the service definition sets {@code DB_PATH} to the volume shared with the Litestream sidecar).
 *
 * @param port            TCP port to listen on; 0 picks a free one (tests)
 * @param dbPath          the SQLite database file
 * @param httpThreads     request threads; a request waiting for its commit holds one, so this bounds how many
 *                        writes can share one group commit
 * @param readConnections size of the read-only connection pool
 * @param healthToken     echoed by {@code /healthz} in {@code X-Health-Token}, so that whoever started this
 *                        instance knows its health check reached this process and not another one on the
 *                        port; empty for none
 */
public record Config(int port, Path dbPath, int httpThreads, int readConnections, String healthToken) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DB_PATH = "./data/db.sqlite";
    /** Cloud Run sends at most maxInstanceRequestConcurrency (80) requests at once; 32 threads serve them well. */
    public static final int DEFAULT_HTTP_THREADS = 32;
    public static final int DEFAULT_READ_CONNECTIONS = 4;

    public Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (httpThreads < 1 || readConnections < 1) {
            throw new IllegalArgumentException("httpThreads and readConnections must be at least 1");
        }
        dbPath = dbPath.toAbsolutePath().normalize();
        healthToken = healthToken == null ? "" : healthToken.strip();
    }

    public static Config of(int port, Path dbPath) {
        return new Config(port, dbPath, DEFAULT_HTTP_THREADS, DEFAULT_READ_CONNECTIONS, "");
    }

    public Config withHealthToken(String token) {
        return new Config(port, dbPath, httpThreads, readConnections, token);
    }

    /** Reads {@code PORT} (default 8080), {@code DB_PATH} (default ./data/db.sqlite) and {@code HEALTH_TOKEN}. */
    public static Config fromEnvironment(Map<String, String> env) {
        String portText = env.getOrDefault("PORT", "").trim();
        int port;
        try {
            port = portText.isEmpty() ? DEFAULT_PORT : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT is not a number: " + portText);
        }
        String db = env.getOrDefault("DB_PATH", "").trim();
        return of(port, Path.of(db.isEmpty() ? DEFAULT_DB_PATH : db))
                .withHealthToken(env.getOrDefault("HEALTH_TOKEN", ""));
    }
}
