package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The desktop app's log file: where it is, and that Litescope's lines (with stack traces) reach it. */
class LogFilesTest {
    @TempDir
    Path state;

    @AfterEach
    void stopTheFile() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<?> file = root.getAppender("FILE");
        if (file != null) {
            root.detachAppender("FILE");
            file.stop();
        }
        LogFiles.configureCommandLine(false);
    }

    /**
     * Logback starts from ConsoleLogConfigurator, found through the ServiceLoader, not from an XML file: warnings
     * on stderr, nothing below them, and no other configurator after it.
     */
    @Test
    void logbackStartsWithWarningsOnStderrWithoutAnXmlFile() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(ConsoleLogConfigurator.class);
        assertThat(getClass().getClassLoader().getResource("logback.xml")).isNull();
        LoggerContext fresh = new LoggerContext();
        ConsoleLogConfigurator c = new ConsoleLogConfigurator();
        c.setContext(fresh);
        assertThat(c.configure(fresh)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = fresh.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget()).isEqualTo("System.err");
        fresh.stop();
    }

    @Test
    void theDesktopLogIsWrittenInTheStateFolder() throws Exception {
        Map<String, String> env = Map.of("XDG_STATE_HOME", state.toString());
        Path file = LogFiles.startDesktopLog(env);
        assertThat(file).isEqualTo(state.resolve("litescope/litescope.log"));
        assertThat(LogFiles.current()).contains(file);

        org.slf4j.Logger log = LoggerFactory.getLogger("dev.litescope.replica.Test");
        log.info("opened gs://bkt/db");
        log.debug("a debug line the file does not take");
        log.warn("restore failed", new IllegalStateException("the planted cause"));
        LoggerFactory.getLogger("com.example.library").info("a library's chatter");

        String text = Files.readString(file);
        assertThat(text).contains("INFO").contains("opened gs://bkt/db").contains("restore failed")
                .contains("java.lang.IllegalStateException: the planted cause").contains("at dev.litescope.util.")
                .doesNotContain("a debug line").doesNotContain("a library's chatter");
    }
}
