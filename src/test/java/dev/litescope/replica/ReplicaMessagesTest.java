package dev.litescope.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.gcs.GcsSettings;
import dev.litescope.replica.v3.Catalog;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user is told when what they point Litescope at is not a Litestream 0.3 replica: each message names
 * the thing and says what to do, the same in the app and on the command line.
 */
class ReplicaMessagesTest {
    static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2));
    static LoopbackGcs gcs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        gcs = LoopbackGcs.start();
    }

    @AfterAll
    static void stop() {
        gcs.close();
    }

    private static ReplicaOptions emulator(String hostPort) {
        return new ReplicaOptions(new GcsSettings(Optional.of(hostPort), Optional.empty(), FAST), Optional.empty());
    }

    private static Catalog catalog(String url, ReplicaOptions options) throws ObjectStoreException {
        return new Catalog(Replicas.open(ReplicaUrl.parse(url), options));
    }

    @Test
    void nonsenseIsNotTakenForAFolderUnderTheWorkingDirectory() {
        assertThatThrownBy(() ->
                ReplicaUrl.parse("hello world")).hasMessageStartingWith("not a replica URL: hello world")
                .hasMessageContaining("gs://bucket/path").hasMessageNotContaining(Path.of("").toAbsolutePath()
                        .toString());
        assertThatThrownBy(() -> ReplicaUrl.parse("gs:/bucket/app.db")).hasMessageStartingWith("not a replica URL");
        // What reads as a path still is one.
        assertThat(ReplicaUrl.parse("./replica")).isEqualTo(new ReplicaUrl.Local(Path.of("replica").toAbsolutePath()));
        assertThat(ReplicaUrl.parse("backups/app.db")).isInstanceOf(ReplicaUrl.Local.class);
        assertThat(ReplicaUrl.parse("~/replica"))
                .isEqualTo(new ReplicaUrl.Local(Path.of(System.getProperty("user.home"), "replica")));
    }

    @Test
    void aSchemeWithNothingAfterItSaysWhatToWriteNotTheUriParsersText() {
        assertThatThrownBy(() -> ReplicaUrl.parse("gs://")).hasMessageContaining("not a valid replica URL")
                .hasMessageContaining("gs://my-bucket/path").hasMessageNotContaining("Expected authority");
        assertThatThrownBy(() -> ReplicaUrl.parse("gs://my bucket/app")).hasMessageContaining("' ' at position 8")
                .hasMessageNotContaining("Illegal character");
    }

    @Test
    void aMissingFolderIsCalledMissing() throws Exception {
        Path gone = tmp.resolve("replicas/app.db");
        assertThatThrownBy(() -> catalog(gone.toString(), emulator(gcs.hostPort())).generationNames())
                .isInstanceOf(MissingReplicaException.class)
                .hasMessageContaining("the folder " + gone + " does not exist")
                .hasMessageContaining("nearest folder that exists is " + tmp);
        // As Litestream, -if-replica-exists skips a replica that is not there; without it, the message.
        Path out = tmp.resolve("out.db");
        ProcResult skipped = Litescope.run("restore", "-if-replica-exists", "-o", out.toString(), gone.toString());
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.stderr()).contains("no matching backups found, skipping");
        ProcResult failed = Litescope.run("restore", "-o", out.toString(), gone.toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stderr()).contains("does not exist");
    }

    @Test
    void aSqliteFileGivenAsItsReplicaSaysToChooseTheReplicaFolder() throws Exception {
        Path db = tmp.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        assertThatThrownBy(() -> catalog(db.toString(), emulator(gcs.hostPort())).generationNames())
                .hasMessageContaining(db
                        + " is a SQLite database file").hasMessageContaining("choose its replica folder");
        // The command line says the same.
        ProcResult listed = Litescope.run("generations", db.toUri().toString());
        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.stderr()).contains("is a SQLite database file").contains("choose its replica folder");

        Path notes = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> catalog(notes.toString(), emulator(gcs.hostPort())).generationNames())
                .hasMessageContaining(notes + " is a file, not a replica folder");
    }

    @Test
    void aLitestream05ReplicaIsNamedAsSuchRatherThanEmpty() throws Exception {
        Path replica = tmp.resolve("v05");
        Files.createDirectories(replica.resolve("ltx/0"));
        Files.write(replica.resolve("ltx/0/0000000000000001-0000000000000001.ltx"), new byte[100]);
        assertThatThrownBy(() -> catalog(replica.toString(), emulator(gcs.hostPort())).generationNames())
                .hasMessageContaining("a Litestream 0.5 replica (LTX), which has levels and TXIDs instead of "
                        + "generations: `litescope ltx -level all URL` lists them");

        gcs.put("v05", "apps/db/ltx/0/0000000000000001-0000000000000001.ltx", new byte[100]);
        assertThatThrownBy(() -> catalog("gs://v05/apps/db", emulator(gcs.hostPort())).generationNames())
                .hasMessageContaining("gs://v05/apps/db is a Litestream 0.5 replica (LTX)");
        // An empty place is still just empty.
        Files.createDirectories(tmp.resolve("empty"));
        assertThat(catalog(tmp.resolve("empty").toString(), emulator(gcs.hostPort())).generationNames()).isEmpty();
    }

    @Test
    void aMissingBucketOnTheEmulatorDoesNotBlameNoCredentials() {
        assertThatThrownBy(() -> catalog("gs://no-such-bucket/app", emulator(gcs.hostPort())).generationNames())
                .hasMessageContaining("bucket no-such-bucket does not exist on the server at")
                .hasMessageContaining(gcs.hostPort()).hasMessageNotContaining("visible to no credentials");
    }

    @Test
    void aRefusedConnectionNamesTheHost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String hostPort = "127.0.0.1:" + port;
        assertThatThrownBy(() -> catalog("gs://bucket/app", emulator(hostPort)).generationNames())
                .hasMessageContaining("cannot connect to http://" + hostPort + " (connection refused)")
                .hasMessageContaining("STORAGE_EMULATOR_HOST");
    }
}
