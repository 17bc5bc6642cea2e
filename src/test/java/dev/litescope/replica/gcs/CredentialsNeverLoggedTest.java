package dev.litescope.replica.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.litescope.cli.Cli;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.replica.ObjectInfo;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.util.LogFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With --debug on, requests carrying a bearer token (a fake one, sent to the loopback server) succeed and fail,
 * and neither the token nor an Authorization header reaches the log, stderr or an error message.
 */
class CredentialsNeverLoggedTest {
    static final String TOKEN = "ya29.a0-fake-token-that-must-never-be-logged-7f3c";
    LoopbackGcs gcs;
    ListAppender<ILoggingEvent> logged;
    ByteArrayOutputStream stderr;
    PrintStream realErr;

    @BeforeEach
    void start() {
        gcs = LoopbackGcs.start();
        gcs.put("bkt", "db/generations/0000000000000001/wal/00000000_00000000.wal.lz4", new byte[4000]);
        logged = new ListAppender<>();
        logged.start();
        root().addAppender(logged);
        realErr = System.err;
        stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(realErr);
        root().detachAppender(logged);
        LogFiles.configureCommandLine(false);
        gcs.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void noTokenInTheLogOrOnTheConsole() throws Exception {
        // What --debug sets, through the command line itself: its request lines must show up.
        StringWriter cliErr = new StringWriter();
        int code = Cli.run(new String[] {"generations", "--debug", "gs://bkt/db"}, new PrintWriter(new StringWriter()),
                new PrintWriter(cliErr), Clock.systemUTC(), Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(),
                        "LITESCOPE_CACHE_MAX_MB", "0"));
        assertThat(code).as(cliErr.toString()).isZero();

        GoogleCredentials fake = GoogleCredentials.create(new AccessToken(TOKEN,
                new Date(System.currentTimeMillis() + 3_600_000)));
        GcsSettings settings = new GcsSettings(Optional.of(gcs.hostPort()), Optional.empty(),
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)));
        GcsObjectStore store = new GcsObjectStore(new GoogleHttp(Optional.of(fake), Duration.ofSeconds(10)),
                settings.endpoint(), "bkt", settings, Optional.empty());
        ObjectInfo o = store.list("db/", false).objects().get(0);
        store.readAll(o);
        StringBuilder messages = new StringBuilder();
        gcs.failNext(1, 401, LoopbackGcs.Kind.LIST);
        assertThatThrownBy(() -> store.list("db/", true)).satisfies(e -> messages.append(e).append('\n'));
        gcs.deny("storage.objects.get");
        assertThatThrownBy(() -> store.readAll(o)).satisfies(e -> messages.append(e).append('\n'));
        gcs.clearFaults();
        gcs.resetConnectionMidBody(LoopbackGcs.Kind.MEDIA, 2);
        assertThatThrownBy(() -> store.readAll(o)).satisfies(e -> messages.append(e).append('\n'));

        // The token did travel: the test would prove nothing otherwise.
        assertThat(gcs.requests()).anyMatch(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")));

        StringBuilder log = new StringBuilder();
        for (ILoggingEvent e : logged.list) {
            log.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                log.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        String everything = log + "\n" + stderr.toString(StandardCharsets.UTF_8) + "\n" + cliErr + "\n" + messages;
        assertThat(log).contains("GET " + gcs.endpoint() + "/storage/v1/b/bkt/o?prefix=").contains(" 200 in ")
                .contains(" 401 in ").contains("/iam/testPermissions");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("GET " + gcs.endpoint());
        assertThat(everything).doesNotContain(TOKEN).doesNotContain("ya29.").doesNotContainIgnoringCase("authorization")
                .doesNotContain("Bearer");
    }

    @Test
    void secretsInAQueryAreMasked() {
        assertThat(GoogleHttp.redact("https://h/upload?uploadType=resumable&upload_id=ADPyc4&key=AIzaSy1&x=1"))
                .isEqualTo("https://h/upload?uploadType=resumable&upload_id=***&key=***&x=1");
        assertThat(GoogleHttp.redact("https://h/o?access_token=ya29.abc#frag"))
                .isEqualTo("https://h/o?access_token=***#frag");
    }
}
