package dev.litescope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine never depends on the GUI, and the command line never loads JavaFX: only {@code ui} and the one
 * class that starts it may name JavaFX or {@code dev.litescope.ui}. Checked on the sources (imports and fully
 * qualified names alike), as there is no ArchUnit in this build.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "litescope");
    private static final Pattern GUI = Pattern.compile("\\bjavafx\\.|\\batlantafx\\.|\\bdev\\.litescope\\.ui\\b");

    @Test
    void onlyTheUiPackageAndItsStarterUseJavaFx() {
        List<String> offenders = sources().filter(p -> !p.startsWith(SOURCES.resolve("ui")))
                .filter(p -> !p.equals(SOURCES.resolve("app").resolve("GuiLauncher.java")))
                .filter(p -> GUI.matcher(read(p)).find())
                .map(Path::toString).toList();
        assertThat(offenders).as("engine or CLI classes that reference JavaFX or the ui package").isEmpty();
    }

    private static Stream<Path> sources() {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
