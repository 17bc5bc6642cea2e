package dev.litescope.util;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Litescope's two log line shapes, written by hand rather than by Logback's PatternLayout: starting a
 * PatternLayout (its converter table, parser and compiler) took about 33 ms, a third of Logback's start and so
 * of every command's, for two fixed patterns.
 * <ul>
 *   <li>{@link #console()}: {@code LEVEL logger: message} with the logger abbreviated to about 20 characters;
 *   <li>{@link #file()}: {@code 2026-12-02T05:36:40.123Z LEVEL [thread] logger: message}, UTC, the logger
 *       abbreviated to about 36 characters.
 * </ul>
 * Both end with the throwable's stack trace, causes included, when the event carries one.
 */
public final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    private final boolean detailed;
    private final TargetLengthBasedClassNameAbbreviator abbreviator;

    private LogLineLayout(boolean detailed, int loggerLength) {
        this.detailed = detailed;
        this.abbreviator = new TargetLengthBasedClassNameAbbreviator(loggerLength);
    }

    /** The command line's lines on stderr. */
    public static LogLineLayout console() {
        return new LogLineLayout(false, 20);
    }

    /** The desktop log file's lines. */
    public static LogLineLayout file() {
        return new LogLineLayout(true, 36);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (detailed) {
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            line.append(' ');
            String level = event.getLevel().toString();
            line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
            line.append(" [").append(event.getThreadName()).append("] ");
        } else {
            line.append(event.getLevel()).append(' ');
        }
        line.append(abbreviator.abbreviate(event.getLoggerName())).append(": ").append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }
}
