package dev.litescope.ui.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Shows a folder in the desktop's file manager by the platform's own command ({@code xdg-open}, {@code open},
 * {@code explorer}), and says when that failed: a machine without a file manager makes {@code xdg-open} exit
 * with an error, or has no {@code xdg-open} at all. Blocking: run it off the UI thread.
 */
public final class FileManager {
    /** How long a command may take to hand the folder over before it is taken to have done so. */
    private static final long WAIT_SECONDS = 5;

    private final List<String> command;

    /** @param command the command, to which the folder is appended as the last argument */
    public FileManager(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** This platform's command. */
    public static FileManager system() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return new FileManager(List.of("explorer"));
        }
        if (os.startsWith("mac")) {
            return new FileManager(List.of("open"));
        }
        return new FileManager(List.of("xdg-open"));
    }

    /** Opens {@code dir}; throws, with what went wrong in words, when the command is missing or fails. */
    public void show(Path dir) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(command);
        argv.add(dir.toString());
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IOException("there is no " + command.get(0) + " to open it with", e);
        }
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            return; // still busy handing it over: a file manager is there
        }
        // explorer exits with 1 even when it opened the folder.
        if (p.exitValue() != 0 && !command.get(0).equals("explorer")) {
            throw new IOException(command.get(0) + " found no file manager (it exited with " + p.exitValue() + ")");
        }
    }
}
