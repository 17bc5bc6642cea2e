package dev.litescope.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The shared client's read buffers: 256 KiB unless the user gave {@code jdk.httpclient.bufsize}, set before the
 * client is made (the JDK reads the property once, when its first client starts).
 */
class GoogleHttpBuffersTest {
    @Test
    void theSharedClientReadsInBuffersOfAQuarterMebibyteUnlessTheUserSizedThem() {
        String before = System.getProperty(GoogleHttp.READ_BUFFER_PROPERTY);
        assertThat(GoogleHttp.sharedClient()).isNotNull();
        assertThat(System.getProperty(GoogleHttp.READ_BUFFER_PROPERTY))
                .isEqualTo(before != null ? before : Integer.toString(256 * 1024));
    }
}
