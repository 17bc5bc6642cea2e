package dev.litescope.testsupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.testsupport.http.FakeOperations;
import dev.litescope.testsupport.http.GoogleApiFake;
import dev.litescope.testsupport.http.HttpCall;
import dev.litescope.testsupport.http.HttpError;
import dev.litescope.testsupport.http.LoopbackJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Artifact Registry API v1: repositories (get, create with {@code repositoryId} as an operation that
 * finishes after a set number of polls, 409 ALREADY_EXISTS), the operations, and the tags of a repository's
 * images, which a finished build {@linkplain #push pushes}. Served under {@code /artifactregistry/}.
 */
public final class LoopbackArtifactRegistry extends GoogleApiFake {
    private static final Pattern REPOSITORIES = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+)/repositories");
    private static final Pattern REPOSITORY = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+/repositories/"
            + "[^/]+)");
    private static final Pattern TAG = Pattern.compile(REPOSITORY.pattern() + "/packages/([^/]+)/tags/([^/]+)");
    private static final Pattern OPERATION = Pattern.compile("/v1/(projects/[^/]+/locations/[^/]+/operations/[^/]+)");
    /** An image in a repository: REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[:TAG]. */
    private static final Pattern IMAGE = Pattern.compile("([a-z0-9-]+)-docker\\.pkg\\.dev/([^/]+)/([^/]+)/([^:@]+)"
            + "(?::([A-Za-z0-9._-]+))?");

    private final Map<String, ObjectNode> repositories = new LinkedHashMap<>();
    /** repository name + "/packages/" + image + "/tags/" + tag → digest. */
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final FakeOperations operations = new FakeOperations();

    private LoopbackArtifactRegistry() {
        super("artifact-registry", "/artifactregistry", "artifactregistry.googleapis.com");
    }

    public static LoopbackArtifactRegistry start() {
        return new LoopbackArtifactRegistry();
    }




    public void finishOperationsAfter(int polls) {
        operations.finishAfter(polls);
    }

    public synchronized Optional<JsonNode> repository(String name) {
        return Optional.ofNullable(repositories.get(name)).map(JsonNode::deepCopy);
    }

    /**
     * Records that {@code imageUri} ({@code REGION-docker.pkg.dev/P/REPO/IMAGE:TAG}) was pushed with
     * {@code digest}; refused when its repository does not exist, as a real push would be.
     */
    public synchronized void push(String imageUri, String digest) {
        Matcher m = IMAGE.matcher(imageUri);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an Artifact Registry image: " + imageUri);
        }
        String repo = "projects/" + m.group(2) + "/locations/" + m.group(1) + "/repositories/" + m.group(3);
        if (!repositories.containsKey(repo)) {
            throw new IllegalStateException("name unknown: repository " + repo + " does not exist");
        }
        String pkg = m.group(4).replace("/", "%2F");
        tags.put(repo + "/packages/" + pkg + "/tags/" + (m.group(5) == null ? "latest" : m.group(5)), digest);
    }


    @Override
    protected synchronized JsonNode route(String method, String path, HttpCall call, byte[] body) throws IOException {
        Matcher m;
        if ((m = OPERATION.matcher(path)).matches() && method.equals("GET")) {
            return operations.poll(m.group(1));
        }
        if ((m = TAG.matcher(path)).matches() && method.equals("GET")) {
            String name = m.group(1) + "/packages/" + m.group(2) + "/tags/" + m.group(3);
            String digest = tags.get(name);
            if (digest == null) {
                throw new HttpError(404, "NOT_FOUND", "Requested entity was not found.");
            }
            ObjectNode t = LoopbackJson.MAPPER.createObjectNode();
            t.put("name", name);
            t.put("version", m.group(1) + "/packages/" + m.group(2) + "/versions/" + digest);
            return t;
        }
        if ((m = REPOSITORY.matcher(path)).matches() && method.equals("GET")) {
            return Optional.ofNullable(repositories.get(m.group(1))).<JsonNode>map(JsonNode::deepCopy).orElseThrow(() ->
                    new HttpError(404, "NOT_FOUND", "Requested entity was not found."));
        }
        if ((m = REPOSITORIES.matcher(path)).matches() && method.equals("POST")) {
            String id = call.param("repositoryId");
            if (id == null) {
                throw new HttpError(400, "INVALID_ARGUMENT", "repositoryId is required");
            }
            JsonNode req = LoopbackJson.MAPPER.readTree(body);
            if (!"DOCKER".equals(req.path("format").asText())) {
                throw new HttpError(400, "INVALID_ARGUMENT", "format must be DOCKER for this fake");
            }
            String name = m.group(1) + "/repositories/" + id;
            if (repositories.containsKey(name)) {
                throw new HttpError(409, "ALREADY_EXISTS", "the repository already exists");
            }
            ObjectNode metadata = LoopbackJson.MAPPER.createObjectNode();
            metadata.put("@type", "type.googleapis.com/google.devtools.artifactregistry.v1.OperationMetadata");
            return operations.start(m.group(1), metadata, done -> {
                ObjectNode repo = LoopbackJson.MAPPER.createObjectNode();
                repo.put("name", name).put("format", "DOCKER").put("description",
                        req.path("description").asText(""));
                synchronized (this) {
                    repositories.put(name, repo);
                }
                done.set("response", repo.deepCopy()
                        .put("@type", "type.googleapis.com/google.devtools.artifactregistry.v1.Repository"));
            });
        }
        throw new HttpError(404, "NOT_FOUND", "no such method: " + method + " " + path);
    }
}
