package dev.litescope.util;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's starting configuration, found through the ServiceLoader: warnings and errors on stderr, so that
 * command output on stdout stays clean for scripts, and libraries only get a word in when something is wrong.
 * It replaces a logback.xml: reading one loaded Logback's XML configurator and the JDK's XML parser (some 400
 * classes) into every command, about a quarter of a second of a command's start on a 2-core machine.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogFiles.installConsole(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
