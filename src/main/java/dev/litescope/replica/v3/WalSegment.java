package dev.litescope.replica.v3;

import dev.litescope.replica.ObjectInfo;
import java.time.Instant;

/** The bytes [offset, offset + decompressed length) of WAL index {@code index}, ending on a commit frame. */
public record WalSegment(String generation, Position position, ObjectInfo object) {
    public int index() {
        return position.index();
    }

    public long offset() {
        return position.offset();
    }

    public Instant created() {
        return object.created();
    }

    public long size() {
        return object.size();
    }
}
