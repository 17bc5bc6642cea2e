package dev.litescope.guestbook;

/**
 * Entry point: {@code PORT} (default 8080) and {@code DB_PATH} (default ./data/db.sqlite) from the environment.
 * Logs plain lines to stdout (errors to stderr), which Cloud Run collects as log entries.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("guestbook: " + e.getMessage());
            System.exit(2);
            return;
        }
        Guestbook app;
        try {
            app = Guestbook.start(config);
        } catch (Exception e) {
            System.err.println("guestbook: cannot start with database " + config.dbPath() + ": " + e);
            System.exit(1);
            return;
        }
        // The hook runs on SIGTERM (Cloud Run's stop request), SIGINT and System.exit alike.
        Runtime.getRuntime().addShutdownHook(new Thread(app::shutdown, "shutdown"));
        exitWithZeroOnSigterm();
        System.out.println("guestbook: listening on port " + app.port() + ", database " + config.dbPath()
                + ", SQLite " + app.store().sqliteVersion());
    }

    /**
     * SIGTERM is how Cloud Run asks an instance to stop, not a failure: answer it with a normal exit (status 0,
     * shutdown hook included) instead of the JVM's default status 143. If the signal cannot be handled (e.g. the
     * JVM runs with -Xrs) the default stays, and the shutdown hook still runs.
     */
    private static void exitWithZeroOnSigterm() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
                System.out.println("guestbook: SIGTERM received, shutting down");
                System.exit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("guestbook: cannot handle SIGTERM (" + e.getMessage() + "); default handling applies");
        }
    }
}
