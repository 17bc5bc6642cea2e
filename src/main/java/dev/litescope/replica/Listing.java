package dev.litescope.replica;

import java.util.List;

/**
 * The answer to one listing: the objects directly found, and (for a delimited listing) the "directories"
 * one level below the prefix, each ending in '/'.
 */
public record Listing(List<ObjectInfo> objects, List<String> prefixes) {
    public Listing {
        objects = List.copyOf(objects);
        prefixes = List.copyOf(prefixes);
    }
}
