package org.reclaim.prevention.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.prevention.Claims837.claim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.prevention.Claims837;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gate: POST /api/v1/claims/submit sends CLEAN claims to the practice's clearinghouse (the
 * default folder clearinghouse: files in outbox/default/) and holds HOLD ones; the held queue's
 * fix, release (exactly once) and drop; another practice's held claim is not found.
 */
class GateApiTest extends ApiTest {

    private static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;
    @Autowired org.springframework.core.env.ConfigurableEnvironment env;

    @BeforeEach
    void emptyOutbox() throws IOException {
        // control numbers start again with each throw-away database: files of earlier runs go
        Path root = props.dataDir().resolve("outbox");
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
                    Files.delete(p);
            }
        }
    }

    private LocalDate today() {
        return triage.today();
    }

    /** One clean claim, and one past the payer's 90-day filing window (a HOLD). */
    private String cleanAndLate() {
        return Claims837.file(
                claim("GATE-OK").line("99213", "", 1, today().minusDays(10)),
                claim("GATE-LATE").line("99214", "", 1, today().minusDays(200)));
    }

    private Map<String, Object> submit(WebTestClient client, String uri, String body) {
        return client.post()
                .uri(uri)
                .contentType(X12)
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> claims(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("claims");
    }

    /** The 837 files in the default practice's outbox, as text. */
    private List<String> sent() throws IOException {
        Path outbox = props.dataDir().resolve("outbox").resolve("default");
        if (!Files.isDirectory(outbox)) return List.of();
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().matches(".*-837-\\d{9}\\.x12"))
                    .sorted()
                    .map(
                            p -> {
                                try {
                                    return Files.readString(p, StandardCharsets.ISO_8859_1);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .toList();
        }
    }

    private long count(String sql) {
        return db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
    }

    private Map<String, Object> post(WebTestClient client, String uri, Object body) {
        return client.post()
                .uri(uri)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    private String heldLate() {
        Map<String, Object> late =
                claims(submit(http, "/api/v1/claims/submit", cleanAndLate())).get(1);
        assertThat(late.get("outcome")).isEqualTo("held");
        return (String) late.get("id");
    }

    @Test
    void cleanClaimsAreSentAtOnceAndStoredOnFileHoldClaimsAreHeldAndNothingIsSentTwice()
            throws IOException {
        Map<String, Object> body =
                submit(
                        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY),
                        "/api/v1/claims/submit",
                        cleanAndLate());
        List<Map<String, Object>> claims = claims(body);
        assertThat(claims)
                .extracting(
                        c -> c.get("patientControlNumber"),
                        c -> c.get("verdict"),
                        c -> c.get("outcome"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GATE-OK", "CLEAN", "sent"),
                        org.assertj.core.groups.Tuple.tuple("GATE-LATE", "HOLD", "held"));
        assertThat(claims).allSatisfy(c -> assertThat(c.get("id")).isNotNull());
        assertThat((List<?>) claims.get(1).get("findings")).isNotEmpty();

        List<String> files = sent();
        assertThat(files)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f).contains("CLM*GATE-OK*");
                            assertThat(f).doesNotContain("GATE-LATE");
                        });
        // the claim sent is on file, linked like an uploaded 837; the held one is not
        assertThat(
                        count(
                                "SELECT count(*) FROM submitted_claim sc JOIN claim_submission cs ON"
                                        + " cs.id = sc.submission_id JOIN x12_file f ON f.id ="
                                        + " cs.file_id WHERE f.source = 'gate' AND"
                                        + " sc.patient_control_number = 'GATE-OK'"))
                .isEqualTo(1);
        assertThat(
                        count(
                                "SELECT count(*) FROM submitted_claim WHERE patient_control_number = 'GATE-LATE'"))
                .isZero();

        assertThat(heldPcns(http)).containsExactly("GATE-LATE");

        // the same file again: each claim is answered with what became of it, nothing is sent
        List<Map<String, Object>> again =
                claims(submit(http, "/api/v1/claims/submit", cleanAndLate()));
        assertThat(again)
                .extracting(c -> c.get("outcome"), c -> c.get("duplicate"), c -> c.get("id"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sent", true, claims.get(0).get("id")),
                        org.assertj.core.groups.Tuple.tuple("held", true, claims.get(1).get("id")));
        assertThat(sent()).hasSize(1);
        assertThat(count("SELECT count(*) FROM submission WHERE idempotency_key LIKE 'gate:%'"))
                .isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private List<Object> heldPcns(WebTestClient client) {
        Map<String, Object> page =
                client.get()
                        .uri("/api/v1/claims/held")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return ((List<Map<String, Object>>) page.get("content"))
                .stream().map(c -> c.get("patientControlNumber")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFixedClaimIsScrubbedAgainAndReleasedExactlyOnceEvenWhenReleasedTwiceAtOnce()
            throws Exception {
        String id = heldLate();
        assertThat(sent()).hasSize(1); // GATE-OK
        String dos = today().minusDays(5).toString();
        Map<String, Object> fixed =
                post(
                        http,
                        "/api/v1/claims/held/" + id + "/fix",
                        Map.of("edits", Map.of("line[1].serviceDate", dos)));
        assertThat(fixed.get("status")).isEqualTo("HELD");
        assertThat(fixed.get("verdict")).isEqualTo("CLEAN");
        assertThat((List<?>) fixed.get("findings")).isEmpty();
        assertThat((List<Map<String, Object>>) fixed.get("fixes"))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f).containsEntry("field", "line[1].serviceDate");
                            assertThat(f).containsEntry("to", dos);
                            assertThat(f).containsEntry("by", "admin");
                        });
        assertThat((Map<String, Object>) fixed.get("fields"))
                .containsEntry("line[1].serviceDate", dos);

        // two releases at once: one sends, both see it sent
        CompletableFuture<Map<String, Object>> a =
                CompletableFuture.supplyAsync(() -> release(id, "fixed the date of service"));
        CompletableFuture<Map<String, Object>> b =
                CompletableFuture.supplyAsync(() -> release(id, "fixed the date of service"));
        assertThat(List.of(a.get(), b.get()))
                .allSatisfy(v -> assertThat(v.get("status")).isIn("RELEASED", "SENT"));
        Map<String, Object> after = release(id, "once more");
        assertThat(after.get("status")).isEqualTo("SENT");
        assertThat(after.get("decidedBy")).isEqualTo("admin");
        assertThat(after.get("reason")).isEqualTo("fixed the date of service");

        List<String> files = sent().stream().filter(f -> f.contains("CLM*GATE-LATE*")).toList();
        assertThat(files)
                .singleElement()
                .satisfies(f -> assertThat(f).contains("DTP*472*D8*" + dos.replace("-", "")));
        assertThat(
                        count(
                                "SELECT count(*) FROM submission WHERE idempotency_key = 'gate:"
                                        + id
                                        + "'"))
                .isEqualTo(1);
        assertThat(heldPcns(http)).isEmpty();
        // a sent claim is fixed no more
        http.post()
                .uri("/api/v1/claims/held/" + id + "/fix")
                .bodyValue(Map.of("edits", Map.of("line[1].units", "2")))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    private Map<String, Object> release(String id, String reason) {
        return post(asAdmin(), "/api/v1/claims/held/" + id + "/release", Map.of("reason", reason));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFindingsFixIsAppliedOnlyWhenAskedAndShown() throws IOException {
        // the claim's charge is not the sum of its lines: tx.charge-sum carries the sum as its fix
        String file =
                Claims837.file(claim("GATE-SUM").line("99213", "", 1, today().minusDays(3)))
                        .replace("CLM*GATE-SUM*100*", "CLM*GATE-SUM*150*");
        Map<String, Object> c = claims(submit(http, "/api/v1/claims/submit", file)).get(0);
        assertThat(c.get("outcome")).isEqualTo("held");
        assertThat((List<Map<String, Object>>) c.get("findings"))
                .extracting(f -> f.get("rule"))
                .contains("tx.charge-sum");
        String id = (String) c.get("id");
        Map<String, Object> still =
                http.get()
                        .uri("/api/v1/claims/held/" + id)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(((Number) still.get("charge")).intValue()).isEqualTo(150);
        assertThat((List<?>) still.get("fixes")).isEmpty();

        Map<String, Object> fixed =
                post(
                        http,
                        "/api/v1/claims/held/" + id + "/fix",
                        Map.of("applyFixes", List.of("tx.charge-sum")));
        assertThat(fixed.get("verdict")).isEqualTo("CLEAN");
        assertThat(((Number) fixed.get("charge")).intValue()).isEqualTo(100);
        assertThat((List<Map<String, Object>>) fixed.get("fixes"))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f).containsEntry("field", "charge");
                            assertThat(f).containsEntry("from", "150.00");
                            assertThat(f).containsEntry("to", "100");
                        });
        // a rule with no fix on the claim, and an edit the claim cannot take, are 400s naming them
        http.post()
                .uri("/api/v1/claims/held/" + id + "/fix")
                .bodyValue(Map.of("applyFixes", List.of("payer.timely-filing")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(t -> assertThat(t).contains("payer.timely-filing"));
        http.post()
                .uri("/api/v1/claims/held/" + id + "/fix")
                .bodyValue(Map.of("edits", Map.of("line[7].units", "2")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(t -> assertThat(t).contains("line[7]"));
        assertThat(sent()).isEmpty();
    }

    @Test
    void aDroppedClaimIsNeverSent() throws IOException {
        String id = heldLate();
        http.post()
                .uri("/api/v1/claims/held/" + id + "/drop")
                .bodyValue(Map.of("reason", " "))
                .exchange()
                .expectStatus()
                .isBadRequest();
        Map<String, Object> dropped =
                post(http, "/api/v1/claims/held/" + id + "/drop", Map.of("reason", "billed twice"));
        assertThat(dropped.get("status")).isEqualTo("DROPPED");
        assertThat(dropped.get("reason")).isEqualTo("billed twice");
        http.post()
                .uri("/api/v1/claims/held/" + id + "/release")
                .bodyValue(Map.of("reason", "changed my mind"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        assertThat(sent()).noneMatch(f -> f.contains("GATE-LATE"));
        assertThat(
                        count(
                                "SELECT count(*) FROM submission WHERE idempotency_key = 'gate:"
                                        + id
                                        + "'"))
                .isZero();
        assertThat(heldPcns(http)).isEmpty();
    }

    @Test
    void anotherPracticesHeldClaimIsNotFound() throws IOException {
        String id = heldLate();
        String slug = "gate-" + System.nanoTime() % 1_000_000;
        String user = "gia" + System.nanoTime() % 1_000_000;
        http.post()
                .uri("/api/v1/practices")
                .bodyValue(Map.of("name", "Gated Elsewhere", "slug", slug))
                .exchange()
                .expectStatus()
                .isCreated();
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                user,
                                "password",
                                "gia-password-123",
                                "role",
                                "REVIEWER",
                                "practices",
                                List.of(slug)))
                .exchange()
                .expectStatus()
                .isCreated();
        WebTestClient gia = asOperator(user, "gia-password-123");
        gia.get().uri("/api/v1/claims/held/" + id).exchange().expectStatus().isNotFound();
        for (String action : List.of("release", "drop", "fix"))
            gia.post()
                    .uri("/api/v1/claims/held/" + id + "/" + action)
                    .bodyValue(
                            action.equals("fix")
                                    ? Map.of("edits", Map.of("line[1].units", "2"))
                                    : Map.of("reason", "not mine"))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        assertThat(heldPcns(gia)).isEmpty();
        // a practice key may submit but not release
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/claims/held/" + id + "/release")
                .bodyValue(Map.of("reason", "mine"))
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(heldPcns(http)).containsExactly("GATE-LATE");
        assertThat(sent()).noneMatch(f -> f.contains("GATE-LATE"));
    }

    @Test
    void aWarnClaimFollowsThePracticesWarnPolicy() throws IOException {
        // 80 days into the payer's 90-day filing window: a warning, not an error
        Map<String, Object> sentAtOnce =
                claims(
                                submit(
                                        http,
                                        "/api/v1/claims/submit",
                                        Claims837.file(
                                                claim("GATE-WARN-1")
                                                        .line(
                                                                "99213",
                                                                "",
                                                                1,
                                                                today().minusDays(80)))))
                        .get(0);
        assertThat(sentAtOnce.get("verdict")).isEqualTo("WARN");
        assertThat(sentAtOnce.get("outcome")).isEqualTo("sent");

        var policy =
                new org.springframework.core.env.MapPropertySource(
                        "gate-test-policy",
                        Map.of("reclaim.prevention.warn-policy-for.default", "hold"));
        env.getPropertySources().addFirst(policy);
        try {
            Map<String, Object> held =
                    claims(
                                    submit(
                                            http,
                                            "/api/v1/claims/submit",
                                            Claims837.file(
                                                    claim("GATE-WARN-2")
                                                            .line(
                                                                    "99213",
                                                                    "",
                                                                    1,
                                                                    today().minusDays(80)))))
                            .get(0);
            assertThat(held.get("verdict")).isEqualTo("WARN");
            assertThat(held.get("outcome")).isEqualTo("held");
        } finally {
            env.getPropertySources().remove("gate-test-policy");
        }
        assertThat(sent()).hasSize(1).allMatch(f -> f.contains("CLM*GATE-WARN-1*"));
    }

    @Test
    void theHeldPageShowsTheFindingsAndActsLikeTheApi() throws IOException {
        String id = heldLate();
        String page =
                http.get()
                        .uri("/claims/held")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page)
                .contains("data-id=\"" + id + "\"")
                .contains("GATE-LATE")
                .contains("payer.timely-filing")
                .contains("scope=\"col\"")
                .doesNotContain("GATE-OK");
        http.post()
                .uri("/claims/held/{id}/fix", id)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("edits=line%5B1%5D.units%3D2")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .valueEquals("Location", "/claims/held?fixed=" + id);
        http.post()
                .uri("/claims/held/{id}/drop", id)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("reason=")
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/claims/held/{id}/drop", id)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("reason=sent+on+paper")
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .valueEquals("Location", "/claims/held?dropped=" + id);
        String after =
                http.get()
                        .uri("/claims/held?status=DROPPED")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(after)
                .contains("GATE-LATE")
                .contains("admin: sent on paper")
                .contains("line[1].units: 1 → 2 by admin");
        assertThat(sent()).noneMatch(f -> f.contains("GATE-LATE"));
    }

    @Test
    void whatTheGateCannotSendIsRefusedAndNothingIsKept() throws IOException {
        http.post()
                .uri("/api/v1/claims/submit")
                .contentType(X12)
                .bodyValue("this is not an X12 file".getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isBadRequest();
        http.post()
                .uri("/api/v1/claims/submit")
                .contentType(X12)
                .bodyValue(org.reclaim.support.TestData.sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        // the same claims as an institutional 837: the gate writes 837P only
        String institutional = cleanAndLate().replace("005010X222A1", "005010X223A2");
        http.post()
                .uri("/api/v1/claims/submit")
                .contentType(X12)
                .bodyValue(institutional.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody(String.class)
                .value(t -> assertThat(t).contains("837I"));
        assertThat(count("SELECT count(*) FROM held_claim")).isZero();
        assertThat(sent()).isEmpty();
    }
}
