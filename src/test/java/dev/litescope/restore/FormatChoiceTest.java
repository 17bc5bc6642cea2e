package dev.litescope.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.Discovery.Format;
import dev.litescope.replica.FileObjectStore;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.testsupport.ltx.LtxReplicaBuilder;
import dev.litescope.testsupport.ltx.SqliteStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path upgraded from Litestream 0.3 to 0.5 holds two histories: which one a restore reads. */
class FormatChoiceTest {
    static final Instant LTX_BASE = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant V3_TIME = Instant.parse("2026-11-29T12:00:00Z");
    @TempDir
    Path tmp;

    @Test
    void theTargetDecidesAndOtherwiseTheNewerOrTheSpanHoldingTheMoment() throws Exception {
        Path root = tmp.resolve("upgraded");
        LtxReplicaBuilder.writeTo(root, new LtxReplicaBuilder(SqliteStates.capture(tmp, 1024, 5, 1), 1024, LTX_BASE)
                .build());
        String gen = "generations/0123456789abcdef/";
        for (String name : new String[] {"snapshots/00000000.snapshot.lz4", "wal/00000000_00000000.wal.lz4"}) {
            Path p = root.resolve(gen + name);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[10]);
            Files.setLastModifiedTime(p, FileTime.from(V3_TIME));
        }
        Replica r = new Replica(new FileObjectStore(root), "", ReplicaUrl.parse(root.toString()));
        FormatChoice latest = FormatChoice.choose(r, RestoreTarget.latest());
        assertThat(latest.format()).isEqualTo(Format.LITESTREAM_0_5);
        assertThat(latest.note()).get().asString().contains("holds both Litestream 0.3 generations and 0.5 LTX files")
                .contains("restoring from the 0.5 history, which holds the newer data");
        assertThat(FormatChoice.choose(r, RestoreTarget.txid(3)).format()).isEqualTo(Format.LITESTREAM_0_5);
        assertThat(FormatChoice.choose(r, RestoreTarget.generation("0123456789abcdef")).format())
                .isEqualTo(Format.LITESTREAM_0_3);
        assertThat(FormatChoice.choose(r, RestoreTarget.timestamp(V3_TIME)).format()).isEqualTo(Format.LITESTREAM_0_3);
        assertThat(FormatChoice.choose(r, RestoreTarget.timestamp(LTX_BASE.plusSeconds(3))).format())
                .isEqualTo(Format.LITESTREAM_0_5);

        Path v3Only = tmp.resolve("v3");
        Files.createDirectories(v3Only.resolve(gen + "wal"));
        Files.write(v3Only.resolve(gen + "wal/00000000_00000000.wal.lz4"), new byte[1]);
        Replica old = new Replica(new FileObjectStore(v3Only), "", ReplicaUrl.parse(v3Only.toString()));
        assertThat(FormatChoice.choose(old, RestoreTarget.latest())).isEqualTo(
                new FormatChoice(Format.LITESTREAM_0_3, Optional.empty()));
        assertThatThrownBy(() -> FormatChoice.choose(old, RestoreTarget.txid(1)))
                .hasMessageContaining("holds only Litestream 0.3 generations");
    }
}
