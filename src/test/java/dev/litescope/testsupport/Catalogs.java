package dev.litescope.testsupport;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.replica.v3.Catalog;

/** Opens a fixture's replica with Litescope's engine, wherever the fixture put it. */
public final class Catalogs {
    private Catalogs() {
    }

    /** Without the local object cache, so that what a test counts is what it asked for. */
    public static Catalog of(ReplicaFixture f) throws ObjectStoreException {
        return new Catalog(Replicas.open(ReplicaUrl.parse(f.replicaUrl()),
                ReplicaOptions.fromEnvironment(f.litestreamEnv(), false)));
    }
}
