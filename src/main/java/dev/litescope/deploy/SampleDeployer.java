package dev.litescope.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.cloud.CloudRefusals;
import dev.litescope.cloud.GoogleApi;
import dev.litescope.cloud.GoogleApiException;
import dev.litescope.cloud.IamPolicies;
import dev.litescope.deploy.DeployStep.Listener;
import dev.litescope.deploy.DeployStep.Report;
import dev.litescope.deploy.DeployStep.State;
import dev.litescope.deploy.DeployStep.Step;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the bundled sample to Cloud Run in seven steps, each idempotent, so that deploying again after a failure
 * (or over a deployed service) resumes and creates nothing twice: the APIs, the replica bucket, the runtime service
 * account with {@code roles/storage.objectAdmin} on that bucket only, the Artifact Registry repository, the image
 * (built from the sources only when no image of the same sources exists), the service (created, or updated only
 * when it differs), and public access when asked. A dry run reads what exists, has Cloud Run validate the exact
 * Service JSON ({@code validateOnly}) and creates nothing. Each step is reported to a {@link Listener}.
 */
public final class SampleDeployer {
    private static final Logger log = LoggerFactory.getLogger(SampleDeployer.class);

    /** The APIs a deploy and a monitor use. */
    static final List<GoogleApi> NEEDED_APIS = List.of(GoogleApi.RUN, GoogleApi.CLOUDBUILD,
            GoogleApi.ARTIFACTREGISTRY, GoogleApi.STORAGE, GoogleApi.IAM, GoogleApi.LOGGING, GoogleApi.MONITORING);
    static final String OBJECT_ADMIN = "roles/storage.objectAdmin";

    /**
     * What to deploy.
     *
     * @param replicaPath where in the bucket the sidecar replicates
     * @param makePublic  whether anyone may invoke the service ({@code allUsers} → {@code roles/run.invoker})
     * @param dryRun      read and validate only; create nothing
     */
    public record Request(String project, String region, String bucket, String replicaPath, String service,
                         boolean makePublic, boolean dryRun) {
        /** The runtime account's id: the service's name, made to fit IAM's 6 to 30 characters. */
        public String accountId() {
            String id = service.length() > 30 ? service.substring(0, 30) : service;
            id = id.replaceAll("-+$", "");
            while (id.length() < 6) {
                id += "-run";
            }
            return id;
        }

        public String serviceAccount() {
            return IamClient.email(accountId(), project);
        }

        /** The image's repository path, without tag or digest. */
        public String imageRepository() {
            return region + "-docker.pkg.dev/" + project + "/" + ArtifactRegistryClient.SOURCE_DEPLOY_REPOSITORY + "/"
                    + service;
        }

        /** The bucket Cloud Run's source deploys upload to, as gcloud names it. */
        public String sourcesBucket() {
            return "run-sources-" + project + "-" + region;
        }

        /** The values for the service definition; checked, so bad input is refused before any call. */
        SampleService.Values values(String image) {
            SampleService.Values v = new SampleService.Values(project, region, service, bucket, replicaPath,
                    serviceAccount(), image);
            v.byPlaceholder();
            return v;
        }
    }

    /**
     * How it went.
     *
     * @param url     the service's URL, once it exists
     * @param service the exact Service JSON sent (or, in a dry run, that would be sent)
     */
    public record Result(List<Report> steps, Optional<String> url, ObjectNode service) {
    }

    /** A step failed; the deploy stopped there. Its message says what to do. */
    public static final class Failed extends IOException {
        private final Report report;

        Failed(Report report, Throwable cause) {
            super("step " + (report.step().ordinal() + 1) + "/" + Step.values().length + " (" + report.step()
                    .wireName() + ") failed: " + report.detail(), cause);
            this.report = report;
        }

        public Report report() {
            return report;
        }
    }

    private interface Body {
        Report run() throws IOException, InterruptedException;
    }

    private final DeployClients clients;

    public SampleDeployer(DeployClients clients) {
        this.clients = clients;
    }

