package dev.litescope.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litescope.util.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sample's Service definition, bundled in the jar and filled in. */
class SampleServiceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final SampleService.Values VALUES = new SampleService.Values("my-proj", "europe-west1",
            "guestbook", "my-bucket", "guestbook/db", "litescope-sample@my-proj.iam.gserviceaccount.com",
            "europe-west1-docker.pkg.dev/my-proj/cloud-run-source-deploy/guestbook@" + DIGEST);

    private static ObjectNode source() throws Exception {
        return (ObjectNode) JsonMapper.MAPPER.readTree(Files.readString(Path.of("deploy-sample", "service.json")));
    }

    @Test
    void theBundledDefinitionIsTheSampleFilledIn() throws Exception {
        ObjectNode s = SampleService.build(VALUES);
        assertThat(s).isEqualTo(SampleService.build(source(), VALUES));
        assertThat(s.toString()).doesNotContain("${");
        assertThat(s.path("name").asText()).isEqualTo("projects/my-proj/locations/europe-west1/services/guestbook");
        JsonNode t = s.path("template");
        assertThat(t.path("serviceAccount").asText()).isEqualTo("litescope-sample@my-proj.iam.gserviceaccount.com");
        assertThat(t.path("scaling").path("maxInstanceCount").asInt()).isEqualTo(1);
        assertThat(t.path("containers").get(0).path("image").asText()).endsWith("/guestbook@" + DIGEST);
        assertThat(t.path("containers").get(1).path("image").asText())
                .isEqualTo("docker.io/litestream/litestream:0.3.13");
        assertThat(t.path("containers").get(1).toString()).contains("url: gcs://my-bucket/guestbook/db");
    }

    @Test
    void theDefinitionGivenIsLeftAsItWas() throws Exception {
        ObjectNode before = source();
        SampleService.build(before, VALUES);
        assertThat(before).isEqualTo(source());
    }

    @Test
    void moreThanOneInstanceIsRefused() throws Exception {
        ObjectNode d = source();
        ((ObjectNode) d.path("template").path("scaling")).put("maxInstanceCount", 3);
        assertThatThrownBy(() -> SampleService.build(d, VALUES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Litestream supports one writer");
    }

    @Test
    void valuesThatCouldBreakTheSidecarScriptOrAnUnfilledPlaceholderAreRefused() throws Exception {
        SampleService.Values injected = new SampleService.Values("my-proj", "europe-west1", "guestbook",
                "my-bucket\nEOF\nrm -rf /", "db", VALUES.serviceAccount(), VALUES.image());
        assertThatThrownBy(() -> SampleService.build(source(), injected)).hasMessageStartingWith(
                "not a usable bucket: ");
        SampleService.Values upper = new SampleService.Values("my-proj", "europe-west1", "Guestbook", "my-bucket",
                "db", VALUES.serviceAccount(), VALUES.image());
        assertThatThrownBy(() -> SampleService.build(source(), upper)).hasMessageStartingWith("not a usable service");
        ObjectNode d = source();
        d.put("description", "${OWNER}'s guestbook");
        assertThatThrownBy(() -> SampleService.build(d, VALUES))
                .hasMessageContaining("placeholder ${OWNER} that nothing fills in");
    }
}
