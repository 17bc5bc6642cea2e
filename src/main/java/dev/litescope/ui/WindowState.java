package dev.litescope.ui;

import dev.litescope.ui.fx.Theme;
import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the desktop app remembers between runs, in a small properties file in the user's configuration folder
 * ({@code window.properties} beside {@code connections.txt}): the main window's size and position, its two split
 * positions, the theme, whether times show in UTC, the replica last opened, and the deploy wizard's answers.
 * Plain values, no FX: read and written without a screen. A file that cannot be read is ignored (the defaults
 * are good), and one that cannot be written is logged: neither is worth a dialog.
 */
public final class WindowState {
    private static final Logger LOG = LoggerFactory.getLogger(WindowState.class);

    /** The file's name in the configuration folder. */
    public static final String FILE = "window.properties";

    private final Path file;
    private final Properties values = new Properties();

    private WindowState(Path file) {
        this.file = file;
    }

    /** The state remembered in the user's configuration folder ({@link UserDirs#config}). */
    public static WindowState inConfigDir(Map<String, String> env) {
        return load(UserDirs.config(env).resolve(FILE));
    }

    /** Reads {@code file}; a missing or unreadable one gives the defaults. */
    public static WindowState load(Path file) {
        WindowState s = new WindowState(file);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            s.values.load(in);
        } catch (NoSuchFileException e) {
            // First run.
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not read the window state in {}; starting with the defaults", file, e);
            s.values.clear();
        }
        return s;
    }

    /** Writes the file in one step (a temporary file moved over it), so a crash never leaves half of it. */
    public void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try {
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    values.store(out, "Litescope's window, remembered between runs");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("Could not remember the window state in {}", file, e);
        }
    }

    public Path file() {
        return file;
    }

    /** The window's bounds: x, y, width and height, when all four were remembered. */
    public Optional<Bounds> bounds() {
        OptionalDouble x = number("window.x");
        OptionalDouble y = number("window.y");
        OptionalDouble w = number("window.width");
        OptionalDouble h = number("window.height");
        if (x.isEmpty() || y.isEmpty() || w.isEmpty() || h.isEmpty() || w.getAsDouble() <= 0 || h.getAsDouble() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Bounds(x.getAsDouble(), y.getAsDouble(), w.getAsDouble(), h.getAsDouble()));
    }

    public void setBounds(Bounds b) {
        put("window.x", b.x());
        put("window.y", b.y());
        put("window.width", b.width());
        put("window.height", b.height());
    }

    /** The split positions of the main window's columns (0..1), left divider first. */
    public Optional<double[]> dividers() {
        OptionalDouble left = number("split.left");
        OptionalDouble right = number("split.right");
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        double l = left.getAsDouble();
        double r = right.getAsDouble();
        return l > 0 && l < r && r < 1 ? Optional.of(new double[] {l, r}) : Optional.empty();
    }

    public void setDividers(double left, double right) {
        put("split.left", left);
        put("split.right", right);
    }

    public Theme theme() {
        return "dark".equals(values.getProperty("theme")) ? Theme.DARK : Theme.LIGHT;
    }

    public void setTheme(Theme theme) {
        values.setProperty("theme", theme.name().toLowerCase(Locale.ROOT));
    }

    /** Whether times show in UTC rather than the computer's zone. */
    public boolean utc() {
        return "utc".equals(values.getProperty("zone"));
    }

    public void setUtc(boolean utc) {
        values.setProperty("zone", utc ? "utc" : "local");
    }

    /** The replica last opened, as its URL was written. */
    public Optional<String> lastReplica() {
        return text("replica");
    }

    public void setLastReplica(String url) {
        values.setProperty("replica", url);
    }

    /**
     * A text another window remembers here under its own prefix, such as the deploy wizard's
     * {@code deploy.project}; empty when never set or blank.
     */
    public Optional<String> text(String key) {
        return Optional.ofNullable(values.getProperty(key)).map(String::strip).filter(s -> !s.isEmpty());
    }

    public void setText(String key, String value) {
        values.setProperty(key, value);
    }

    private OptionalDouble number(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private void put(String key, double v) {
        values.setProperty(key, String.format(Locale.ROOT, "%.4f", v));
    }

    /** A window's place on the screen. */
    public record Bounds(double x, double y, double width, double height) {
    }
}
