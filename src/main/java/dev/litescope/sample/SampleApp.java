package dev.litescope.sample;

import dev.litescope.util.UserDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/** The sample's app jar, which the build bundles inside Litescope and this extracts to the user's cache. */
public final class SampleApp {
    static final String RESOURCE = "/sample/guestbook.jar";

    private SampleApp() {
    }

    public static Path jar(Map<String, String> env) throws IOException {
        try (InputStream in = SampleApp.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("this build of Litescope does not bundle the sample app; build it with "
                        + "`mvn -q -B -f deploy-sample/app/pom.xml package` and pass --app-jar "
                        + "deploy-sample/app/target/guestbook.jar");
            }
            byte[] data = in.readAllBytes();
            Path dir = UserDirs.cache(env).resolve("sample");
            Path jar = dir.resolve("guestbook-" + Integer.toHexString(Arrays.hashCode(data)) + ".jar");
            if (!Files.exists(jar) || Files.size(jar) != data.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".guestbook", ".tmp");
                Files.write(tmp, data);
                Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        }
    }
}
