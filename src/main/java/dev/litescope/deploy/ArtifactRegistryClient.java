package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.ApiEndpoint;
import dev.litescope.cloud.GoogleHttp;
import dev.litescope.cloud.Lookups;
import dev.litescope.cloud.OperationPoller;
import dev.litescope.cloud.RetryPolicy;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The Artifact Registry API v1 calls a deploy makes: the Docker repository Cloud Run's source deploys push to
 * (read, and created as a long-running operation), and the digest a tag of an image points at.
 */
public final class ArtifactRegistryClient {
    /** The repository {@code gcloud run deploy --source} uses; the deploy pushes to the same one. */
    public static final String SOURCE_DEPLOY_REPOSITORY = "cloud-run-source-deploy";

    private final GoogleHttp http;
    private final ApiEndpoint endpoint;
    private final OperationPoller poller;
    private final RetryPolicy retry;

    /** @param poller polls this API's operations ({@code v1/projects/P/locations/R/operations/ID}) */
    public ArtifactRegistryClient(GoogleHttp http, ApiEndpoint endpoint, OperationPoller poller, RetryPolicy retry) {
        this.http = http;
        this.endpoint = endpoint;
        this.poller = poller;
        this.retry = retry;
    }

    private static String repository(String project, String region, String repository) {
        return "projects/" + project + "/locations/" + region + "/repositories/" + repository;
    }

    /** The repository, or empty when there is none. */
    public Optional<JsonNode> getRepository(String project, String region, String repository)
            throws IOException, InterruptedException {
        return ifFound("v1/" + repository(project, region, repository));
    }

    /** Creates the Docker repository and waits for its operation. */
    public void createRepository(String project, String region, String repository) throws IOException,
            InterruptedException {
        String url = endpoint.url("v1/projects/" + project + "/locations/" + region + "/repositories?repositoryId="
                + repository);
        Map<String, String> body = Map.of("format", "DOCKER",
                "description", "Cloud Run source deployments (made by Litescope, as gcloud run deploy --source does)");
        JsonNode op = retry.runIo(() -> http.postJson(url, body, JsonNode.class));
        poller.await("create repository " + repository + " in " + region, op);
    }

    /**
     * The digest ({@code sha256:...}) the tag {@code tag} of image {@code image} points at, or empty when the
     * repository has no such tag.
     */
    public Optional<String> tagDigest(String project, String region, String repository, String image, String tag)
            throws IOException, InterruptedException {
        String pkg = image.replace("/", "%2F");
        return ifFound("v1/" + repository(project, region, repository) + "/packages/" + pkg + "/tags/" + tag)
                .map(t -> t.path("version").asText(""))
                .map(v -> v.substring(v.lastIndexOf('/') + 1))
                .filter(d -> d.startsWith("sha256:"));
    }

    private Optional<JsonNode> ifFound(String path) throws IOException, InterruptedException {
        return Lookups.getIfExists(http, retry, endpoint.url(path));
    }
}
