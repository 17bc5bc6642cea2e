package dev.litescope.util;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Litescope keeps things for the user: the cache (what it can rebuild: the object cache, tools, the demo)
 * and the configuration (what it cannot: the connections the user added).
 */
public final class UserDirs {
    private UserDirs() {
    }

    /** $XDG_CACHE_HOME/litescope, or ~/.cache/litescope. */
    public static Path cache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("litescope");
    }

    /**
     * $XDG_CONFIG_HOME/litescope when the variable is set (on any OS, as for the cache); otherwise the OS's own
     * place for settings: %APPDATA%\Litescope on Windows, ~/Library/Application Support/Litescope on macOS,
     * ~/.config/litescope elsewhere.
     */
    public static Path config(Map<String, String> env) {
        return config(env, System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }

    static Path config(Map<String, String> env, String osName, Path home) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg).resolve("litescope");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        String appData = env.get("APPDATA");
        if (os.startsWith("windows") && appData != null && !appData.isBlank()) {
            return Path.of(appData).resolve("Litescope");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Litescope");
        }
        return home.resolve(".config").resolve("litescope");
    }
}
