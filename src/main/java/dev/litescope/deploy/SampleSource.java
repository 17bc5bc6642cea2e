package dev.litescope.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The sample app's sources as the zip a deploy uploads for Cloud Build: {@code deploy-sample/app}, which travels in
 * the jar under {@code /sample/app/} (build output left out by the build). The zip is the same bytes for the same
 * sources (entries sorted, times fixed), so its hash names the sources: a second deploy of unchanged sources finds
 * its upload and its image already there.
 */
public final class SampleSource {
    private SampleSource() {
    }

    private static final String RESOURCE = "/sample/app";
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /**
     * The zipped sources.
     *
     * @param sha256     of the zip's bytes, in hex
     * @param dockerfile whether the sources hold a Dockerfile at their top (a Docker build, not buildpacks)
     */
    public record Zip(byte[] bytes, String sha256, boolean dockerfile, int files) {
        /** The first 12 hex digits of the hash: short enough for a tag, long enough not to collide. */
        public String shortHash() {
            return sha256.substring(0, 12);
        }
    }

    /** The bundled sources, zipped. */
    public static Zip bundled() throws IOException {
        URL url = SampleSource.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the sample app's sources (" + RESOURCE + ") are missing from the jar; rebuild "
                    + "Litescope with mvn package");
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("cannot read the sample app's sources at " + url, e);
        }
        if (!"jar".equals(uri.getScheme())) {
            return zip(Path.of(uri));
        }
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        } catch (FileSystemAlreadyExistsException e) {
            fs = FileSystems.getFileSystem(uri);
        }
        try {
            return zip(fs.getPath(RESOURCE));
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }

    /** {@code dir}'s files, zipped with paths relative to it; any {@code target} folder is left out. */
    public static Zip zip(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !isBuildOutput(dir.relativize(p)))
                    .sorted((a, b) -> name(dir, a).compareTo(name(dir, b)))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("the sample app's sources at " + dir + " hold no files; rebuild Litescope");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean dockerfile = false;
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path f : files) {
                String name = name(dir, f);
                dockerfile |= name.equals("Dockerfile");
                ZipEntry e = new ZipEntry(name);
                e.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(e);
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
        }
        byte[] bytes = out.toByteArray();
        return new Zip(bytes, sha256(bytes), dockerfile, files.size());
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            String s = part.toString();
            if (s.equals("target") || s.startsWith("target-")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path dir, Path f) {
        return dir.relativize(f).toString().replace('\\', '/');
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
