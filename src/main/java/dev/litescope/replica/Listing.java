package dev.litescope.replica;

import java.util.List;

/**
 * The answer to one listing: the objects directly found, and (for a delimited listing) the "directories"
 * one level below the prefix, each ending in '/'.
 *
 * @param truncated more entries exist than this listing holds (see {@link ObjectStore#listFirst})
 */
public record Listing(List<ObjectInfo> objects, List<String> prefixes, boolean truncated) {
    public Listing {
        objects = List.copyOf(objects);
        prefixes = List.copyOf(prefixes);
    }

    public Listing(List<ObjectInfo> objects, List<String> prefixes) {
        this(objects, prefixes, false);
    }
}
