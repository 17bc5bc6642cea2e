package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import dev.litescope.testsupport.gcs.ObjectMeta;
import dev.litescope.testsupport.http.FakeOperations;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Building from sources as Cloud Run's {@code v2/projects/P/locations/R/builds:submit} does, served on a
 * {@link LoopbackCloudRun}, and the Cloud Build API v1 operations it returns, served on its own server under
 * {@code /cloudbuild/}. A build reads its {@code storageSource} from a {@link LoopbackGcs} (a missing object or
 * generation fails the submit as Cloud Build would), and when its operation finishes pushes the image to a
 * {@link LoopbackArtifactRegistry} with the sha256 of the sources as its digest. A build can be made to fail: its
 * operation then ends with Cloud Build's error and its log, written to the logs bucket, ends with the given lines.
 */
public final class LoopbackCloudBuild extends GoogleApiFake {
    /** The logs bucket of the fake's builds. */
    public static final String LOGS_BUCKET = "123456789.cloudbuild-logs.googleusercontent.com";
    private static final Pattern SUBMIT = Pattern.compile("/v2/(projects/([^/]+)/locations/([^/]+))/builds:submit");
    private static final Pattern OPERATION = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+/operations/[^/]+)");

    private final LoopbackGcs gcs;
    private final LoopbackArtifactRegistry registry;
    private final FakeOperations operations = new FakeOperations();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile List<String> failureLog = List.of();
    private final AtomicInteger submitted = new AtomicInteger();

    private LoopbackCloudBuild(LoopbackCloudRun run, LoopbackGcs gcs, LoopbackArtifactRegistry registry) {
        super("cloud-build", "/cloudbuild", "cloudbuild.googleapis.com");
        this.gcs = gcs;
        this.registry = registry;
        gcs.createBucket(LOGS_BUCKET);
        run.extend(this::submit);
    }

    /** Serves builds:submit on {@code run} and the build operations on a server of its own. */
    public static LoopbackCloudBuild start(LoopbackCloudRun run, LoopbackGcs gcs, LoopbackArtifactRegistry registry) {
        return new LoopbackCloudBuild(run, gcs, registry);
    }



    public void finishOperationsAfter(int polls) {
        operations.finishAfter(polls);
    }

    /** The next {@code n} builds fail, their logs ending with {@code lastLines}. */
    public void failNext(int n, List<String> lastLines) {
        failureLog = List.copyOf(lastLines);
        failures.set(n);
    }

    /** How many builds were submitted. */
    public int submitted() {
        return submitted.get();
    }


    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) {
        Matcher m = OPERATION.matcher(path);
        if (m.matches() && method.equals("GET")) {
            return operations.poll(m.group(1));
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }

    private Optional<JsonNode> submit(String method, String path, HttpCall call, byte[] body) throws IOException {
        Matcher m = SUBMIT.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (!method.equals("POST")) {
            throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
        }
        JsonNode req = LoopbackJson.MAPPER.readTree(body);
        JsonNode src = req.path("storageSource");
        String imageUri = req.path("imageUri").asText("");
        if (imageUri.isEmpty() || !(req.has("buildpackBuild") || req.has("dockerBuild"))) {
            throw new HttpError(400, "INVALID_ARGUMENT", "imageUri and one of buildpackBuild, dockerBuild are "
                    + "required");
        }
        String bucket = src.path("bucket").asText("");
        String object = src.path("object").asText("");
        Optional<ObjectMeta> meta = gcs.meta(bucket, object);
        if (meta.isEmpty() || (src.has("generation")
                && meta.get().generation() != Long.parseLong(src.path("generation").asText()))) {
            throw new HttpError(400, "INVALID_ARGUMENT", "storageSource gs://" + bucket + "/" + object + "#"
                    + src.path("generation").asText() + " does not exist");
        }
        submitted.incrementAndGet();
        String digest = "sha256:" + sha256(gcs.get(bucket, object));
        boolean fail = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        List<String> log = failureLog;
        String id = UUID.randomUUID().toString();
        ObjectNode build = LoopbackJson.MAPPER.createObjectNode();
        build.put("id", id).put("status", "QUEUED")
                .put("logUrl", "https://console.cloud.google.com/cloud-build/builds;region=" + m.group(3) + "/" + id
                        + "?project=" + m.group(2))
                .put("logsBucket", "gs://" + LOGS_BUCKET);
        ObjectNode metadata = LoopbackJson.MAPPER.createObjectNode();
        metadata.put("@type", "type.googleapis.com/google.devtools.cloudbuild.v1.BuildOperationMetadata");
        metadata.set("build", build);
        ObjectNode op = operations.start(m.group(1), metadata, done -> finish(done, id, imageUri, digest, fail, log));
        ObjectNode answer = LoopbackJson.MAPPER.createObjectNode();
        answer.set("buildOperation", op);
        answer.put("baseImageUri", "us-central1-docker.pkg.dev/serverless-runtimes/google-22/runtimes/java17");
        return Optional.of(answer);
    }

    private void finish(ObjectNode done, String id, String imageUri, String digest, boolean fail, List<String> log) {
        ObjectNode build = (ObjectNode) done.path("metadata").path("build");
        String text = "starting build \"" + id + "\"\n" + String.join("\n", log) + "\n";
        gcs.put(LOGS_BUCKET, "log-" + id + ".txt", text.getBytes(StandardCharsets.UTF_8));
        if (fail) {
            build.put("status", "FAILURE");
            done.putObject("error").put("code", 2).put("message", "Build failed; check build logs for details");
            return;
        }
        registry.push(imageUri, digest);
        build.put("status", "SUCCESS");
        ObjectNode response = build.deepCopy();
        response.put("@type", "type.googleapis.com/google.devtools.cloudbuild.v1.Build");
        response.putObject("results").putArray("images").addObject().put("name", imageUri).put("digest", digest);
        done.set("response", response);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
