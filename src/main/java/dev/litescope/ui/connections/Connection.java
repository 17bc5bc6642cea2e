package dev.litescope.ui.connections;

import dev.litescope.replica.ReplicaUrl;
import java.nio.file.Path;

/**
 * A place the connections panel searches for databases: the bundled demo replica, a local folder, or a Cloud
 * Storage bucket or prefix. Each may hold one replica or many.
 */
public sealed interface Connection {

    /** The name in the panel. */
    String label();

    /** Where it is, in full: for tooltips and messages. */
    String location();

    /** The demo replica bundled in the jar, installed into the user's cache when first searched. */
    record Demo() implements Connection {
        @Override
        public String label() {
            return "Demo replica";
        }

        @Override
        public String location() {
            return "the demo replica bundled with Litescope";
        }
    }

    /** A local folder: a replica itself (it holds generations/) or a folder of replicas. */
    record Folder(Path dir) implements Connection {
        public Folder {
            dir = dir.toAbsolutePath().normalize();
        }

        @Override
        public String label() {
            Path name = dir.getFileName();
            return name == null ? dir.toString() : name.toString();
        }

        @Override
        public String location() {
            return dir.toString();
        }
    }

    /** A bucket, or a prefix in one, as the user wrote it (gs:// or gcs://). */
    record Bucket(ReplicaUrl.Gcs url) implements Connection {
        @Override
        public String label() {
            return url.toString();
        }

        @Override
        public String location() {
            return url.toString();
        }
    }
}
