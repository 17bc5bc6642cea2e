package dev.litescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import dev.litescope.testsupport.http.LoopbackJson;
import dev.litescope.testsupport.run.DeployFakes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code litescope deploy} run through the command line's entry point against the loopback fakes of every API,
 * reached by gcloud's endpoint overrides, with no credentials.
 */
class DeployCommandTest {
    private static final String[] ARGS = {"deploy", "--project", "my-project", "--region", "europe-west1",
        "--bucket", "my-replicas"};
    private DeployFakes fakes;

    @BeforeEach
    void start() {
        fakes = DeployFakes.start();
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(fakes.env());
        env.put("STORAGE_EMULATOR_HOST", "");
        env.put(DeployCommand.POLL_INTERVAL, "0");
        return env;
    }

    private ProcResult deploy(String... more) {
        List<String> args = new ArrayList<>(List.of(ARGS));
        args.addAll(List.of(more));
        return Litescope.run(env(), args.toArray(String[]::new));
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.lines().toList()) {
            lines.add(LoopbackJson.MAPPER.readTree(l));
        }
        return lines;
    }

    @Test
    void jsonPrintsOneObjectPerStepThenTheUrlAndASecondRunFindsEverything() throws Exception {
        ProcResult r = deploy("--json", "--yes", "--public");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonNode> lines = lines(r.stdout());
        assertThat(lines).hasSize(8);
        assertThat(lines.subList(0, 7)).extracting(l -> l.path("step").asText() + " " + l.path("state").asText())
                .containsExactly("apis created", "bucket created", "service-account created", "repository created",
                        "image created", "service created", "public-access updated");
        assertThat(lines.subList(0, 7)).allSatisfy(l -> assertThat(l.path("detail").asText()).isNotBlank());
        assertThat(lines.get(7).path("url").asText()).isEqualTo("https://litestream-sample-abc123-uc.a.run.app");
        assertThat(fakes.run.service("projects/my-project/locations/europe-west1/services/litestream-sample")
                .orElseThrow().path("template").path("scaling").path("maxInstanceCount").asInt()).isEqualTo(1);

        ProcResult again = deploy("--json", "--public");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(lines(again.stdout()).subList(0, 7)).extracting(l -> l.path("state").asText())
                .containsOnly("exists");
    }

    @Test
    void aDryRunShowsWhatItWouldDoAndTheServiceJsonAndCreatesNothing() {
        for (String api : List.of("run", "cloudbuild", "artifactregistry", "storage", "iam", "logging")) {
            fakes.serviceUsage.enable("my-project", api + ".googleapis.com");
        }
        ProcResult r = deploy("--dry-run", "--replica-path", "apps/guestbook");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("1/7 apis            will-create would enable monitoring.googleapis.com\n",
                "2/7 bucket          will-create would create gs://my-replicas in europe-west1",
                "7/7 public-access   skipped     not public",
                "The Service JSON (validated by Cloud Run; nothing was created):",
                "\"maxInstanceCount\": 1", "gcs://my-replicas/apps/guestbook",
                "The service does not exist yet.");
        assertThat(fakes.gcs.bucketInsert("my-replicas")).isEmpty();
        assertThat(fakes.iam.requests()).allMatch(q -> q.method().equals("GET"));
        assertThat(fakes.build.submitted()).isZero();
    }

    @Test
    void withoutYesOnAStdinThatIsNotATerminalItShowsThePlanAndRefusesToCreateAnything() {
        ProcResult r = deploy();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).contains("1/7 apis            will-create", "6/7 service         will-create");
        assertThat(r.stderr()).contains("stdin is not a terminal: pass --yes", "(nothing was created)");
        assertThat(fakes.serviceUsage.requests()).allMatch(q -> q.startsWith("GET "));
        assertThat(fakes.gcs.bucketInsert("my-replicas")).isEmpty();
        assertThat(fakes.run.service("projects/my-project/locations/europe-west1/services/litestream-sample"))
                .isEmpty();
    }

    @Test
    void aRefusalShowsTheFailedStepAndNamesThePermissionAndTheRole() throws Exception {
        fakes.iam.denyWrites("iam.serviceAccounts.create");
        ProcResult r = deploy("--json", "--yes");
        assertThat(r.exitCode()).isEqualTo(1);
        List<JsonNode> lines = lines(r.stdout());
        assertThat(lines).extracting(l -> l.path("state").asText()).containsExactly("created", "created", "failed");
        assertThat(lines.get(2).path("detail").asText()).contains("lacks iam.serviceAccounts.create",
                "roles/iam.serviceAccountAdmin");
        assertThat(r.stderr()).startsWith("error: step 3/7 (service-account) failed: the runtime service account and "
                + "its access to the bucket: permission denied for the caller")
                .contains("roles/iam.serviceAccountAdmin");
    }

    @Test
    void theHelpListsEveryOptionAndTheCommandListsDeploy() {
        ProcResult help = Litescope.run("deploy", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("--project=PROJECT", "--region=REGION", "--bucket=BUCKET",
                "--replica-path=PATH", "--service=NAME", "--public", "--dry-run", "--json", "--yes",
                "guestbook", "litestream-sample");
        assertThat(Litescope.run("--help").stdout()).contains("deploy ");
    }

    @Test
    void badInputNamesTheValueAndWhatItMustBe() {
        ProcResult r = deploy("--yes", "--service", "Not_A_Service");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("not a usable service: Not_A_Service");
        assertThat(fakes.serviceUsage.requests()).isEmpty();
        Map<String, String> env = env();
        env.put(DeployCommand.POLL_INTERVAL, "soon");
        ProcResult poll = Litescope.run(env, "deploy", "--project", "my-project", "--region", "europe-west1",
                "--bucket", "b-b-b", "--yes");
        assertThat(poll.stderr()).contains("LITESCOPE_POLL_INTERVAL_MS must be a whole number of milliseconds");
    }
}
