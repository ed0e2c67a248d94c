package org.reclaim.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.denial.Priority;
import org.reclaim.rules.Category;
import org.reclaim.support.ApiTest;
import org.reclaim.support.TestData;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Triage through the service: stored denials, the worklist, what is loaded, and reload + re-triage.
 */
class TriageApiTest extends ApiTest {

    /** the overlay folders of the shared test context (support.IntegrationTest) */
    static final Path OVERLAY = Path.of("target/test-triage/playbooks");

    @Autowired TriageService triage;

    byte[] claims;
    byte[] remits;

    @BeforeEach
    void generateRecentClaims() throws IOException {
        deleteOverlay();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        // dated a few weeks back, so deadlines lie ahead and priorities differ
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(600)
                        .withSeed(77)
                        .withDenialRate(0.4)
                        .withBaseDate(triage.today().minusDays(45)),
                c,
                r);
        claims = c.toByteArray();
        remits = r.toByteArray();
    }

    @AfterEach
    void restoreTheShippedConfiguration() throws IOException {
        deleteOverlay();
        triage.reload().block();
    }

    private static void deleteOverlay() throws IOException {
        if (!Files.exists(OVERLAY)) return;
        try (Stream<Path> walk = Files.walk(OVERLAY)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    Map<String, Object> post(String uri, byte[] body, int status) {
        return http.post()
                .uri(uri)
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    Map<String, Object> get(String uri) {
        return http.mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(32 << 20))
                .build()
                .get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> content(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("content");
    }

    @Test
    void everyStoredDenialIsTriagedWithCategoryDeadlinePriorityAndPlaybook() {
        post("/api/v1/claims", claims, 201);
        post("/api/v1/remittances", remits, 201);
        long denials = count(db, "SELECT count(*) FROM denial");
        assertThat(denials).isGreaterThan(100);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE triaged_at IS NULL OR category IS NULL "
                                        + "OR playbook IS NULL OR deadline IS NULL OR playbook_reason IS NULL"))
                .isZero();

        Map<String, Object> d = content(get("/api/v1/denials?size=1")).get(0);
        Map<String, Object> one = get("/api/v1/denials/" + d.get("id"));
        assertThat(one)
                .containsKeys(
                        "category",
                        "rootCause",
                        "appealable",
                        "deadline",
                        "daysLeft",
                        "priority",
                        "playbook",
                        "playbookReason",
                        "nextAction",
                        "expired");
        assertThat(one.get("status")).isEqualTo("TRIAGED");
        assertThat(Category.valueOf((String) one.get("category")).workable()).isTrue();
        LocalDate deadline = LocalDate.parse((String) one.get("deadline"));
        assertThat(((Number) one.get("daysLeft")).longValue())
                .isEqualTo(java.time.temporal.ChronoUnit.DAYS.between(triage.today(), deadline));
    }

    @Test
    void theWorklistIsOrderedByPriorityComputedAsTheTriageDoes() {
        post("/api/v1/remittances", remits, 201);
        Map<String, Object> page = get("/api/v1/worklist?size=1000");
        List<Map<String, Object>> rows = content(page);
        assertThat(((Number) page.get("totalElements")).longValue())
                .isEqualTo(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE status NOT IN ("
                                        + org.reclaim.denial.DenialStatus.terminalSql()
                                        + ")"));
        assertThat(rows).hasSizeGreaterThan(100);
        BigDecimal previous = null;
        for (Map<String, Object> r : rows) {
            BigDecimal priority = new BigDecimal(r.get("priority").toString());
            // the SQL order and the Java figure agree row by row
            assertThat(priority)
                    .isEqualByComparingTo(
                            Priority.of(
                                    new BigDecimal(r.get("expectedRecovery").toString()),
                                    ((Number) r.get("daysLeft")).longValue()));
            if (previous != null) assertThat(priority).isLessThanOrEqualTo(previous);
            previous = priority;
        }
        assertThat(rows.get(0).get("priority").toString())
                .isNotEqualTo(rows.get(rows.size() - 1).get("priority").toString());
        List<Map<String, Object>> coding =
                content(get("/api/v1/worklist?category=CODING&size=1000"));
        assertThat(coding).isNotEmpty().allMatch(r -> r.get("category").equals("CODING"));
    }

    @Test
    void theLoadedPlaybooksAndPayersAreListedWithUnconfiguredPayersFlagged() {
        post("/api/v1/remittances", remits, 201);
        post("/api/v1/remittances", TestData.sample("tigershark/5010-835-example-2.txt"), 201);
        List<Map<String, Object>> playbooks = content(get("/api/v1/playbooks"));
        assertThat(playbooks)
                .extracting(p -> p.get("id"))
                .contains("authorization", "no-action", "claim-data-unprocessable");
        Map<String, Object> payers = get("/api/v1/payers");
        assertThat(content(payers)).extracting(p -> p.get("id")).contains("TSTMCR01", "TSTCOMA1");
        assertThat(payers.get("typeDefaults").toString()).contains("OTHER", "MEDICARE_ADVANTAGE");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> unconfigured =
                (List<Map<String, Object>>) payers.get("unconfigured");
        assertThat(unconfigured).extracting(p -> p.get("id")).containsExactly("1123456789");
        assertThat(unconfigured.get(0))
                .containsEntry("type", "OTHER")
                .containsEntry("configured", false);
    }

    @Test
    void playbooksAndConfiguredPayersAreListedAPageAtATime() {
        List<Map<String, Object>> playbooks = content(get("/api/v1/playbooks?size=1000"));
        Map<String, Object> second = get("/api/v1/playbooks?page=1&size=2");
        assertThat(second).containsEntry("page", 1).containsEntry("size", 2);
        assertThat(((Number) second.get("totalElements")).longValue()).isEqualTo(playbooks.size());
        assertThat(content(second))
                .extracting(p -> p.get("id"))
                .containsExactly(playbooks.get(2).get("id"), playbooks.get(3).get("id"));
        assertThat(get("/api/v1/playbooks")).containsEntry("page", 0).containsEntry("size", 50);

        List<Map<String, Object>> payers = content(get("/api/v1/payers?size=1000"));
        Map<String, Object> last = get("/api/v1/payers?page=1&size=" + (payers.size() - 1));
        assertThat(((Number) last.get("totalElements")).longValue()).isEqualTo(payers.size());
        assertThat(content(last))
                .extracting(p -> p.get("id"))
                .containsExactly(payers.get(payers.size() - 1).get("id"));
        // the type defaults and the unconfigured payers come whole with every page
        assertThat(last).containsKeys("typeDefaults", "unconfigured");

        for (String list : List.of("/api/v1/playbooks", "/api/v1/payers")) {
            http.get()
                    .uri(list + "?size=1001")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void aReloadRetriagesOpenDenialsAndKeepsTheWorkAlreadyStarted() throws IOException {
        post("/api/v1/remittances", remits, 201);
        long bigCoding =
                count(
                        db,
                        "SELECT count(*) FROM denial WHERE category = 'CODING' AND amount >= 100");
        assertThat(bigCoding).isGreaterThan(2);
        // a denial whose playbook has started (the agent loop will set such states through its
        // lifecycle)
        db.sql(
                        "UPDATE denial SET status = 'IN_PROGRESS' WHERE id = (SELECT id FROM denial "
                                + "WHERE category = 'CODING' AND amount >= 100 ORDER BY id LIMIT 1)")
                .then()
                .block();

        Files.createDirectories(OVERLAY);
        Files.writeString(
                OVERLAY.resolve("coding-large.yml"),
                """
                id: coding-large
                name: Large coding denials get an operator's eye before anything goes out
                handles:
                  categories: [CODING]
                  amount: {min: 100.00}
                steps:
                  - step: DRAFT_CORRECTED_CLAIM
                  - step: REVIEW
                    review: ALWAYS
                  - step: SUBMIT
                stopWhen: [PAID, DEADLINE_PASSED]
                """);
        Map<String, Object> result = post("/api/v1/triage", new byte[0], 200);
        assertThat(((Number) result.get("changed")).longValue()).isEqualTo(bigCoding - 1);
        assertThat(((Number) result.get("playbooksKept")).longValue()).isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM denial WHERE playbook = 'coding-large'"))
                .isEqualTo(bigCoding - 1);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE status = 'IN_PROGRESS' AND playbook = 'coding'"))
                .isEqualTo(1);
        String reason =
                db.sql("SELECT playbook_reason FROM denial WHERE playbook = 'coding-large' LIMIT 1")
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        assertThat(reason).contains("more specific than 'coding' (a narrower amount range)");

        // a broken file is refused with its location and the configuration in force stays
        Files.writeString(
                OVERLAY.resolve("coding-large.yml"),
                "id: coding-large\nname: x\nhandles: {categories: [CODING]}\n"
                        + "steps:\n  - step: SUBMIT\n    channel: CARRIER_PIGEON\n");
        Map<String, Object> problem =
                http.post()
                        .uri("/api/v1/triage")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(422)
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(problem.get("file").toString()).endsWith("coding-large.yml");
        assertThat(problem).containsEntry("line", 6);
        assertThat(problem.get("detail").toString()).contains("CARRIER_PIGEON");
        assertThat(content(get("/api/v1/playbooks")))
                .extracting(p -> p.get("id"))
                .contains("coding-large");
    }

    @Test
    void denialsLeftUntriagedByACrashAreTriagedLater() {
        post("/api/v1/remittances", remits, 201);
        long all = count(db, "SELECT count(*) FROM denial");
        db.sql(
                        "UPDATE denial SET triaged_at = NULL, category = NULL, playbook = NULL, status = 'NEW' "
                                + "WHERE id IN (SELECT id FROM denial ORDER BY id LIMIT 50)")
                .then()
                .block();
        assertThat(triage.triagePending().block()).isEqualTo(50);
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM denial WHERE triaged_at IS NOT NULL AND playbook IS NOT NULL "
                                        + "AND status = 'TRIAGED'"))
                .isEqualTo(all);
    }
}
