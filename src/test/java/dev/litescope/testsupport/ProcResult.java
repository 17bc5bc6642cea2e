package dev.litescope.testsupport;

/** What a finished child process left behind. */
public record ProcResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Fails with the captured output, so a broken Litestream call explains itself in the test report. */
    public ProcResult requireSuccess() {
        if (exitCode != 0) {
            throw new AssertionError("litestream exited with " + exitCode
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
        }
        return this;
    }
}
