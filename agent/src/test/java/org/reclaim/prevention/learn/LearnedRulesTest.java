package org.reclaim.prevention.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.practice.Practices;
import org.reclaim.prevention.PracticeScrubber;
import org.reclaim.prevention.learn.History.Answer;
import org.reclaim.prevention.learn.History.Claim;
import org.reclaim.scrub.Finding;
import org.reclaim.support.ApiTest;
import org.reclaim.x12.X12Limits;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Learned rules (issue 16 item 2): learned from stored files, served, disabled, scoped. */
class LearnedRulesTest extends ApiTest {

    static final LocalDate SENT = LocalDate.of(2026, 1, 10);
    static final LocalDate PAID = LocalDate.of(2026, 2, 2);
    static final String[] DIAGNOSES = {"M545", "M512", "G894", "M4806", "S335", "M5416", "M4726"};

    @Autowired PracticeScrubber scrubber;
    @Autowired Learner learner;
    @Autowired ReclaimProperties properties;

    static Claim mri(String pcn, int i, String auth) {
        return new Claim(
                pcn,
                "PAYR1",
                "72148",
                null,
                DIAGNOSES[i % DIAGNOSES.length],
                auth,
                "900",
                SENT.minusDays(3));
    }

    /** Six MRIs without an authorization, each with another diagnosis, all denied CO-197. */
    static List<Claim> unauthorizedMris(String prefix) {
        List<Claim> c = new ArrayList<>();
        for (int i = 0; i < 6; i++) c.add(mri(prefix + "U" + i, i, null));
        return c;
    }

