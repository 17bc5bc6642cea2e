package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.v3.Names;
import dev.litescope.replica.v3.Position;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReplicaUrlTest {
    @Test
    void parsesLocalAndGcsForms() {
        assertThat(ReplicaUrl.parse("file:///var/lib/replica")).isEqualTo(new
                ReplicaUrl.Local(Path.of("/var/lib/replica")));
        assertThat(ReplicaUrl.parse("/var/lib/x/../replica")).isEqualTo(new
                ReplicaUrl.Local(Path.of("/var/lib/replica")));
        assertThat(ReplicaUrl.parse("gcs://bkt/a//b/")).isEqualTo(new ReplicaUrl.Gcs("gcs", "bkt", "a/b"));
        assertThat(ReplicaUrl.parse("gs://bkt")).isEqualTo(new ReplicaUrl.Gcs("gs", "bkt", ""));
        assertThat(ReplicaUrl.parse("gcs://bkt/.")).isEqualTo(new ReplicaUrl.Gcs("gcs", "bkt", ""));
    }

    @Test
    void rejectsWhatCannotBeAReplica() {
        assertThatThrownBy(() ->
                ReplicaUrl.parse("s4://x/y")).hasMessageContaining("unsupported replica URL scheme 's4'");
        assertThatThrownBy(() -> ReplicaUrl.parse("gcs:///path")).hasMessageContaining("bucket name required");
        assertThatThrownBy(() -> ReplicaUrl.parse("file://host/path")).hasMessageContaining("three slashes");
    }

    @Test
    void namesFollowLitestreamsPatternsExactly() {
        assertThat(Names.isGeneration("0123456789abcdef")).isTrue();
        assertThat(Names.isGeneration("0123456789ABCDEF")).isFalse();
        assertThat(Names.isGeneration("0123456789abcde")).isFalse();
        assertThat(Names.snapshotIndex("0000001a.snapshot.lz4")).contains(26);
        assertThat(Names.snapshotIndex("0000001a.snapshot.lz4.tmp")).isEmpty();
        assertThat(Names.snapshotIndex("1a.snapshot.lz4")).isEmpty();
        assertThat(Names.walPosition("00000002_00001038.wal.lz4")).contains(new Position(2, 0x1038));
        assertThat(Names.walPosition("00000002_00001038.wal")).isEmpty();
        assertThat(Names.walPosition("80000000_00000000.wal.lz4")).isEmpty();
        assertThat(new Position(2, 4152).toString()).isEqualTo("00000002:4152");
    }

    @Test
    void aFolderBelowAUrlKeepsItsSchemeAndBucket() {
        assertThat(ReplicaUrl.parse("gs://b").below("apps/shop/db/"))
                .isEqualTo(ReplicaUrl.parse("gs://b/apps/shop/db"));
        assertThat(ReplicaUrl.parse("gcs://b/apps").below("shop/db").toString()).isEqualTo("gcs://b/apps/shop/db");
        assertThat(ReplicaUrl.parse("gs://b/apps").below("")).isEqualTo(ReplicaUrl.parse("gs://b/apps"));
        assertThat(ReplicaUrl.parse("file:///var/backups").below("nested/shop.db/"))
                .isEqualTo(new ReplicaUrl.Local(Path.of("/var/backups/nested/shop.db")));
    }
}
