package dev.litescope.util;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Litescope keeps things for the user: the cache, for what it can rebuild (the object cache, tools, the
 * demo), and the data directory, for what the user made with it (restored databases).
 */
public final class UserDirs {
    private UserDirs() {
    }

    /** $XDG_CACHE_HOME/litescope, or ~/.cache/litescope. */
    public static Path cache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home().resolve(".cache");
        return base.resolve("litescope");
    }

    /**
     * $XDG_DATA_HOME/litescope when set; otherwise the platform's place for application data: ~/Library/Application
     * Support/litescope on macOS, %LOCALAPPDATA%\litescope on Windows, ~/.local/share/litescope elsewhere.
     */
    public static Path data(Map<String, String> env) {
        return data(env, System.getProperty("os.name", ""));
    }

    static Path data(Map<String, String> env, String osName) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg).resolve("litescope");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home().resolve("Library").resolve("Application Support").resolve("litescope");
        }
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local != null && !local.isBlank() ? Path.of(local) : home().resolve("AppData").resolve("Local");
            return base.resolve("litescope");
        }
        return home().resolve(".local").resolve("share").resolve("litescope");
    }

    /** Where the desktop app restores databases unless told otherwise. */
    public static Path restores(Map<String, String> env) {
        return data(env).resolve("restores");
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