    /**
     * Runs (or, with {@link Request#dryRun}, previews) the deploy.
     *
     * @throws Failed                   when a step fails (reported to the listener first)
     * @throws IllegalArgumentException when a value of the request cannot be used, before any call is made
     */
    public Result deploy(Request r, Listener listener) throws IOException, InterruptedException {
        r.values(r.imageRepository() + ":checked");
        SampleSource.Zip source = SampleSource.bundled();
        List<Report> reports = new ArrayList<>();
        Run run = new Run(r, listener, reports);
        run.step(Step.APIS, List.of(), () -> apis(r, run));
        run.step(Step.BUCKET, List.of(GoogleApi.STORAGE), () -> bucket(r));
        run.step(Step.SERVICE_ACCOUNT, List.of(GoogleApi.IAM, GoogleApi.STORAGE), () -> serviceAccount(r));
        run.step(Step.REPOSITORY, List.of(GoogleApi.ARTIFACTREGISTRY), () -> repository(r));
        ImageStep image = new ImageStep(clients, r, source);
        run.step(Step.IMAGE, List.of(GoogleApi.ARTIFACTREGISTRY, GoogleApi.STORAGE, GoogleApi.CLOUDBUILD,
                GoogleApi.RUN), image::run);
        ServiceStep service = new ServiceStep(clients.run(), r, SampleService.build(r.values(image.image())));
        run.step(Step.SERVICE, List.of(GoogleApi.RUN), service::run);
        run.step(Step.PUBLIC_ACCESS, List.of(), () -> publicAccess(r, service.exists()));
        return new Result(List.copyOf(reports), service.url(), service.definition());
    }

    private final class Run {
        final Request request;
        final Listener listener;
        final List<Report> reports;
        /** The needed APIs step 1 found off; in a dry run the steps that use them cannot look. */
        List<GoogleApi> off = List.of();

        Run(Request request, Listener listener, List<Report> reports) {
            this.request = request;
            this.listener = listener;
            this.reports = reports;
        }

        void step(Step step, List<GoogleApi> uses, Body body) throws IOException, InterruptedException {
            listener.started(step);
            Report report;
            List<GoogleApi> unusable = uses.stream().filter(off::contains).toList();
            try {
                report = request.dryRun() && !unusable.isEmpty()
                        ? new Report(step, State.WILL_CREATE, "would create it: not looked up, as "
                                + String.join(", ", unusable.stream().map(GoogleApi::serviceName).toList())
                                + (unusable.size() == 1 ? " is" : " are") + " not enabled yet")
                        : body.run();
            } catch (GoogleApiException e) {
                log.info("deploy step {} failed", step.wireName(), e);
                throw fail(new Report(step, State.FAILED, CloudRefusals.explain(step.title(), e, clients.account(),
                        request.project())), e);
            } catch (IOException e) {
                log.info("deploy step {} failed", step.wireName(), e);
                throw fail(new Report(step, State.FAILED, e.getMessage()), e);
            }
            log.debug("deploy step {}: {} {}", step.wireName(), report.state(), report.detail());
            reports.add(report);
            listener.finished(report);
        }

        private Failed fail(Report report, Exception cause) {
            reports.add(report);
            listener.finished(report);
            return new Failed(report, cause);
        }
    }

    private Report apis(Request r, Run run) throws IOException, InterruptedException {
        List<GoogleApi> off = clients.serviceUsage().notEnabled(r.project(), NEEDED_APIS);
        run.off = off;
        String names = String.join(", ", off.stream().map(GoogleApi::serviceName).toList());
        if (off.isEmpty()) {
            return new Report(Step.APIS, State.EXISTS, "all " + NEEDED_APIS.size() + " APIs are enabled");
        }
        if (r.dryRun()) {
            return new Report(Step.APIS, State.WILL_CREATE, "would enable " + names);
        }
        clients.serviceUsage().enable(r.project(), off);
        return new Report(Step.APIS, State.CREATED, "enabled " + names);
    }

    private Report bucket(Request r) throws IOException, InterruptedException {
        Optional<JsonNode> b = clients.storage().getBucket(r.bucket());
        String where = "gs://" + r.bucket();
        if (b.isPresent()) {
            return new Report(Step.BUCKET, State.EXISTS, where + " (location " + b.get().path("location").asText("?")
                    + ")");
        }
        if (r.dryRun()) {
            return new Report(Step.BUCKET, State.WILL_CREATE, "would create " + where + " in " + r.region()
                    + " with uniform bucket-level access");
        }
        boolean created = CloudRefusals.createUnlessExists(() -> clients.storage().createBucket(r.project(),
                r.bucket(), r.region()));
        return new Report(Step.BUCKET, created ? State.CREATED : State.EXISTS, (created ? "created " : "") + where
                + " in " + r.region() + ", uniform bucket-level access");
    }

