package dev.litescope.util;

import java.io.IOException;
import java.io.InputStream;

/** {@link InputStream#read()} for streams whose work (checks, counts, guards) is in their bulk read. */
public final class OneByte {
    private OneByte() {
    }

    /** One byte of {@code in} through {@code in.read(b, 0, 1)}: the byte, or -1 at the end. */
    public static int read(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
}
