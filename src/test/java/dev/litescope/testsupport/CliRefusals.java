package dev.litescope.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;

/** {@code litescope restore} run as a user runs it, and what a refusal must leave: exit 1, the words, no file. */
public final class CliRefusals {
    private CliRefusals() {
    }

    /** {@code litescope restore -o OUT FLAGS… URL}. */
    public static ProcResult restore(Path out, String url, String... flags) {
        String[] args = new String[flags.length + 4];
        args[0] = "restore";
        args[1] = "-o";
        args[2] = out.toString();
        System.arraycopy(flags, 0, args, 3, flags.length);
        args[args.length - 1] = url;
        return Litescope.run(args);
    }

    /**
     * The restore was refused: exit code 1, every fragment in its message, no output and no temporary file left
     * ({@code leftovers}, as {@link RestoreComparison#leftovers} finds them).
     */
    public static void assertRefused(ProcResult r, Path out, Collection<Path> leftovers, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isEqualTo(1);
        for (String f : fragments) {
            assertThat(r.stderr()).contains(f);
        }
        assertThat(out).doesNotExist();
        assertThat(leftovers).isEmpty();
    }
}
