package dev.litescope.replica.v3;

/**
 * A place in a generation's WAL stream: the WAL index (one per SQLite WAL restart) and the byte offset into
 * that index's WAL. Printed the way Litestream logs it: index in hex, offset in decimal.
 */
public record Position(int index, long offset) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
        int c = Integer.compare(index, o.index);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return Names.hex8(index) + ":" + offset;
    }
}
