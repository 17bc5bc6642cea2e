package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The log line shapes, as the patterns they replace ({@code %level %logger{20}: %msg%n} and the file's) had them. */
class LogLineLayoutTest {
    private final LoggerContext ctx = new LoggerContext();

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... args) {
        LoggingEvent e = new LoggingEvent("x", ctx.getLogger("dev.litescope.replica.gcs.GcsObjectStore"), level,
                message, thrown, args);
        e.setTimeStamp(1_796_190_291_123L);
        e.setThreadName("restore-3");
        return e;
    }

    @Test
    void theConsoleLineIsLevelAbbreviatedLoggerAndMessage() {
        String line = LogLineLayout.console().doLayout(event(Level.WARN, "retrying {} after {}", null, "GET", "503"));
        assertThat(line).isEqualTo("WARN d.l.r.g.GcsObjectStore: retrying GET after 503" + System.lineSeparator());
    }

    @Test
    void theFileLineCarriesTheUtcTimeThePaddedLevelAndTheThread() {
        String line = LogLineLayout.file().doLayout(event(Level.INFO, "opened {}", null, "gs://bkt/db"));
        assertThat(line).isEqualTo("2026-12-02T05:44:51.123Z INFO  [restore-3] d.l.replica.gcs.GcsObjectStore:"
                + " opened gs://bkt/db" + System.lineSeparator());
    }

    @Test
    void aThrowableIsWrittenWithItsCauses() {
        Exception thrown = new IllegalStateException("outer", new IOException("the planted cause"));
        String text = LogLineLayout.console().doLayout(event(Level.ERROR, "restore failed", thrown));
        assertThat(text).startsWith("ERROR d.l.r.g.GcsObjectStore: restore failed" + System.lineSeparator())
                .contains("java.lang.IllegalStateException: outer")
                .contains("Caused by: " + IOException.class.getName() + ": the planted cause")
                .contains("at " + LogLineLayoutTest.class.getName() + ".aThrowableIsWrittenWithItsCauses");
    }
}