    void upload(WebTestClient client, String practice, String body) {
        client.post()
                .uri(practice == null ? "/api/v1/claims" : "/api/v1/claims?practice=" + practice)
                .header("Content-Type", "application/edi-x12")
                .bodyValue(body.getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    void history(String practice, List<Claim> claims, List<Answer> answers) {
        upload(http, practice, History.claims(SENT, claims));
        upload(http, practice, History.answers(PAID, "PAYR1", answers));
    }

    static List<Answer> denied(List<Claim> claims, String carc) {
        return claims.stream().map(c -> new Answer(c, carc)).toList();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules(WebTestClient client, String practice) {
        Map<String, Object> body =
                client.get()
                        .uri(
                                practice == null
                                        ? "/api/v1/prevention/rules"
                                        : "/api/v1/prevention/rules?practice=" + practice)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return (List<Map<String, Object>>) body.get("rules");
    }

    /** The learned findings on a claim scrubbed for the practice. */
    List<Finding> learnedFindings(UUID practice, String slug, Claim claim) {
        try {
            var s = scrubber.forPractice(practice, slug).block();
            var result =
                    s.scrubFile(
                            new ByteArrayInputStream(
                                    History.claims(SENT.plusDays(60), List.of(claim))
                                            .getBytes(StandardCharsets.ISO_8859_1)),
                            SENT.plusDays(60),
                            X12Limits.DEFAULT);
            return result.claims().get(0).findings().stream()
                    .filter(f -> f.rule().startsWith("learned."))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String newPractice(String name) {
        String slug = "l-" + UUID.randomUUID().toString().substring(0, 8);
        http.post()
                .uri("/api/v1/practices")
                .bodyValue(Map.of("name", name, "slug", slug))
                .exchange()
                .expectStatus()
                .isCreated();
        return slug;
    }

    UUID idOf(String slug) {
        return db.sql("SELECT id FROM practice WHERE slug = :s")
                .bind("s", slug)
                .map(r -> r.get("id", UUID.class))
                .one()
                .block();
    }

    @Test
    void aRuleIsLearnedFromStoredDenialsAndStaysDisabledThroughRelearning() {
        List<Claim> mris = unauthorizedMris("A");
        upload(http, null, History.claims(SENT, mris));
        assertThat(rules(http, null)).isEmpty();
        upload(http, null, History.answers(PAID, "PAYR1", denied(mris, "197")));

        List<Map<String, Object>> rules = rules(http, null);
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = rules.get(0);
        // the diagnoses all differ: the habit is the payer's and the procedure's
        assertThat(rule.get("pattern")).isEqualTo(Map.of("payer", "PAYR1", "procedure", "72148"));
        assertThat(rule)
                .containsEntry("condition", "authorization")
                .containsEntry("carc", "197")
                .containsEntry("category", "authorization")
                .containsEntry("claims", 6)
                .containsEntry("denied", 6)
                .containsEntry("enabled", true)
                .containsEntry("lastSeen", PAID.toString());
        assertThat((List<?>) rule.get("denials")).hasSize(6);
        String id = (String) rule.get("id");

        Claim next = mri("ANEXT", 3, null);
        assertThat(learnedFindings(Practices.DEFAULT_ID, "default", next))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.rule()).isEqualTo("learned." + id);
                            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
                            assertThat(f.carc()).isEqualTo("197");
                            assertThat(f.evidence()).containsEntry("claims", 6L);
                            assertThat(f.evidence()).containsEntry("lastSeen", PAID.toString());
                        });

        http.post()
                .uri("/api/v1/prevention/rules/{id}/disable", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .value(m -> assertThat(m).containsEntry("enabled", false));
        assertThat(learnedFindings(Practices.DEFAULT_ID, "default", next)).isEmpty();

        http.post().uri("/api/v1/prevention/relearn").exchange().expectStatus().isOk();
        assertThat(rules(http, null))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.get("id")).isEqualTo(id);
                            assertThat(r.get("enabled")).isEqualTo(false);
                        });
        assertThat(learnedFindings(Practices.DEFAULT_ID, "default", next)).isEmpty();

        http.post()
                .uri("/api/v1/prevention/rules/learned.{id}/enable", id)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(learnedFindings(Practices.DEFAULT_ID, "default", next)).hasSize(1);
        http.post()
                .uri("/api/v1/prevention/rules/{id}/disable", "000000000000")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void thePageListsTheRulesAndItsFormDisablesOne() {
        List<Claim> mris = unauthorizedMris("P");
        history(null, mris, denied(mris, "197"));
        String id = (String) rules(http, null).get(0).get("id");
        String page =
                http.get()
                        .uri("/prevention/rules")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody();
        assertThat(page).contains("learned." + id).contains("6 / 6").contains(">Disable<");
        http.post()
                .uri("/prevention/rules/{id}/disable?practice=default", id)
                .exchange()
                .expectStatus()
                .is3xxRedirection();
        assertThat(rules(http, null).get(0)).containsEntry("enabled", false);
        assertThat(
                        http.get()
                                .uri("/prevention/rules")
                                .exchange()
                                .expectBody(String.class)
                                .returnResult()
                                .getResponseBody())
                .contains(">Enable<")
                .contains("disabled");
    }

    @Test
    void aPracticeKeyListsButCannotDisable() {
        List<Claim> mris = unauthorizedMris("K");
        history(null, mris, denied(mris, "197"));
        WebTestClient practice = withKey(org.reclaim.support.IntegrationTest.DEFAULT_PRACTICE_KEY);
        String id = (String) rules(practice, null).get(0).get("id");
        practice.post()
                .uri("/api/v1/prevention/rules/{id}/disable", id)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theRateIsMeasuredOnClaimsThatDidNotMeetTheCondition() throws IOException {
        String slug = newPractice("Condition Clinic");
        UUID practice = idOf(slug);
        List<Claim> unauthorized = unauthorizedMris("C");
        List<Claim> authorized = new ArrayList<>();
        for (int i = 0; i < 6; i++) authorized.add(mri("CA" + i, i, "AUTH" + i));
        List<Claim> all = new ArrayList<>(unauthorized);
        all.addAll(authorized);
        List<Answer> answers = new ArrayList<>(denied(unauthorized, "197"));
        authorized.forEach(c -> answers.add(new Answer(c, null)));
        history(slug, all, answers);

        // 6 of 12 were denied, but 6 of the 6 that had no authorization
        assertThat(rules(http, slug))
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.get("claims")).isEqualTo(6);
                            assertThat(r.get("denied")).isEqualTo(6);
                        });
        assertThat(learnedFindings(practice, slug, mri("CX1", 1, null))).hasSize(1);
        assertThat(learnedFindings(practice, slug, mri("CX2", 1, "G1NUMBER"))).isEmpty();

