package org.reclaim.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The trading partner of a practice's clearinghouse (ISA/GS ids, ISA15) envelopes every file the
 * agent sends for it — 837, 276 and 270 — through the folder or the REST clearinghouse; without
 * one, the {@code reclaim.clearinghouse.*} defaults do. A bad setting is refused with a problem
 * naming the field.
 */
class TradingPartnerTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;

    @org.junit.jupiter.api.AfterEach
    void noCodingSupportLeft() {
        org.reclaim.support.TestCoding.removeSupport(props.dataDir(), triage);
    }

    @BeforeEach
    void playbooksThatSendAtOnce() throws Exception {
        // control numbers start again with each throw-away database: files of earlier runs must go
        Path outbox = props.dataDir().resolve("outbox");
        if (Files.exists(outbox)) {
            try (Stream<Path> walk = Files.walk(outbox)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    Files.delete(p);
            }
        }
        // a corrected claim (837), an eligibility inquiry (270) or a status inquiry (276), each at
        // once
        TestPlaybooks.forEveryCategory(
                triage,
                category ->
                        switch (category) {
                            case "coding" ->
                                    "  - step: DRAFT_CORRECTED_CLAIM\n    correction: REPLACEMENT_CLAIM\n"
                                            + "  - step: SUBMIT\n    channel: CLEARINGHOUSE\n";
                            case "eligibility" -> "  - step: VERIFY_ELIGIBILITY\n";
                            default -> "  - step: CHECK_CLAIM_STATUS\n    channel: CLEARINGHOUSE\n";
                        });
    }

    @AfterEach
    void shippedPlaybooksAgain() throws Exception {
        TestPlaybooks.shipped(triage);
    }

    @Test
    void withoutASettingOutgoingFilesCarryTheServiceDefaults() throws Exception {
        Map<String, Object> shown =
                http.get()
                        .uri("/api/v1/connectors/clearinghouse")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(shown)
                .containsEntry("flavour", "folder")
                .containsEntry("tradingPartnerSource", "defaults");
        assertThat((Map<?, ?>) shown.get("tradingPartner"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("senderId", "RECLAIM")
                .containsEntry("receiverId", "CLEARINGHOUSE")
                .containsEntry("usage", "T");

        Generated.upload(http, 80, 61, 0.5, triage.today().minusDays(10));
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();

        List<Isa> sent = outboxEnvelopes();
        assertThat(sent).extracting(Isa::type).contains("837", "276", "270");
        for (Isa isa : sent) {
            assertThat(isa.values())
                    .as(isa.file())
                    .containsExactly(
                            "ZZ",
                            "RECLAIM",
                            "ZZ",
                            "CLEARINGHOUSE",
                            "T",
                            "RECLAIM",
                            "CLEARINGHOUSE");
        }
    }

    @Test
    void aPracticesFolderClearinghouseSettingEnvelopesEveryFileItSends() throws Exception {
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "tradingPartner",
                                Map.of(
                                        "senderQualifier",
                                        "30",
                                        "senderId",
                                        "991234567",
                                        "receiverId",
                                        "SBXCLEARING",
                                        "applicationSender",
                                        "PRACTICE01",
                                        "usage",
                                        "P")))
                .exchange()
                .expectStatus()
                .isNoContent();
        Map<String, Object> shown =
                http.get()
                        .uri("/api/v1/connectors/clearinghouse")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(shown)
                .containsEntry("flavour", "folder")
                .containsEntry("tradingPartnerSource", "practice");
        assertThat((Map<?, ?>) shown.get("tradingPartner"))
                .asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsEntry("receiverQualifier", "ZZ")
                .containsEntry("applicationReceiver", "SBXCLEARING")
                .containsEntry("usage", "P");

        Generated.upload(http, 80, 61, 0.5, triage.today().minusDays(10));
        org.reclaim.support.TestCoding.supportEveryCodingDenial(db, props.dataDir(), triage);
        orchestrator.runUntilIdle().block();

        List<Isa> sent = outboxEnvelopes();
        assertThat(sent).extracting(Isa::type).contains("837", "276", "270");
        Set<String> controls = new HashSet<>();
        for (Isa isa : sent) {
            assertThat(isa.values())
                    .as(isa.file())
                    .containsExactly(
                            "30",
                            "991234567",
                            "ZZ",
                            "SBXCLEARING",
                            "P",
                            "PRACTICE01",
                            "SBXCLEARING");
            assertThat(controls.add(isa.control()))
                    .as("interchange control numbers are unique: " + isa.file())
                    .isTrue();
        }
        assertThat(count(db, "SELECT last_value FROM control_number WHERE sender = '991234567'"))
                .isGreaterThanOrEqualTo(sent.size());

        // removed: the defaults again
        http.delete()
                .uri("/api/v1/connectors/clearinghouse")
                .exchange()
                .expectStatus()
                .isNoContent();
        assertThat(
                        http.get()
                                .uri("/api/v1/connectors/clearinghouse")
                                .exchange()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody())
                .containsEntry("tradingPartnerSource", "defaults");
    }

    @Test
    void aRestClearinghouseReceivesItsFilesWithItsTradingPartner() throws Exception {
        WireMockServer clearinghouse = new WireMockServer(wireMockConfig().dynamicPort());
        clearinghouse.start();
        try {
            clearinghouse.stubFor(
                    post(urlEqualTo("/files"))
                            .willReturn(
                                    aResponse()
                                            .withStatus(201)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(
                                                    "{\"id\": \"F-1\", \"status\": \"accepted\"}")));
            http.put()
                    .uri("/api/v1/connectors/clearinghouse")
                    .bodyValue(
                            Map.of(
                                    "baseUrl",
                                    clearinghouse.baseUrl(),
                                    "authHeaderName",
                                    "Authorization",
                                    "authHeaderValue",
                                    "Bearer ch-secret-4321",
                                    "tradingPartner",
                                    Map.of(
                                            "senderId",
                                            "REST-SENDER",
                                            "receiverQualifier",
                                            "01",
                                            "receiverId",
                                            "123456789",
                                            "usage",
                                            "T")))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            Map<String, Object> shown =
                    http.get()
                            .uri("/api/v1/connectors/clearinghouse")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(JSON)
                            .returnResult()
                            .getResponseBody();
            assertThat(shown)
                    .containsEntry("flavour", "rest")
                    .containsEntry("authHeaderValue", "****4321")
                    .containsEntry("tradingPartnerSource", "practice");

            // a small batch: the REST clearinghouse takes 5 calls a second
            // (ResilienceSettings.defaults)
            Generated.upload(http, 30, 62, 0.5, triage.today().minusDays(10));
            orchestrator.runUntilIdle().block();

            var posted = clearinghouse.findAll(postRequestedFor(urlEqualTo("/files")));
            assertThat(posted).isNotEmpty();
            assertThat(posted.size())
                    .isEqualTo(
                            (int)
                                    count(
                                            db,
                                            "SELECT count(*) FROM submission WHERE status = 'SENT' "
                                                    + "AND channel = 'clearinghouse'"));
            for (var request : posted) {
                Isa isa =
                        Isa.of(
                                request.getHeader("X-File-Type"),
                                new String(request.getBody(), StandardCharsets.ISO_8859_1));
                assertThat(isa.values())
                        .containsExactly(
                                "ZZ",
                                "REST-SENDER",
                                "01",
                                "123456789",
                                "T",
                                "REST-SENDER",
                                "123456789");
            }
            assertThat(outboxEnvelopes()).as("nothing went to the folder").isEmpty();
        } finally {
            clearinghouse.stop();
        }
    }

    @Test
    void aBadTradingPartnerIsRefusedWithAProblemNamingTheFieldAndNothingIsStored() {
        Map<String, String> good =
                Map.of(
                        "senderQualifier",
                        "ZZ",
                        "senderId",
                        "SENDER1",
                        "receiverQualifier",
                        "ZZ",
                        "receiverId",
                        "RECEIVER1",
                        "usage",
                        "T");
        Map<String, String[]> bad = new HashMap<>();
        bad.put("senderQualifier", new String[] {"XX", "senderQualifier (ISA05) must be one of"});
        bad.put(
                "receiverQualifier",
                new String[] {"zz", "receiverQualifier (ISA07) must be one of"});
        bad.put(
                "senderId",
                new String[] {"SIXTEEN-CHARS-ID", "senderId (ISA06) must be 1–15 characters"});
        bad.put(
                "receiverId",
                new String[] {"RECV*1", "receiverId (ISA08) must not hold an X12 delimiter"});
        bad.put(
                "applicationSender",
                new String[] {"A", "applicationSender (GS02) must be 2–15 characters"});
        bad.put(
                "applicationReceiver",
                new String[] {" PADDED", "applicationReceiver (GS03) must not start or end"});
        bad.put("usage", new String[] {"X", "usage (ISA15) must be T (test) or P (production)"});
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String[]> b : bad.entrySet()) {
            Map<String, String> partner = new HashMap<>(good);
            partner.put(b.getKey(), b.getValue()[0]);
            Map<String, Object> problem =
                    http.put()
                            .uri("/api/v1/connectors/clearinghouse")
                            .bodyValue(Map.of("tradingPartner", partner))
                            .exchange()
                            .expectStatus()
                            .isBadRequest()
                            .expectHeader()
                            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody(JSON)
                            .returnResult()
                            .getResponseBody();
            assertThat((String) problem.get("detail"))
                    .as(b.getKey())
                    .startsWith("tradingPartner: ")
                    .contains(b.getValue()[1]);
            problems.add((String) problem.get("detail"));
        }
        Map<String, String> missing = new HashMap<>(good);
        missing.remove("senderId");
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(Map.of("tradingPartner", missing))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(JSON)
                .value(
                        p ->
                                assertThat((String) p.get("detail"))
                                        .contains("senderId (ISA06) is required"));
        // a folder clearinghouse without a trading partner would change nothing
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest();
        // credentials without a URL
        http.put()
                .uri("/api/v1/connectors/clearinghouse")
                .bodyValue(
                        Map.of(
                                "authHeaderName",
                                "Authorization",
                                "authHeaderValue",
                                "x",
                                "tradingPartner",
                                good))
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(problems)
                .noneMatch(
                        p -> p.contains("SIXTEEN-CHARS-ID")); // ids (maybe tax ids) are not echoed
        assertThat(count(db, "SELECT count(*) FROM connector_setting")).isZero();
    }

    /** The ISA05–08, ISA15 and GS02–03 of one outgoing interchange. */
    record Isa(String type, String file, String control, List<String> values) {

        static Isa of(String file, String text) {
            String[] isa = text.substring(0, 106).split("\\*", -1);
            char terminator = text.charAt(105);
            int gsAt = text.indexOf("GS*");
            String[] gs = text.substring(gsAt, text.indexOf(terminator, gsAt)).split("\\*", -1);
            String type = file.contains("-") ? file.split("-")[1] : file;
            return new Isa(
                    type,
                    file,
                    isa[13],
                    List.of(isa[5], isa[6].strip(), isa[7], isa[8].strip(), isa[15], gs[2], gs[3]));
        }
    }

    List<Isa> outboxEnvelopes() throws Exception {
        Path dir = props.dataDir().resolve("outbox").resolve("default");
        if (!Files.isDirectory(dir)) return List.of();
        List<Isa> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().endsWith(".x12"))
                            .sorted()
                            .toList()) {
                out.add(
                        Isa.of(
                                f.getFileName().toString(),
                                Files.readString(f, StandardCharsets.ISO_8859_1)));
            }
        }
        return out;
    }
}
