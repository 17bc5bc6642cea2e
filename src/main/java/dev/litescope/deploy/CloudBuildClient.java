package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import dev.litescope.util.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * Building an image from uploaded sources without Docker, as {@code gcloud run deploy --source} does: Cloud Run's
 * {@code v2/projects/P/locations/R/builds:submit} starts a Cloud Build, whose operation (a Cloud Build API v1
 * operation) is polled until the build is done; the finished build names the image's digest. A failed build is
 * reported with its log URL and the last lines of its log, read from the build's logs bucket.
 */
public final class CloudBuildClient {
    /** How many of a failed build's last log lines a failure shows. */
    static final int LOG_LINES = 15;

    /** Where the sources are: an uploaded zip, at one generation. */
    public record StorageSource(String bucket, String object, long generation) {
    }

    /** The build failed; the message holds its log URL and last lines. */
    public static final class BuildFailed extends IOException {
        private final String logUrl;
        private final List<String> lastLines;

        BuildFailed(String message, String logUrl, List<String> lastLines) {
            super(message);
            this.logUrl = logUrl;
            this.lastLines = List.copyOf(lastLines);
        }

        public String logUrl() {
            return logUrl;
        }

        public List<String> lastLines() {
            return lastLines;
        }
    }

    private final GoogleHttp runHttp;
    private final ApiEndpoint run;
    private final OperationPoller buildOperations;
    private final StorageAdminClient storage;
    private final RetryPolicy retry;

    /**
     * @param run             where Cloud Run is reached (builds:submit is a Cloud Run call)
     * @param buildOperations polls Cloud Build's operations ({@code v1/projects/P/locations/R/operations/ID})
     * @param storage         reads a failed build's log
     */
    public CloudBuildClient(GoogleHttp runHttp, ApiEndpoint run, OperationPoller buildOperations,
                            StorageAdminClient storage, RetryPolicy retry) {
        this.runHttp = runHttp;
        this.run = run;
        this.buildOperations = buildOperations;
        this.storage = storage;
        this.retry = retry;
    }

    /**
     * Starts a build of {@code source} into {@code imageUri} and returns the Cloud Build operation (not waited
     * for: see {@link #awaitDigest}).
     *
     * @param dockerfile whether the sources hold a Dockerfile (a Docker build), else a buildpack build
     */
    public JsonNode submit(String project, String region, StorageSource source, String imageUri, boolean dockerfile)
            throws IOException, InterruptedException {
        ObjectNode body = JsonMapper.MAPPER.createObjectNode();
        body.putObject("storageSource").put("bucket", source.bucket()).put("object", source.object())
                .put("generation", String.valueOf(source.generation()));
        body.put("imageUri", imageUri);
        body.putObject(dockerfile ? "dockerBuild" : "buildpackBuild");
        String url = run.url("v2/projects/" + project + "/locations/" + region + "/builds:submit");
        JsonNode answer = retry.runIo(() -> runHttp.postJson(url, body, JsonNode.class));
        JsonNode op = answer.path("buildOperation");
        if (!op.path("name").isTextual()) {
            throw new IOException("builds:submit for " + imageUri + " answered without a buildOperation: " + answer);
        }
        return op;
    }

    /**
     * Waits for the build and returns the digest ({@code sha256:...}) of the image it pushed.
     *
     * @throws BuildFailed when the build failed, with its log URL and last log lines
     */
    public String awaitDigest(String imageUri, JsonNode operation) throws IOException, InterruptedException {
        JsonNode build;
        try {
            build = buildOperations.await("build " + imageUri, operation);
        } catch (OperationPoller.OperationFailed e) {
            throw failed(imageUri, e.lastRead().path("metadata").path("build"), e.error().message());
        }
        if (!"SUCCESS".equals(build.path("status").asText("SUCCESS"))) {
            throw failed(imageUri, build, build.path("statusDetail").asText(build.path("status").asText()));
        }
        for (JsonNode image : build.path("results").path("images")) {
            String digest = image.path("digest").asText("");
            if (digest.startsWith("sha256:")) {
                return digest;
            }
        }
        throw new IOException("the build of " + imageUri + " finished but named no image digest (build "
                + build.path("id").asText("?") + ", log " + build.path("logUrl").asText("?") + ")");
    }

    private BuildFailed failed(String imageUri, JsonNode build, String why) throws InterruptedException {
        String logUrl = build.path("logUrl").asText("");
        String bucket = build.path("logsBucket").asText("").replaceFirst("^gs://", "");
        String id = build.path("id").asText("");
        List<String> lines = bucket.isEmpty() || id.isEmpty() ? List.of()
                : storage.tail(bucket, "log-" + id + ".txt", LOG_LINES);
        StringBuilder m = new StringBuilder("the build of " + imageUri + " failed: " + why);
        m.append(logUrl.isEmpty() ? "" : "; its log: " + logUrl);
        if (!lines.isEmpty()) {
            m.append("\nIts last lines:");
            lines.forEach(l -> m.append("\n  ").append(l));
        }
        return new BuildFailed(m.toString(), logUrl, lines);
    }
}
