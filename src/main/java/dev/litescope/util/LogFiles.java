package dev.litescope.util;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where the log goes, set once at start by the face that runs: the desktop app writes a rolling file in the
 * user's state folder ({@link #desktopLog}); the command line writes warnings to stderr, and with
 * {@code --debug} Litescope's own debug lines too (each request: method, URL without secrets, status, duration)
 * and stack traces. No credential is ever logged: requests are logged without their headers.
 *
 * <p>The "Show log" action opens {@link #current()}.
 */
public final class LogFiles {
    private static volatile Path current;

    private LogFiles() {
    }

    /** The desktop app's log: $XDG_STATE_HOME/litescope/litescope.log (~/.local/state/litescope/…). */
    public static Path desktopLog(Map<String, String> env) {
        return UserDirs.state(env).resolve("litescope.log");
    }

    /** The log file this process writes, once {@link #startDesktopLog} has run; empty on the command line. */
    public static Optional<Path> current() {
        return Optional.ofNullable(current);
    }

    /**
     * Sends the log to {@link #desktopLog}, rolled over at 5 MB with three old files kept, at INFO for
     * Litescope and WARN for libraries; the console keeps only warnings. Returns the file.
     */
    public static synchronized Path startDesktopLog(Map<String, String> env) {
        Path file = desktopLog(env);
        LoggerContext ctx = context();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName("FILE");
        appender.setFile(file.toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf("5MB"));
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder(ctx, LogLineLayout.file()));
        rolling.start();
        trigger.start();
        appender.start(); // creates the folder
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender("FILE");
        root.addAppender(appender);
        if (root.getAppender("STDERR") != null && root.getAppender("STDERR").getCopyOfAttachedFiltersList().isEmpty()) {
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel("WARN");
            warnings.start();
            root.getAppender("STDERR").addFilter(warnings);
        }
        root.setLevel(Level.WARN);
        ctx.getLogger("dev.litescope").setLevel(Level.INFO);
        current = file;
        return file;
    }

    /**
     * The command line's logging: warnings on stderr; with {@code debug}, Litescope's debug lines too. Set for
     * every command run, so one run's {@code --debug} does not outlive it in a process that runs several.
     */
    public static synchronized void configureCommandLine(boolean debug) {
        LoggerContext ctx = context();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        installConsole(ctx);
        // The level alone decides here: the desktop's warnings-only filter must not hide --debug's lines.
        root.getAppender("STDERR").clearAllFilters();
        root.setLevel(Level.WARN);
        // Libraries stay at WARN even then: some log request details of their own.
        ctx.getLogger("dev.litescope").setLevel(debug ? Level.DEBUG : Level.WARN);
    }

    /** Warnings and errors on stderr, as "LEVEL logger: message": where logging starts, in every process. */
    static void installConsole(LoggerContext ctx) {
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("STDERR") == null) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(ctx);
            console.setName("STDERR");
            console.setTarget("System.err");
            console.setEncoder(encoder(ctx, LogLineLayout.console()));
            console.start();
            root.addAppender(console);
            root.setLevel(Level.WARN);
        }
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext ctx, LogLineLayout layout) {
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
        e.setContext(ctx);
        e.setLayout(layout);
        e.start();
        return e;
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }
}
