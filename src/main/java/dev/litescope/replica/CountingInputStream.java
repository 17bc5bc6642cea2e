package dev.litescope.replica;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Adds every byte read to the store's counters, so downloads are accounted where they happen. */
final class CountingInputStream extends FilterInputStream {
    private final RequestCounters counters;

    CountingInputStream(InputStream in, RequestCounters counters) {
        super(in);
        this.counters = counters;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counters.countBytes(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            counters.countBytes(n);
        }
        return n;
    }
}
