package dev.litescope.replica;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which of Litestream's layouts a replica path holds: {@code generations/} (0.3), {@code ltx/} (0.5), or both, as a
 * database upgraded from 0.3 to 0.5 leaves them (0.5 writes its LTX files beside the old generations, and cannot
 * read those on GCS). One one-object listing per layout.
 */
public final class Layouts {
    private Layouts() {
    }

    /** The formats present at the replica's root; empty when it holds neither (or nothing at all). */
    public static Set<Discovery.Format> detect(Replica replica) throws ObjectStoreException {
        Set<Discovery.Format> found = EnumSet.noneOf(Discovery.Format.class);
        for (Discovery.Format f : Discovery.Format.values()) {
            if (holds(replica, f)) {
                found.add(f);
            }
        }
        return found;
    }

    /** Whether the replica holds any object of the format's folder; one listing of one object. */
    public static boolean holds(Replica replica, Discovery.Format format) throws ObjectStoreException {
        try {
            return !replica.store().listFirst(replica.key(format.dir() + "/"), 1).objects().isEmpty();
        } catch (MissingReplicaException e) {
            return false;
        }
    }
}