        // an authorization on file for the claim meets the condition as well
        Path csv = properties.dataDir().resolve("records").resolve(slug);
        Files.createDirectories(csv);
        Files.writeString(
                csv.resolve("authorizations.csv"),
                "patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber\n"
                        + "CX3,,PAYR1,72148,"
                        + SENT.minusDays(30)
                        + ","
                        + SENT.plusDays(30)
                        + ",ONFILE1\n");
        assertThat(learnedFindings(practice, slug, mri("CX3", 1, null))).isEmpty();
        assertThat(learnedFindings(practice, slug, mri("CX4", 1, null))).hasSize(1);
    }

    @Test
    void anotherPracticesHistoryNeitherShapesNorShows() {
        String north = newPractice("North Clinic");
        List<Claim> theirs = unauthorizedMris("N");
        history(north, theirs, denied(theirs, "197"));
        // ours: the same payer and procedure, paid
        List<Claim> ours = new ArrayList<>();
        for (int i = 0; i < 6; i++) ours.add(mri("O" + i, i, null));
        history(null, ours, ours.stream().map(c -> new Answer(c, null)).toList());

        assertThat(rules(http, null)).isEmpty();
        assertThat(learnedFindings(Practices.DEFAULT_ID, "default", mri("OX", 2, null))).isEmpty();
        assertThat(rules(withKey(org.reclaim.support.IntegrationTest.DEFAULT_PRACTICE_KEY), null))
                .isEmpty();

        List<String> northDenials =
                db.sql("SELECT id FROM denial WHERE practice_id = :p")
                        .bind("p", idOf(north))
                        .map(r -> r.get("id", UUID.class).toString())
                        .all()
                        .collectList()
                        .block();
        assertThat(rules(http, north))
                .singleElement()
                .satisfies(
                        r -> {
                            // its own six claims, not ours added
                            assertThat(r.get("claims")).isEqualTo(6);
                            @SuppressWarnings("unchecked")
                            List<String> shown = (List<String>) r.get("denials");
                            assertThat(shown).containsExactlyInAnyOrderElementsOf(northDenials);
                        });
    }

    @Test
    void theIncrementalCountsEqualAFullRelearn() {
        List<Claim> first = unauthorizedMris("I");
        List<Claim> modifiers = new ArrayList<>();
        for (int i = 0; i < 7; i++)
            modifiers.add(
                    new Claim(
                            "IM" + i,
                            "PAYR1",
                            "99214",
                            i == 0 ? "25" : null,
                            DIAGNOSES[i],
                            null,
                            "150",
                            SENT.minusDays(2)));
        // the 835 of the modifier claims arrives before their 837
        upload(http, null, History.claims(SENT, first));
        upload(
                http,
                null,
                History.answers(
                        PAID,
                        "PAYR1",
                        modifiers.stream()
                                .map(c -> new Answer(c, c.modifier() == null ? "4" : null))
                                .toList()));
        upload(http, null, History.answers(PAID.plusDays(3), "PAYR1", denied(first, "197")));
        upload(http, null, History.claims(SENT.plusDays(1), modifiers));

        List<String> incremental = counts();
        assertThat(incremental).isNotEmpty();
        assertThat(rules(http, null)).extracting(r -> r.get("condition")).contains("modifier");
        learner.relearn(Practices.DEFAULT_ID).block();
        assertThat(counts()).isEqualTo(incremental);
    }

    /**
     * A modifier rule's fix names the modifiers the practice's paid lines of that payer and
     * procedure carried (the demo's operator applies it); without such lines there is no fix.
     */
    @Test
    void aModifierRuleNamesTheModifierThePaidLinesCarried() {
        String slug = newPractice("Therapy Clinic");
        UUID practice = idOf(slug);
        List<Claim> without = new ArrayList<>();
        List<Claim> withGp = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            without.add(
                    new Claim("TN" + i, "PAYR1", "97110", null, DIAGNOSES[i], null, "60", SENT));
            withGp.add(new Claim("TG" + i, "PAYR1", "97110", "GP", DIAGNOSES[i], null, "60", SENT));
        }
        List<Claim> all = new ArrayList<>(without);
        all.addAll(withGp);
        List<Answer> answers = new ArrayList<>(denied(without, "4"));
        withGp.forEach(c -> answers.add(new Answer(c, null)));
        history(slug, all, answers);
        Claim next = new Claim("TX1", "PAYR1", "97110", null, "M545", null, "60", SENT);
        assertThat(learnedFindings(practice, slug, next))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).containsEntry("line[1].modifiers", "GP"));

        // the same habit, but no line with a modifier was ever paid: no fix is known
        String other = newPractice("No Modifier Clinic");
        List<Claim> denied = new ArrayList<>();
        for (int i = 0; i < 6; i++)
            denied.add(new Claim("TD" + i, "PAYR1", "97110", null, DIAGNOSES[i], null, "60", SENT));
        history(other, denied, denied(denied, "4"));
        assertThat(learnedFindings(idOf(other), other, next))
                .singleElement()
                .satisfies(f -> assertThat(f.fix()).isNullOrEmpty());
    }

    /** Every count row, the denial lists as sets. */
    List<String> counts() {
        List<String> rows = new ArrayList<>();
        rows.addAll(
                db.sql(
                                "SELECT concat_ws('|', practice_id, payer, procedure, modifiers, dx_category, pos,"
                                        + " rendering, condition, claims) AS r FROM learn_count")
                        .map(r -> r.get("r", String.class))
                        .all()
                        .collectList()
                        .block());
        rows.addAll(
                db.sql(
                                "SELECT concat_ws('|', practice_id, payer, procedure, modifiers, dx_category, pos,"
                                        + " rendering, condition, carc, category, denied, amount, last_seen,"
                                        + " (SELECT string_agg(x::text, ',' ORDER BY x) FROM unnest(denials) x)) AS r"
                                        + " FROM learn_denied_count")
                        .map(r -> r.get("r", String.class))
                        .all()
                        .collectList()
                        .block());
        rows.sort(null);
        return rows;
    }
}
