package dev.litescope.util;

import java.nio.file.Path;
import java.util.Map;

/** Where Litescope keeps what it can rebuild: one answer for the object cache, tools and the demo. */
public final class UserDirs {
    private UserDirs() {
    }

    /** $XDG_CACHE_HOME/litescope, or ~/.cache/litescope. */
    public static Path cache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("litescope");
    }
}
