package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.GoogleApiException;
import dev.litescope.deploy.DeployStep.Report;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.deploy.DeployStep.Step;
import java.io.IOException;
import java.util.Optional;

/**
 * Step 5 of a deploy, the app image. The image is tagged with the hash of its sources, so that an image already
 * built from the same sources is found (the tag names its digest) and not built again; otherwise the zip is
 * uploaded (unless an earlier, failed, run uploaded it), built with Cloud Run's builds:submit, and the digest read
 * from the finished build. The service then pins the image by that digest.
 */
final class ImageStep {
    private final DeployClients clients;
    private final SampleDeployer.Request r;
    private final SampleSource.Zip zip;
    private String image;

    ImageStep(DeployClients clients, SampleDeployer.Request r, SampleSource.Zip zip) {
        this.clients = clients;
        this.r = r;
        this.zip = zip;
    }

    /**
     * The image the service runs: by digest once found or built, else (in a dry run, before it is built) by the
     * tag a build would give it.
     */
    String image() {
        return image != null ? image : r.imageRepository() + ":" + tag();
    }

    String tag() {
        return "source-" + zip.shortHash();
    }

    String object() {
        return "services/" + r.service() + "/source-" + zip.sha256() + ".zip";
    }

    Report run() throws IOException, InterruptedException {
        String repo = r.imageRepository();
        Optional<String> built = clients.registry().tagDigest(r.project(), r.region(),
                ArtifactRegistryClient.SOURCE_DEPLOY_REPOSITORY, r.service(), tag());
        if (built.isPresent()) {
            image = repo + "@" + built.get();
            return new Report(Step.IMAGE, State.EXISTS, image + ", built before from these sources (" + tag() + ")");
        }
        String where = "gs://" + r.sourcesBucket() + "/" + object();
        if (r.dryRun()) {
            image = repo + ":" + tag();
            return new Report(Step.IMAGE, State.WILL_CREATE, "would upload the sources (" + zip.files() + " files, "
                    + Math.max(1, zip.bytes().length / 1024) + " KiB) to " + where + " and build " + image);
        }
        if (clients.storage().getBucket(r.sourcesBucket()).isEmpty()) {
            CloudRefusals.createUnlessExists(() -> clients.storage().createBucket(r.project(), r.sourcesBucket(),
                    r.region()));
        }
        Optional<JsonNode> uploaded = clients.storage().getObject(r.sourcesBucket(), object());
        boolean reused = uploaded.isPresent();
        JsonNode object = reused ? uploaded.get() : upload();
        String tagged = repo + ":" + tag();
        JsonNode op = clients.builds().submit(r.project(), r.region(), new CloudBuildClient.StorageSource(
                r.sourcesBucket(), object(), object.path("generation").asLong()), tagged, zip.dockerfile());
        String digest = clients.builds().awaitDigest(tagged, op);
        image = repo + "@" + digest;
        return new Report(Step.IMAGE, State.CREATED, "built " + image + " from " + where
                + (reused ? " (uploaded by an earlier run)" : ""));
    }

    private JsonNode upload() throws IOException, InterruptedException {
        try {
            return clients.storage().upload(r.sourcesBucket(), object(), "application/zip", zip.bytes());
        } catch (GoogleApiException e) {
            if (e.httpStatus() != 412) {
                throw e;
            }
            // Someone uploaded the same sources in between: the name is their hash, so theirs will do.
            return clients.storage().getObject(r.sourcesBucket(), object()).orElseThrow(() -> e);
        }
    }
}
