package dev.litescope.testsupport.run;

import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.util.Map;

/**
 * Every loopback fake a deploy talks to, started together, and the environment that points Litescope (and
 * gcloud) at them: Service Usage, Cloud Storage (with bucket IAM), IAM, Artifact Registry, Cloud Run (with service
 * IAM and builds:submit), Cloud Build's operations and Resource Manager's project search.
 */
public final class DeployFakes implements AutoCloseable {
    public final LoopbackServiceUsage serviceUsage = LoopbackServiceUsage.start();
    public final LoopbackGcs gcs = LoopbackGcs.start();
    public final LoopbackIam iam = LoopbackIam.start();
    public final LoopbackArtifactRegistry registry = LoopbackArtifactRegistry.start();
    public final LoopbackCloudRun run = LoopbackCloudRun.start();
    public final RunServiceIam runIam = RunServiceIam.on(run);
    public final LoopbackCloudBuild build = LoopbackCloudBuild.start(run, gcs, registry);
    public final LoopbackResourceManager projects = LoopbackResourceManager.start();

    public static DeployFakes start() {
        return new DeployFakes();
    }

    /** CLOUDSDK_API_ENDPOINT_OVERRIDES_* for each fake. */
    public Map<String, String> env() {
        return Map.of(
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE", serviceUsage.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", gcs.endpoint() + "/",
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAM", iam.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_ARTIFACTREGISTRY", registry.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN", run.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDBUILD", build.endpoint(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER", projects.endpoint());
    }

    @Override
    public void close() {
        projects.close();
        build.close();
        run.close();
        registry.close();
        iam.close();
        gcs.close();
        serviceUsage.close();
    }
}
