package dev.litescope.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled service definitions have the shape the spec asks for, avoiding each fault of the original sample;
 * with gcloud on the machine, its offline parser accepts the Knative YAML.
 */
class ServiceDefinitionTest {
    static final Path SAMPLE = Path.of("deploy-sample");

    @TempDir
    Path tmp;

    @Test
    void theV2ServiceHasTheSidecarShape() throws Exception {
        JsonObject service = JsonParser.parseString(Files.readString(SAMPLE.resolve("service.json"))).getAsJsonObject();
        JsonObject t = service.getAsJsonObject("template");
        assertThat(t.get("serviceAccount").getAsString()).as("a dedicated account, attached")
                .isEqualTo("${SERVICE_ACCOUNT}");
        assertThat(t.getAsJsonObject("scaling").get("maxInstanceCount").getAsInt()).as("one writer").isEqualTo(1);
        assertThat(t.get("executionEnvironment").getAsString()).isEqualTo("EXECUTION_ENVIRONMENT_GEN2");
        JsonObject volume = t.getAsJsonArray("volumes").get(0).getAsJsonObject();
        assertThat(volume.getAsJsonObject("emptyDir").get("medium").getAsString()).isEqualTo("MEMORY");

        JsonObject app = container(t, "app");
        JsonObject sidecar = container(t, "litestream");
        assertThat(sidecar.get("image").getAsString()).as("pinned: 0.5 cannot continue a 0.3 replica")
                .isEqualTo("docker.io/litestream/litestream:0.3.13");
        assertThat(app.getAsJsonArray("dependsOn").get(0).getAsString()).as("the app starts after the restore")
                .isEqualTo("litestream");
        assertThat(sidecar.getAsJsonObject("startupProbe").getAsJsonObject("tcpSocket").get("port").getAsInt())
                .isEqualTo(9090);
        assertThat(sidecar.getAsJsonObject("resources").get("cpuIdle").getAsBoolean()).isFalse();
        String script = String.join(" ", strings(sidecar.getAsJsonArray("command")))
                + String.join(" ", strings(sidecar.getAsJsonArray("args")));
        assertThat(script).contains("-if-replica-exists").contains("-if-db-not-exists")
                .contains("exec litestream replicate")
                .contains("gcs://${BUCKET}/${REPLICA_PATH}").contains(":9090");
        assertThat(app.getAsJsonArray("ports").get(0).getAsJsonObject().get("containerPort").getAsInt())
                .isEqualTo(8080);
        assertThat(app.toString()).contains("DB_PATH").contains("/data/db.sqlite");
    }

    @Test
    void theKnativeYamlUsesAnnotationsForWhatV2SaysInFields() throws Exception {
        String yaml = Files.readString(SAMPLE.resolve("service.yaml"));
        assertThat(yaml).contains("run.googleapis.com/container-dependencies: '{\"app\":[\"litestream\"]}'")
                .contains("autoscaling.knative.dev/maxScale: '1'")
                        .contains("run.googleapis.com/cpu-throttling: 'false'")
                .contains("serviceAccountName: ${SERVICE_ACCOUNT}").contains("docker.io/litestream/litestream:0.3.13")
                .doesNotContainPattern("(?m)^\\s+dependsOn:");
    }

    @Test
    void gcloudParsesTheYamlOffline() throws Exception {
        Path gcloud = Path.of("/usr/bin/gcloud");
        Assumptions.assumeTrue(Files.isExecutable(gcloud) || onPath("gcloud"), "gcloud is not installed");
        String yaml = Files.readString(SAMPLE.resolve("service.yaml"));
        for (Map.Entry<String, String> e : Map.of("${PROJECT}", "demo-project", "${REGION}", "us-central1",
                "${BUCKET}", "demo-bucket", "${REPLICA_PATH}", "guestbook", "${SERVICE}", "litestream-sample",
                "${IMAGE}", "us-central1-docker.pkg.dev/demo-project/cloud-run-source-deploy/litestream-sample",
                "${SERVICE_ACCOUNT}", "litestream-sample@demo-project.iam.gserviceaccount.com").entrySet()) {
            yaml = yaml.replace(e.getKey(), e.getValue());
        }
        Path file = Files.writeString(tmp.resolve("service.yaml"), yaml);
        ProcessBuilder pb = new ProcessBuilder("gcloud", "run", "services", "replace", "--dry-run",
                "--region=us-central1", "--project=demo-project", file.toString()).redirectErrorStream(true);
        // No account, no metadata server, no update check: the YAML is parsed locally before any network call.
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CLOUDSDK_") || k.startsWith("GOOGLE_"));
        env.put("CLOUDSDK_CONFIG", tmp.resolve("gcloud").toString());
        env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
        env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
        env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
        env.put("GCE_METADATA_HOST", "127.0.0.1:1");
        env.put("GCE_METADATA_IP", "127.0.0.1:1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        System.out.println("gcloud run services replace --dry-run: " + out.strip());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).doesNotContain("Failed to parse").doesNotContain("Unknown field")
                .doesNotContain("is not a valid");
        if (p.exitValue() != 0) {
            // Parsing passed; it stopped where it would need an account.
            assertThat(out.toLowerCase()).containsAnyOf("account", "credential", "login");
        }
    }

    private static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject container(JsonObject template, String name) {
        for (JsonElement c : template.getAsJsonArray("containers")) {
            if (c.getAsJsonObject().get("name").getAsString().equals(name)) {
                return c.getAsJsonObject();
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }
}
