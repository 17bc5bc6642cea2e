package dev.litescope.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every loopback fake's server does with a failing handler and with ranges of stored bytes. */
class LoopbackHttpServerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<InputStream> get(LoopbackHttpServer server, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void anErrorBeforeTheHeadersIsAnswered500AndTheServerServesOn() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start("failing", 0, call -> {
            throw new OutOfMemoryError("planted: no room for the body");
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                HttpResponse<InputStream> r = get(server, "/body");
                assertThat(r.statusCode()).isEqualTo(500);
                // The server serves on after the failure.
                HttpResponse<InputStream> again = get(server, "/body");
                assertThat(again.statusCode()).isEqualTo(500);
            });
        }
    }

    @Test
    void anErrorAfterTheHeadersCutsTheBodyShortInsteadOfLeavingTheClientWaiting() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start("failing", 0, call -> {
            call.sendHalf(200, new byte[1 << 20], 0, 1 << 20, n -> { });
            throw new OutOfMemoryError("planted: no room for the rest of the body");
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                HttpResponse<InputStream> r = get(server, "/body");
                assertThat(r.statusCode()).isEqualTo(200);
                try (InputStream in = r.body()) {
                    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
                }
            });
        }
    }

    @Test
    void aRangeOfStoredBytesIsSentAsItIsInSlices() throws Exception {
        byte[] data = new byte[(5 << 20) + 123];
        new Random(7).nextBytes(data);
        try (LoopbackHttpServer server = LoopbackHttpServer.start("ranges", 0,
                call -> call.send(206, data, 1000, data.length - 1001))) {
            HttpResponse<InputStream> r = get(server, "/object");
            try (InputStream in = r.body()) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, data.length - 1));
            }
        }
    }

    @Test
    void aLimitedRatePacesEachBodyAndSendsItWhole() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(8).nextBytes(data);
        try (LoopbackHttpServer server = LoopbackHttpServer.start("paced", 0,
                call -> call.send(200, data, 0, data.length))) {
            server.limitRate(12L << 20);
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r = get(server, "/object");
            try (InputStream in = r.body()) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            // 3 MiB at 12 MiB/s cannot arrive in less than a quarter of a second.
            assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(240);
            assertThatThrownBy(() -> server.limitRate(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
