package org.reclaim.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.ResilienceSettings;
import org.reclaim.connector.TimeSource;

/**
 * reclaim.limits.partner-response-bytes: an answer larger than the cap fails the call with a
 * PROTOCOL ConnectorException naming the cap, whether its Content-Length says so or it streams
 * without end; the transport stops reading it.
 */
class ResponseCapTest {

    static final ResilienceSettings ONCE =
            new ResilienceSettings(
                    Duration.ofSeconds(10),
                    1,
                    Duration.ofSeconds(1),
                    2.0,
                    Duration.ofSeconds(1),
                    50f,
                    4,
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(1),
                    4);

    HttpServer server;
    final AtomicLong endlessSent = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/sized",
                x -> {
                    byte[] body = new byte[10_000];
                    x.sendResponseHeaders(200, body.length);
                    try (OutputStream o = x.getResponseBody()) {
                        o.write(body);
                    }
                });
        server.createContext(
                "/small",
                x -> {
                    byte[] body = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    x.sendResponseHeaders(200, body.length);
                    try (OutputStream o = x.getResponseBody()) {
                        o.write(body);
                    }
                });
        server.createContext(
                "/endless",
                x -> {
                    x.sendResponseHeaders(200, 0); // chunked, no length
                    byte[] chunk = new byte[8192];
                    try (OutputStream o = x.getResponseBody()) {
                        // bounded: at most 256 MiB, stops when the client goes away
                        for (int i = 0; i < 32_768; i++) {
                            o.write(chunk);
                            endlessSent.addAndGet(chunk.length);
                        }
                    } catch (IOException clientGone) {
                        // expected: the transport stopped reading
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    HttpTransport transport(long cap) {
        return new HttpTransport(
                "test-partner",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                null,
                null,
                ONCE,
                TimeSource.system(),
                // the test's server listens on 127.0.0.1: allowed explicitly
                HostPolicy.of(List.of("127.0.0.1"), List.of("127.0.0.1")),
                cap);
    }

    HttpTransport.Answer get(HttpTransport t, String path) {
        return t.send("get " + path, HttpRequest.newBuilder(t.uri(path)).GET());
    }

    @Test
    void anAnswerWhoseLengthIsOverTheCapFails() {
        assertThatThrownBy(() -> get(transport(1000), "/sized"))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PROTOCOL))
                .hasMessageContaining("reclaim.limits.partner-response-bytes (1000 bytes)");
        assertThat(get(transport(10_000), "/sized").body()).hasSize(10_000);
    }

    @Test
    void anEndlessAnswerIsCutAtTheCap() {
        assertThatThrownBy(() -> get(transport(100_000), "/endless"))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("reclaim.limits.partner-response-bytes (100000 bytes)");
        // the server could not send all of it: the transport stopped reading
        assertThat(endlessSent.get()).isLessThan(256L * 1024 * 1024);
    }

    @Test
    void anAnswerWithinTheCapIsRead() {
        assertThat(get(transport(1000), "/small").text()).isEqualTo("{\"ok\":true}");
    }
}