    private Report serviceAccount(Request r) throws IOException, InterruptedException {
        String email = r.serviceAccount();
        String member = "serviceAccount:" + email;
        boolean exists = clients.iam().getServiceAccount(r.project(), email).isPresent();
        if (r.dryRun()) {
            boolean granted = exists && clients.storage().getBucket(r.bucket()).isPresent()
                    && IamPolicies.grants(clients.storage().getIamPolicy(r.bucket()), OBJECT_ADMIN, member);
            String grant = OBJECT_ADMIN + " on gs://" + r.bucket();
            return !exists ? new Report(Step.SERVICE_ACCOUNT, State.WILL_CREATE, "would create " + email
                    + " and grant it " + grant)
                    : granted ? new Report(Step.SERVICE_ACCOUNT, State.EXISTS, email + " has " + grant)
                    : new Report(Step.SERVICE_ACCOUNT, State.WILL_CHANGE, "would grant " + email + " " + grant);
        }
        boolean created = !exists && CloudRefusals.createUnlessExists(() -> clients.iam().createServiceAccount(
                r.project(), r.accountId(), "Litestream sample (" + r.service() + ")", "Runs Cloud Run service "
                        + r.service() + "; may write its Litestream replica in gs://" + r.bucket() + " only"));
        boolean granted = grantOnBucket(r, member, created);
        State state = created ? State.CREATED : granted ? State.UPDATED : State.EXISTS;
        return new Report(Step.SERVICE_ACCOUNT, state, email + (created ? " created" : "")
                + (granted ? ", granted " : " has ") + OBJECT_ADMIN + " on gs://" + r.bucket() + " only");
    }

    /** How often, and how long after the first, a grant naming a new account is tried while IAM spreads it. */
    static final int NEW_ACCOUNT_ATTEMPTS = 6;
    static final Duration NEW_ACCOUNT_WAIT = Duration.ofSeconds(2);

    /**
     * Grants the bucket role. An account created a moment ago may not be known everywhere yet: Cloud Storage then
     * answers 400 "does not exist", and the grant is tried again after 2, 4, 8, ... seconds.
     */
    private boolean grantOnBucket(Request r, String member, boolean accountIsNew) throws IOException,
            InterruptedException {
        Duration wait = NEW_ACCOUNT_WAIT;
        for (int attempt = 1; ; attempt++) {
            try {
                return clients.storage().grant(r.bucket(), OBJECT_ADMIN, member);
            } catch (GoogleApiException e) {
                boolean unknown = e.httpStatus() == 400 && String.valueOf(e.getMessage()).contains("does not exist");
                if (!accountIsNew || !unknown || attempt >= NEW_ACCOUNT_ATTEMPTS) {
                    throw e;
                }
                log.info("{} is not known to Cloud Storage yet; trying again in {} s", member, wait.toSeconds());
                clients.sleeper().sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private Report repository(Request r) throws IOException, InterruptedException {
        String repo = ArtifactRegistryClient.SOURCE_DEPLOY_REPOSITORY;
        String where = repo + " in " + r.region();
        if (clients.registry().getRepository(r.project(), r.region(), repo).isPresent()) {
            return new Report(Step.REPOSITORY, State.EXISTS, where);
        }
        if (r.dryRun()) {
            return new Report(Step.REPOSITORY, State.WILL_CREATE, "would create the Docker repository " + where);
        }
        boolean created = CloudRefusals.createUnlessExists(() -> clients.registry().createRepository(r.project(),
                r.region(), repo));
        return new Report(Step.REPOSITORY, created ? State.CREATED : State.EXISTS, (created ? "created " : "")
                + "the Docker repository " + where);
    }

    private Report publicAccess(Request r, boolean serviceExists) throws IOException, InterruptedException {
        if (!r.makePublic()) {
            return new Report(Step.PUBLIC_ACCESS, State.SKIPPED, "not public: only callers granted roles/run.invoker "
                    + "may invoke it (pass --public to let anyone)");
        }
        String name = CloudRunClient.serviceName(r.project(), r.region(), r.service());
        if (r.dryRun()) {
            boolean open = serviceExists && IamPolicies.grants(clients.run().getIamPolicy(name), "roles/run.invoker",
                    "allUsers");
            return new Report(Step.PUBLIC_ACCESS, open ? State.EXISTS : State.WILL_CHANGE, open ? "anyone may "
                    + "invoke it" : "would let anyone invoke it (allUsers → roles/run.invoker)");
        }
        boolean changed = clients.run().allowPublicAccess(name);
        return new Report(Step.PUBLIC_ACCESS, changed ? State.UPDATED : State.EXISTS, changed ? "anyone may invoke "
                + "it now (allUsers → roles/run.invoker)" : "anyone may invoke it");
    }
}
