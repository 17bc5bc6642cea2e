package dev.litescope.sql;

import dev.litescope.replica.ObjectStoreException;
import dev.litescope.replica.Replica;
import dev.litescope.replica.ReplicaOptions;
import dev.litescope.replica.ReplicaUrl;
import dev.litescope.replica.Replicas;
import dev.litescope.restore.Plan;
import dev.litescope.restore.Progress;
import dev.litescope.restore.RestoreException;
import dev.litescope.restore.RestoreOptions;
import dev.litescope.restore.RestoreResult;
import dev.litescope.restore.RestoreTarget;
import dev.litescope.restore.any.AnyRestore;
import dev.litescope.util.Cancellation;
import dev.litescope.util.GoTime;
import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Replica moments restored for querying, kept in the cache so that asking the same moment again costs nothing:
 * {@code litescope query URL@TIME} and the timeline's "Query this moment" both come here. Each moment is restored
 * once, by the restore engine (so with its checks, into a temporary file moved into place; from the Litestream 0.3
 * generations or the 0.5 LTX files, as {@code FormatChoice} picks for a timestamp), into a file named by
 * the replica URL and the moment, under {@code UserDirs.cache(env)/restores}; later calls find the file and reuse
 * it. A moment in the past names one state of the replica for good, since Litestream never rewrites what it has
 * uploaded; a moment still to come would change as the replica grows, so it is restored again each time.
 */
public final class RestoredMoments {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Map<String, String> env;

    /**
     * @param env the environment the replica is opened with (credentials, emulator, object cache settings)
     */
    public RestoredMoments(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** The user's cache of restored moments. */
    public static RestoredMoments standard(Map<String, String> env) {
        return new RestoredMoments(UserDirs.cache(env).resolve("restores"), env);
    }

    /** A replica at a moment: the state as of {@code at}, in the generation a latest restore would choose. */
    public record Moment(String url, Instant at) {
        /**
         * {@code URL@RFC3339}, such as {@code gs://bucket/db@2026-11-27T20:29:44Z}, split at its last {@code @};
         * empty when the text is not one.
         */
        public static Optional<Moment> parse(String text) {
            int at = text.lastIndexOf('@');
            if (at <= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Moment(text.substring(0, at), GoTime.parseRfc3339(text.substring(at + 1))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return url + "@" + GoTime.rfc3339Nano(at);
        }
    }

    /** A restored moment: its file, and whether this call restored it or found it in the cache. */
    public record Restored(Moment moment, Path file, boolean reused) {
    }

    /** Where {@code moment} is (or will be) kept: one file per replica URL and moment. */
    public Path fileFor(Moment moment) {
        String url = ReplicaUrl.parse(moment.url()).toString();
        String key = url + "\n" + moment.at();
        String name = url.replaceAll("/+$", "");
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || name.length() > 60) {
            name = "replica";
        }
        return dir.resolve(name + "-" + STAMP.format(moment.at()) + "-" + sha256(key).substring(0, 16) + ".db");
    }

    /**
     * The file holding {@code moment}: the cached one, or a new restore of it.
     *
     * @throws RestoreException when the replica has no state at that moment (it is older than the first
     *     snapshot), or it cannot be restored; the message says which and what to do
     */
    public Restored restore(Moment moment, Progress.Listener listener, Cancellation cancel)
            throws RestoreException, ObjectStoreException, IOException, Cancellation.CancelledException {
        Path file = fileFor(moment);
        boolean settled = moment.at().isBefore(Instant.now());
        if (settled && Files.isRegularFile(file)) {
            SqlDatabase.LOG.debug("{} is cached at {}", moment, file);
            return new Restored(moment, file, true);
        }
        Replica replica = Replicas.open(ReplicaUrl.parse(moment.url()), ReplicaOptions.fromEnvironment(env, true));
        Plan plan = AnyRestore.plan(replica, new RestoreTarget.Timestamp(Optional.empty(), moment.at()));
        RestoreOptions options = RestoreOptions.defaults().withForce(!settled);
        try {
            RestoreResult result = AnyRestore.restore(replica, plan, file, options, listener, cancel);
            SqlDatabase.LOG.info("restored {} into {}: {}", moment, result.output(), plan.summary());
            return new Restored(moment, result.output(), false);
        } catch (RestoreException e) {
            if (settled && Files.isRegularFile(file)) {
                return new Restored(moment, file, true); // another process restored it meanwhile
            }
            throw e;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
