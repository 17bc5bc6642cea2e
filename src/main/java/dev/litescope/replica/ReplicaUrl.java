package dev.litescope.replica;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Where a replica lives, parsed from what a user types: {@code file:///abs/dir} or a plain path for a local
 * replica, {@code gcs://bucket/path} (Litestream 0.3's form) or {@code gs://bucket/path} (0.5's and gsutil's).
 */
public sealed interface ReplicaUrl {

    /** The replica type name Litestream prints in its listings for a replica given by URL. */
    String typeName();

    /**
     * The URL of a folder below this one, as Discovery finds replicas: {@code relative} is a key path below this
     * URL's own (slashes, no leading one; a trailing one is ignored); empty gives this URL.
     */
    default ReplicaUrl below(String relative) {
        String clean = cleanKeyPrefix(relative);
        if (clean.isEmpty()) {
            return this;
        }
        if (this instanceof Gcs g) {
            return new Gcs(g.scheme(), g.bucket(), g.root().isEmpty() ? clean : g.root() + "/" + clean);
        }
        return new Local(((Local) this).dir().resolve(clean).normalize());
    }

    record Local(Path dir) implements ReplicaUrl {
        @Override
        public String typeName() {
            return "file";
        }

        @Override
        public String toString() {
            return dir.toUri().toString();
        }
    }

    /**
     * @param root the key prefix of the replica inside the bucket: the URL path without its leading slash,
     *             cleaned like Go's {@code path.Clean}; empty for the bucket's top.
     */
    record Gcs(String scheme, String bucket, String root) implements ReplicaUrl {
        @Override
        public String typeName() {
            return "gcs";
        }

        @Override
        public String toString() {
            return scheme + "://" + bucket + (root.isEmpty() ? "" : "/" + root);
        }
    }

    static ReplicaUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("replica URL is empty; give file:///path/to/replica, a folder path, "
                    + "or gcs://bucket/path");
        }
        int colon = text.indexOf("://");
        if (colon < 0) {
            if (!looksLikePath(text)) {
                throw new IllegalArgumentException("not a replica URL: " + text + "; give a folder path (/var/lib/"
                        + "replica, or ./" + text.strip() + " for a folder here), file:///path/to/replica, or "
                        + "gs://bucket/path");
            }
            String t = text.strip();
            Path path = t.equals("~") || t.startsWith("~/")
                    ? Path.of(System.getProperty("user.home")).resolve(t.substring(Math.min(2, t.length())))
                    : Path.of(t);
            return new Local(path.toAbsolutePath().normalize());
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (text.substring(colon + 3).isBlank()) {
            throw new IllegalArgumentException("not a valid replica URL: " + text + " names nothing after \""
                    + scheme + "://\"; write " + (scheme.equals("file") ? "file:///path/to/replica"
                    : scheme + "://my-bucket or " + scheme + "://my-bucket/path"));
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            int at = firstIllegal(text);
            String where = at >= 0
                    ? "the character '" + text.charAt(at) + "' at position " + (at + 1) + " cannot be in a URL"
                    : "it is not a well-formed URL: " + e.getReason().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("not a valid replica URL: " + text + " (" + where + "); write "
                    + "file:///path/to/replica, a folder path, or gs://bucket/path");
        }
        switch (scheme) {
            case "file":
                if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()
                        && !uri.getAuthority().equals("localhost")) {
                    throw new IllegalArgumentException("file URL must name a local absolute path, as in "
                            + "file:///var/lib/replica (three slashes): " + text);
                }
                return new Local(Path.of(uri.getPath()).toAbsolutePath().normalize());
            case "gcs":
            case "gs":
                String bucket = uri.getHost();
                if (bucket == null || bucket.isEmpty()) {
                    throw new IllegalArgumentException("bucket name required in " + text
                            + " (as in gcs://my-bucket/path/to/db)");
                }
                return new Gcs(scheme, bucket, cleanKeyPrefix(uri.getPath()));
            default:
                throw new IllegalArgumentException("unsupported replica URL scheme '" + scheme + "' in " + text
                        + "; use file://, gcs:// or gs://");
        }
    }

    /**
     * Whether text without a scheme reads as a folder path: absolute, explicitly relative, or with a folder in it.
     * A lone word ("replica", "hello world") or a mistyped URL ("gs:/bucket") is not taken as a folder under the
     * working directory, which would only fail later as an empty replica.
     */
    private static boolean looksLikePath(String text) {
        String t = text.strip();
        if (t.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !t.matches("^[A-Za-z]:[\\\\/].*")) {
            return false; // a scheme with a colon but without "//": a URL typed wrong, not a path (C:\ aside)
        }
        return t.startsWith("/") || t.startsWith(".") || t.startsWith("~") || t.contains("/")
                || t.contains(File.separator);
    }

    /** The position of the first character a URL cannot hold unescaped, or -1. */
    private static int firstIllegal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || "\"<>\\^`{|}".indexOf(c) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Go's path.Clean on the URL path without its leading slash, with "." meaning the bucket's top. */
    static String cleanKeyPrefix(String path) {
        if (path == null) {
            return "";
        }
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
