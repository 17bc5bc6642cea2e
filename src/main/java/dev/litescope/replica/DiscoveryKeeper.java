package dev.litescope.replica;

import dev.litescope.util.Cancellation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each discovery's {@link DiscoveryState} for the next discovery of the same URL to refresh from: in memory
 * for as long as this object lives (the app's session), and on disk in the cache folder ({@link DiscoveryState#file}),
 * where a later run finds it. {@code litescope databases} and the app's connections search both go through here, so
 * they read and write the same files the same way.
 *
 * <p>A kept state is used only when it is of the same URL, readable, and taken less than {@link #MAX_AGE} ago:
 * a refresh cannot see an object removed from the middle of a replica's folder, so a full listing now and then
 * bounds how long such a change goes unseen. Otherwise everything is listed, and the words say why; the new state
 * then replaces the file, so a damaged one is never read twice. Every method lists or reads files: never call them
 * on a UI thread.
 */
public final class DiscoveryKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryKeeper.class);

    /** How old a kept state may be and still be refreshed from. */
    public static final Duration MAX_AGE = Duration.ofHours(24);

    private final Optional<Path> cacheDir;
    private final Clock clock;
    private final Map<String, DiscoveryState> kept = new ConcurrentHashMap<>();

    /**
     * @param cacheDir the cache folder whose {@code discovery/} holds the states; empty to keep them in memory only
     * @param clock    what "now" is, for the age of a kept state
     */
    public DiscoveryKeeper(Optional<Path> cacheDir, Clock clock) {
        this.cacheDir = cacheDir;
        this.clock = clock;
    }

    /** Everything listed, the state kept (in memory and on disk). */
    public Discovery.Refreshed full(Discovery discovery, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        return keep(discovery.findKeeping(cancellation));
    }

    /**
     * Lists only what can have changed since the state kept for the discovery's URL (this session's, else the one
     * on disk), or everything when no usable state is kept, saying why in {@link Discovery.Refreshed#listed}; keeps
     * the new state either way.
     */
    public Discovery.Refreshed refresh(Discovery discovery, Cancellation cancellation)
            throws ObjectStoreException, InterruptedException {
        String url = discovery.searched().url().toString();
        DiscoveryState previous = kept.get(url);
        String why = "";
        if (previous == null && cacheDir.isPresent()) {
            try {
                previous = DiscoveryState.read(cacheDir.get(), url).orElse(null);
            } catch (DiscoveryState.Unusable e) {
                LOG.warn("{}; listing {} in full and replacing it", e.getMessage(), url, e);
                why = e.getMessage() + ", and is replaced by this listing";
            }
        }
        if (previous != null) {
            why = staleness(previous);
        } else if (why.isEmpty()) {
            why = "no listing of " + url + " is kept yet (each search keeps one)";
        }
        if (!why.isEmpty()) {
            LOG.info("listing {} in full: {}", url, why);
            Discovery.Refreshed r = discovery.findKeeping(cancellation);
            // The reason first: it is what a shortened line shows.
            return keep(new Discovery.Refreshed(r.found(), r.state(), why + ", so " + r.listed()));
        }
        return keep(discovery.refresh(previous, cancellation));
    }

    /** Why {@code previous} is too old (or from the future) to refresh from; empty when it is not. */
    private String staleness(DiscoveryState previous) {
        Instant now = clock.instant();
        if (previous.taken().isAfter(now)) {
            return "the kept listing of " + previous.url() + " is dated " + previous.taken() + ", after now ("
                    + now + ")";
        }
        Duration age = Duration.between(previous.taken(), now);
        if (age.compareTo(MAX_AGE) > 0) {
            return "the kept listing of " + previous.url() + " is from " + previous.taken() + ", more than "
                    + MAX_AGE.toHours() + " hours ago (a full listing now and then sees what a refresh cannot)";
        }
        return "";
    }

    private Discovery.Refreshed keep(Discovery.Refreshed r) {
        kept.put(r.state().url(), r.state());
        cacheDir.ifPresent(r.state()::save);
        return r;
    }
}
