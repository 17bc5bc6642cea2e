package dev.litescope.replica.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who Litescope runs as, and what it says when it has no credentials. The credentials lookup runs in a child
 * process whose environment has none: it must never probe the metadata server, so NO_GCE_CHECK is set and the
 * metadata host points at a closed loopback port.
 */
class GcsCredentialsTest {
    @TempDir
    Path home;

    @Test
    void withoutCredentialsItSaysHowToLogIn() throws Exception {
        Process p = launcher(Map.of(), "generations", "gcs://some-bucket/db");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("no Google Cloud credentials found")
                .contains("gcloud auth application-default login").contains("GOOGLE_APPLICATION_CREDENTIALS");
    }

    @Test
    void aKeyFileThatIsNotOneIsExplained() throws Exception {
        Path key = Files.writeString(home.resolve("key.json"), "{\"type\": \"service_account\"}");
        Process p = launcher(Map.of("GOOGLE_APPLICATION_CREDENTIALS", key.toString()), "snapshots", "gs://b/db");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err).contains("no Google Cloud credentials found").contains("gcloud auth application-default login");
    }

    @Test
    void aServiceAccountIsNamedInMessages() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ServiceAccountCredentials sa = ServiceAccountCredentials.fromPkcs8("1234",
                "restorer@proj.iam.gserviceaccount.com",
                pem, "kid", List.of());
        assertThat(GcsObjectStore.describe(sa)).isEqualTo("service account restorer@proj.iam.gserviceaccount.com");
    }

    private Process launcher(Map<String, String> extra, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.litescope.app.Launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GOOGLE_") || k.startsWith("CLOUDSDK_") || k.startsWith("GCE_")
                || k.equals("STORAGE_EMULATOR_HOST") || k.equals("DEVSHELL_CLIENT_PORT"));
        env.put("HOME", home.toString());
        env.put("CLOUDSDK_CONFIG", home.resolve("gcloud").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("NO_GCE_CHECK", "true");
        env.put("GCE_METADATA_HOST", "127.0.0.1:1");
        env.put("GCE_METADATA_IP", "127.0.0.1:1");
        env.putAll(extra);
        return pb.start();
    }
}
