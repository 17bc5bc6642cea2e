package dev.litescope.util;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Litescope keeps things for the user: the cache, for what it can rebuild (the object cache, tools, the
 * demo); the configuration, for what it cannot (the connections the user added); the data directory, for
 * what the user made with it (restored databases); and the state directory, for the log. An XDG variable wins on
 * every OS, as for the cache.
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
     * $XDG_CONFIG_HOME/litescope; otherwise the OS's place for settings: %APPDATA%\Litescope on Windows,
     * ~/Library/Application Support/Litescope on macOS, ~/.config/litescope elsewhere.
     */
    public static Path config(Map<String, String> env) {
        return config(env, System.getProperty("os.name", ""), home());
    }

    static Path config(Map<String, String> env, String osName, Path home) {
        return place(env, "XDG_CONFIG_HOME", "APPDATA", osName, home, home.resolve(".config"));
    }

    /**
     * $XDG_DATA_HOME/litescope; otherwise the OS's place for application data: %LOCALAPPDATA%\Litescope on
     * Windows, ~/Library/Application Support/Litescope on macOS, ~/.local/share/litescope elsewhere.
     */
    public static Path data(Map<String, String> env) {
        return data(env, System.getProperty("os.name", ""), home());
    }

    static Path data(Map<String, String> env, String osName, Path home) {
        return place(env, "XDG_DATA_HOME", "LOCALAPPDATA", osName, home, home.resolve(".local").resolve("share"));
    }

    /**
     * $XDG_STATE_HOME/litescope, for what is worth keeping between runs but not worth backing up (the log);
     * otherwise %LOCALAPPDATA%\\Litescope on Windows, ~/Library/Application Support/Litescope on macOS,
     * ~/.local/state/litescope elsewhere.
     */
    public static Path state(Map<String, String> env) {
        return state(env, System.getProperty("os.name", ""), home());
    }

    static Path state(Map<String, String> env, String osName, Path home) {
        return place(env, "XDG_STATE_HOME", "LOCALAPPDATA", osName, home, home.resolve(".local").resolve("state"));
    }

    /** Where the desktop app restores databases unless told otherwise. */
    public static Path restores(Map<String, String> env) {
        return data(env).resolve("restores");
    }

    private static Path place(Map<String, String> env, String xdgVariable, String windowsVariable, String osName,
                              Path home, Path unixBase) {
        String xdg = env.get(xdgVariable);
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg).resolve("litescope");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        String windows = env.get(windowsVariable);
        if (os.startsWith("windows") && windows != null && !windows.isBlank()) {
            return Path.of(windows).resolve("Litescope");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Litescope");
        }
        return unixBase.resolve("litescope");
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
