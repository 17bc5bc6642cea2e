package dev.litescope.replica.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.litescope.replica.ObjectInfo;
import dev.litescope.replica.ObjectStoreException;
import dev.litescope.testsupport.gcs.LoopbackGcs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gcloud's CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE reaches the loopback GCS server, with no credentials. */
class GcsEndpointOverrideTest extends LoopbackBucketTest {

    private static GcsSettings overridden(String value) {
        return GcsSettings.fromEnvironment(Map.of("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", value))
                .withRetry(GcsObjectStoreTest.FAST);
    }

    @Test
    void gcloudsStorageOverrideIsReadWithOrWithoutTheVersionPath() throws Exception {
        byte[] data = "over the override".getBytes(StandardCharsets.UTF_8);
        gcs.put("bkt", "ovr/one", data);
        for (String value : new String[] {gcs.endpoint(), gcs.endpoint() + "/", gcs.endpoint() + "/storage/v1/"}) {
            GcsSettings settings = overridden(value);
            GcsCredentials.require(settings);
            GcsObjectStore store = GcsObjectStore.connect("bkt", settings);
            assertThat(store.endpoint()).as(value).isEqualTo(gcs.endpoint());
            assertThat(store.account()).isEqualTo("no credentials (CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE is set)");
            ObjectInfo o = store.list("ovr/", false).objects().get(0);
            assertThat(store.readAll(o)).isEqualTo(data);
        }
        assertThat(gcs.requests())
                .filteredOn(r -> r.kind() == LoopbackGcs.Kind.LIST && r.rawQuery().startsWith("prefix=ovr"))
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.path()).isEqualTo("/storage/v1/b/bkt/o"))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
    }

    @Test
    void aMissingBucketNamesTheOverrideAsWhereItWasLooked() throws Exception {
        GcsObjectStore store = GcsObjectStore.connect("no-such-bucket", overridden(gcs.endpoint()));
        assertThatThrownBy(() -> store.list("", true)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("bucket no-such-bucket does not exist on the server at " + gcs.endpoint()
                        + " (CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE)");
    }

    @Test
    void anUnusableOverrideIsRefusedBeforeAnyRequest() {
        GcsSettings bad = overridden("storage.example:443");
        assertThatThrownBy(() -> GcsObjectStore.connect("bkt", bad)).isInstanceOf(ObjectStoreException.class)
                .hasMessageStartingWith("cannot reach Cloud Storage: CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE="
                        + "storage.example:443 cannot be used for storage.googleapis.com");
        assertThatThrownBy(() -> GcsCredentials.require(bad)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE");
    }

    @Test
    void theEmulatorHostStillComesFirst() throws Exception {
        GcsSettings both = GcsSettings.fromEnvironment(Map.of("STORAGE_EMULATOR_HOST", gcs.hostPort(),
                "CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE", "http://127.0.0.1:1/"));
        assertThat(both.endpoint().root()).hasToString(gcs.endpoint() + "/");
        assertThat(GcsObjectStore.connect("bkt", both).list("", true)).isNotNull();
    }
}
