package dev.litescope.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.testsupport.Litescope;
import dev.litescope.testsupport.ProcResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the sample tests check at the end: the entry ids a replica restores to, through Litescope's restore. */
final class SampleReplicas {
    private SampleReplicas() {
    }

    /** Restores the latest state of {@code replica} into {@code dir} and returns its entry ids. */
    static Set<Long> restoredIds(Path dir, String replica, Map<String, String> env) throws Exception {
        Path out = dir.resolve("restored-" + System.nanoTime() + ".db");
        Map<String, String> all = new HashMap<>(env);
        all.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        ProcResult r = Litescope.run(all, "restore", "-o", out.toString(), replica);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return ids(out);
    }

    static Set<Long> ids(Path db) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?immutable=1");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM entries")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
