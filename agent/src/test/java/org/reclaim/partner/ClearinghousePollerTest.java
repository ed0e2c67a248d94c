package org.reclaim.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.FileSystemUtils;

/** The REST clearinghouse's answers land in the inbox whole, each under its own name. */
class ClearinghousePollerTest extends ApiTest {

    @Autowired ClearinghousePoller poller;
    @Autowired ReclaimProperties props;

    WireMockServer clearinghouse;

    @BeforeEach
    void start() throws Exception {
        FileSystemUtils.deleteRecursively(props.inboxDir());
        FileSystemUtils.deleteRecursively(props.dataDir().resolve("clearinghouse"));
        clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                clearinghouse.baseUrl(),
                                "authHeaderName",
                                "Authorization",
                                "authHeaderValue",
                                "Bearer ch-secret-1234"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @AfterEach
    void stop() throws Exception {
        clearinghouse.stop();
        FileSystemUtils.deleteRecursively(props.inboxDir());
    }

    /** The listing names these files (id, name), each with the content "ISA content of <id>". */
    void answers(String... idsAndNames) {
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            if (files.length() > 0) files.append(", ");
            files.append("{\"id\": \"")
                    .append(idsAndNames[i])
                    .append("\", \"name\": \"")
                    .append(idsAndNames[i + 1])
                    .append("\"}");
            clearinghouse.stubFor(
                    get(urlEqualTo("/files/" + idsAndNames[i] + "/content"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(200)
                                            .withBody("ISA content of " + idsAndNames[i])));
        }
        clearinghouse.stubFor(
                get(urlPathEqualTo("/files"))
                        .willReturn(
                                okJson("{\"files\": [" + files + "], \"nextCursor\": \"c-1\"}")));
    }

    Path inbox() {
        return props.inboxDir().resolve(Practices.DEFAULT_SLUG);
    }

    List<String> inboxContents() throws Exception {
        try (Stream<Path> files = Files.list(inbox())) {
            return files.sorted()
                    .map(
                            f -> {
                                try {
                                    return f.getFileName()
                                            + "="
                                            + Files.readString(f, StandardCharsets.UTF_8);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .toList();
        }
    }

    @Test
    void theCursorMovesOnlyOnceTheFilesAreInTheInbox() throws Exception {
        answers("R-1", "999-1.x12");
        // the inbox cannot be written: a file where the practice's folder should be
        Files.createDirectories(props.inboxDir());
        Files.writeString(inbox(), "in the way");

        assertThatThrownBy(() -> poller.pollOnce().block()).isNotNull();

        Files.delete(inbox());
        assertThat(poller.pollOnce().block()).isOne();
        // the second poll asked from the start again, not after the cursor of the lost poll
        clearinghouse.verify(2, getRequestedFor(urlEqualTo("/files")));
        assertThat(inboxContents()).containsExactly("999-1.x12=ISA content of R-1");
    }

    @Test
    void answersNamedAlikeNeverOverwriteEachOtherNorWhatIsInTheInbox() throws Exception {
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve("999.x12"), "not taken yet");
        answers("R-1", "999.x12", "R-2", "999.x12");

        assertThat(poller.pollOnce().block()).isEqualTo(2);

        assertThat(inboxContents())
                .containsExactlyInAnyOrder(
                        "999.x12=not taken yet",
                        "999.x12.1=ISA content of R-1",
                        "999.x12.2=ISA content of R-2");
    }

    @Test
    void namesTheInboxWouldSkipAreRenamedNotLost() throws Exception {
        answers("R-1", "answer.part", "R-2", "answer.tmp");

        assertThat(poller.pollOnce().block()).isEqualTo(2);

        assertThat(inboxContents())
                .containsExactly(
                        "answer.part.x12=ISA content of R-1", "answer.tmp.x12=ISA content of R-2");
    }
}
