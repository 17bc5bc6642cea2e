package dev.litescope.replica.v3;

import dev.litescope.replica.ObjectInfo;
import java.time.Instant;

/** A full copy of the database file, taken while WAL index {@code index} was current. */
public record Snapshot(String generation, int index, ObjectInfo object) {
    public Instant created() {
        return object.created();
    }

    public long size() {
        return object.size();
    }
}
