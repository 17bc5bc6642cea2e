package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample app's sources as the zip a deploy uploads: what it holds, what it leaves out, the same bytes twice. */
class SampleSourceTest {
    private static List<String> names(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void theBundledSourcesHoldTheAppsBuildAndCodeButNoBuildOutput() throws Exception {
        SampleSource.Zip zip = SampleSource.bundled();
        List<String> names = names(zip.bytes());
        assertThat(names).contains("Dockerfile", "pom.xml", "src/main/java/dev/litescope/guestbook/Main.java")
                .noneMatch(n -> n.startsWith("target/"));
        assertThat(names).isSorted();
        assertThat(zip.dockerfile()).isTrue();
        assertThat(zip.files()).isEqualTo(names.size());
        assertThat(zip.sha256()).matches("[0-9a-f]{64}");
        assertThat(SampleSource.bundled().bytes()).isEqualTo(zip.bytes());
    }

    @Test
    void inAJarTheSourcesZipToTheSameBytesAsFromAFolder(@TempDir Path dir) throws Exception {
        Path folder = Path.of(SampleSource.class.getResource("/sample/app").toURI());
        Path jar = dir.resolve("app.jar");
        try (FileSystem fs = FileSystems.newFileSystem(jar, Map.of("create", "true"));
             Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = fs.getPath("/sample/app/" + folder.relativize(f).toString().replace('\\', '/'));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        try (FileSystem fs = FileSystems.newFileSystem(jar)) {
            assertThat(SampleSource.zip(fs.getPath("/sample/app")).bytes()).isEqualTo(SampleSource.zip(folder)
                    .bytes());
        }
    }

    @Test
    void buildOutputIsLeftOutAndTheHashFollowsTheContent(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/A.java"), "class A {}");
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Files.createDirectories(dir.resolve("target/classes"));
        Files.writeString(dir.resolve("target/classes/A.class"), "x");
        SampleSource.Zip first = SampleSource.zip(dir);
        assertThat(names(first.bytes())).containsExactly("pom.xml", "src/A.java");
        assertThat(first.dockerfile()).isFalse();
        Files.setLastModifiedTime(dir.resolve("pom.xml"), FileTime.fromMillis(0));
        assertThat(SampleSource.zip(dir).sha256()).isEqualTo(first.sha256());
        Files.writeString(dir.resolve("src/A.java"), "class A { }");
        assertThat(SampleSource.zip(dir).sha256()).isNotEqualTo(first.sha256());
    }
}
