package dev.litescope.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.replica.ReplicaUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remembered connections: a round trip, a first run, and a damaged file that is reported and kept. */
class ConnectionStoreTest {
    @TempDir
    Path tmp;

    @Test
    void whatIsSavedIsLoadedBack() throws Exception {
        ConnectionStore store = new ConnectionStore(tmp.resolve("config/litescope/connections.txt"));
        List<Connection> list = List.of(new Connection.Folder(tmp.resolve("my replicas")), new Connection.Demo(),
                new Connection.Bucket((ReplicaUrl.Gcs) ReplicaUrl.parse("gs://bucket/apps/prod")),
                new Connection.Bucket((ReplicaUrl.Gcs) ReplicaUrl.parse("gcs://other")));
        store.save(list);
        ConnectionStore.Loaded loaded = store.load();
        assertThat(loaded.problem()).isEmpty();
        assertThat(loaded.connections()).containsExactlyElementsOf(list);
        // Only the file itself: the temporary file was moved into place.
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertThat(files).containsExactly(store.file());
        }
        store.save(List.of());
        assertThat(store.load().connections()).isEmpty();
    }

    @Test
    void aFirstRunStartsWithTheDemo() throws Exception {
        ConnectionStore.Loaded loaded = new ConnectionStore(tmp.resolve("none.txt")).load();
        assertThat(loaded.connections()).containsExactly(new Connection.Demo());
        assertThat(loaded.problem()).isEmpty();
    }

    @Test
    void aDamagedFileIsReportedAndKept() throws Exception {
        Path file = tmp.resolve("connections.txt");
        String text = ConnectionStore.HEADER + "\nfolder /srv/replicas\nbucket file:///nope\nwhatever 12\n"
                + "bucket gs://kept/prefix\n";
        Files.writeString(file, text);
        ConnectionStore store = new ConnectionStore(file);
        ConnectionStore.Loaded loaded = store.load();
        assertThat(loaded.connections()).containsExactly(new Connection.Folder(Path.of("/srv/replicas")),
                new Connection.Bucket((ReplicaUrl.Gcs) ReplicaUrl.parse("gs://kept/prefix")));
        assertThat(loaded.problem()).get().asString().contains("line 3").contains("line 4")
                .contains("connections.txt.damaged-");
        Path copy;
        try (Stream<Path> files = Files.list(tmp)) {
            copy = files.filter(p -> p.getFileName().toString().startsWith("connections.txt.damaged-")).findFirst()
                    .orElseThrow();
        }
        assertThat(loaded.problem().get()).contains(copy.toString());
        store.save(loaded.connections());
        // Saving again replaced the list, but the damaged original is still there, unchanged.
        assertThat(Files.readString(copy)).isEqualTo(text);
        assertThat(store.load().problem()).isEmpty();
    }

    @Test
    void aFileThatIsNotTextIsKeptToo() throws Exception {
        Path file = tmp.resolve("connections.txt");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3});
        ConnectionStore.Loaded loaded = new ConnectionStore(file).load();
        assertThat(loaded.connections()).isEmpty();
        assertThat(loaded.problem()).get().asString().contains("not text");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("connections.txt.damaged-"));
        }
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).hasSize(4);
    }
}
