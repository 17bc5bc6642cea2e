package dev.litescope.restore.ltx;

import java.io.IOException;

/** An LTX file that does not decode, or that the strict reader refuses; the message names the file. */
public final class LtxFormatException extends IOException {
    public LtxFormatException(String message) {
        super(message);
    }

    public LtxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
