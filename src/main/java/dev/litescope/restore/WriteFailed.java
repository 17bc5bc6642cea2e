package dev.litescope.restore;

import java.io.IOException;

/**
 * A write into the restore's output that failed inside a decoder's callback, carried out of the decoder so that
 * the caller tells a local fault (a full disk) from a corrupt object.
 */
public final class WriteFailed extends IOException {
    private final IOException write;

    public WriteFailed(IOException write) {
        super(write);
        this.write = write;
    }

    /** The failed write. */
    public IOException write() {
        return write;
    }
}
