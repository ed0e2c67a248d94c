package org.reclaim.payeranswer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.ingest.IngestService;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;

/**
 * A later 835 answers the denials of an earlier one (Resolutions): what it recovered goes to the
 * line it was paid on, a line it denies for the first time is new work, and an answer that fails to
 * apply is applied again later instead of being lost. The 835s are written here, by hand, with
 * synthetic values; "work done" is a submission row, as the agent's SUBMIT step leaves one.
 */
class PayerAnswersTest extends ApiTest {

    @Autowired IngestService ingest;
    @Autowired Environment env;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;

    @Test
    void aLineTheAnswerDeniesForTheFirstTimeIsNewWorkWhileTheLineWorkedOnIsPaid() {
        upload(
                remit(
                        "ANSTRACE1",
                        "20261001",
                        200,
                        SOME_PAYER,
                        claim(
                                "ANS-1",
                                300,
                                200,
                                "",
                                line("99213", 100, 0, "CO*97*100"),
                                line("99214", 100, 100, null),
                                line("99215", 100, 100, null))));
        UUID worked = denial("ANS-1", 1);
        workDone(worked);

        upload(
                remit(
                        "ANSTRACE2",
                        "20261020",
                        250,
                        SOME_PAYER,
                        claim(
                                "ANS-1",
                                300,
                                250,
                                "",
                                line("99213", 100, 100, null),
                                line("99214", 100, 100, null),
                                line("99215", 100, 50, "CO*50*50"))));

        assertThat(status(worked)).isEqualTo("RESOLVED_PAID");
        assertThat(recovered(worked)).isEqualByComparingTo("100.00");
        // line 3 was paid the first time: its denial now is the payer's new decision, to be worked
        UUID fresh = denial("ANS-1", 3);
        assertThat(status(fresh)).as("a line denied for the first time").isEqualTo("TRIAGED");
    }

    @Test
    void aClaimLevelDenialIsNotCreditedWithWhatALineRecovered() {
        // claim level CO-16 $30 and line 1 CO-97 $100: 200 - 30 - 100 = 70 paid
        upload(
                remit(
                        "ANSTRACE3",
                        "20261001",
                        70,
                        SOME_PAYER,
                        claim(
                                "ANS-2",
                                200,
                                70,
                                "CAS*CO*16*30~",
                                line("99213", 100, 0, "CO*97*100"),
                                line("99214", 100, 100, null))));
        UUID claimLevel = denial("ANS-2", null);
        UUID line1 = denial("ANS-2", 1);
        workDone(claimLevel);
        workDone(line1);

        // line 1 is paid now; the claim level's $30 is taken again
        upload(
                remit(
                        "ANSTRACE4",
                        "20261020",
                        170,
                        SOME_PAYER,
                        claim(
                                "ANS-2",
                                200,
                                170,
                                "CAS*CO*16*30~",
                                line("99213", 100, 100, null),
                                line("99214", 100, 100, null))));

        assertThat(status(line1)).isEqualTo("RESOLVED_PAID");
        assertThat(recovered(line1)).isEqualByComparingTo("100.00");
        assertThat(status(claimLevel))
                .as("the claim level was denied again and paid nothing")
                .isEqualTo("UPHELD");
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isEqualTo(1);
    }

    @Test
    void theNextAppealLevelIsThePayersTriageFoundAndItsWindowRunsFromTheDecision()
            throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                """
                  - step: AWAIT_RESPONSE
                    wait: P30D
                    on: {UPHELD: next}
                  - id: next
                    step: NEXT_APPEAL_LEVEL
                    on: {DONE: END, NOT_FOUND: person}
                  - id: person
                    step: ESCALATE
                """);
        try {
            // plan A known by its TRN03 only: N1*PR names an id payers.yml does not list (plan A
            // has two
            // appeal levels, 90 then 60 days; an unconfigured payer has one)
            // dated from the agent's clock, which other tests move forward
            LocalDate paid = triage.today().minusDays(30);
            LocalDate upheld = triage.today().minusDays(10);
            upload(
                    remit(
                            "ANSTRACE7",
                            x12(paid),
                            170,
                            PLAN_A_BY_TRN03,
                            claim("ANS-4", 200, 170, "CAS*CO*16*30~")));
            UUID denial = denial("ANS-4", null);
            orchestrator.runUntilIdle().block();
            workDone(denial);
            db.sql("UPDATE denial SET appeal_level = 1 WHERE id = :d")
                    .bind("d", denial)
                    .then()
                    .block();

            upload(
                    remit(
                            "ANSTRACE8",
                            x12(upheld),
                            170,
                            PLAN_A_BY_TRN03,
                            claim("ANS-4", 200, 170, "CAS*CO*16*30~")));
            assertThat(status(denial)).isEqualTo("UPHELD");
            orchestrator.runUntilIdle().block();

            var after =
                    db.sql("SELECT appeal_level, deadline FROM denial WHERE id = :d")
                            .bind("d", denial)
                            .map(
                                    r ->
                                            List.of(
                                                    r.get("appeal_level", Integer.class),
                                                    r.get("deadline", LocalDate.class)))
                            .one()
                            .block();
            // plan A's second level, 60 days from the payer's decision (not from whenever the step
            // ran)
            assertThat(after).containsExactly(2, upheld.plusDays(60));
            assertThat(status(denial)).isEqualTo("NEXT_LEVEL");
        } finally {
            TestPlaybooks.shipped(triage);
        }
    }

    @Test
    void anAnswerThatFailsToApplyIsAppliedAgainLaterAndBilledOnce() throws SQLException {
        // dated from the agent's clock (other tests move it forward): the new denial's deadline is
        // far off
        upload(
                remit(
                        "ANSTRACE5",
                        x12(triage.today().minusDays(30)),
                        200,
                        SOME_PAYER,
                        claim(
                                "ANS-3",
                                300,
                                200,
                                "",
                                line("99213", 100, 0, "CO*97*100"),
                                line("99214", 100, 100, null),
                                line("99215", 100, 100, null))));
        UUID worked = denial("ANS-3", 1);
        workDone(worked);

        Map<String, Object> stored;
        owner(
                """
                CREATE FUNCTION test_refuse_answer() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused by PayerAnswersTest'; END $$;
                CREATE TRIGGER test_refuse_answer BEFORE UPDATE OF answered_by ON denial
                    FOR EACH ROW EXECUTE FUNCTION test_refuse_answer()""");
        try {
            // line 1 paid now; line 3, paid the first time, denied now: new work, once the file is
            // applied
            stored =
                    upload(
                            remit(
                                    "ANSTRACE6",
                                    x12(triage.today().minusDays(10)),
                                    250,
                                    SOME_PAYER,
                                    claim(
                                            "ANS-3",
                                            300,
                                            250,
                                            "",
                                            line("99213", 100, 100, null),
                                            line("99214", 100, 100, null),
                                            line("99215", 100, 50, "CO*50*50"))));
        } finally {
            owner("DROP TRIGGER test_refuse_answer ON denial; DROP FUNCTION test_refuse_answer()");
        }
        // the file is stored and says its answers are not applied yet; the denial still waits
        assertThat((List<?>) stored.get("warnings"))
                .anySatisfy(w -> assertThat((String) w).contains("applied again later"));
        assertThat(status(worked)).isEqualTo("AWAITING_PAYER");
        assertThat(TestData.count(db, "SELECT count(*) FROM x12_file WHERE answered_at IS NULL"))
                .isEqualTo(1);
        UUID fresh = denial("ANS-3", 3);

        // while its lease holds, nobody takes the file over, and no work starts on what it brought:
        // it
        // may still turn out to be the payer's answer to work already done
        ingest.catchUp().block();
        orchestrator.runUntilIdle().block();
        assertThat(status(worked)).isEqualTo("AWAITING_PAYER");
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '" + fresh + "'"))
                .isZero();

        // the lease lapses (the instance that stored it may be gone): the next catch-up applies it
        db.sql(
                        "UPDATE x12_file SET answering_until = now() - interval '1 second' WHERE answered_at IS NULL")
                .then()
                .block();
        ingest.catchUp().block();
        assertThat(status(worked)).isEqualTo("RESOLVED_PAID");
        assertThat(TestData.count(db, "SELECT count(*) FROM x12_file WHERE answered_at IS NULL"))
                .isZero();
        orchestrator.runUntilIdle().block();
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM work_item WHERE denial_id = '" + fresh + "'"))
                .isEqualTo(1);

        // applied once more (two instances, a retry): nothing changes, nothing is billed twice
        db.sql("UPDATE x12_file SET answered_at = NULL, answering_until = NULL").then().block();
        ingest.catchUp().block();
        assertThat(status(worked)).isEqualTo("RESOLVED_PAID");
        assertThat(TestData.count(db, "SELECT count(*) FROM billable_event")).isEqualTo(1);
        assertThat(
                        TestData.count(
                                db,
                                "SELECT count(*) FROM denial_event WHERE to_status = 'RESOLVED_PAID'"))
                .isEqualTo(1);
    }

    // ---- the 835s, written by hand ----

    private static String line(String procedure, int charge, int paid, String cas) {
        return "SVC*HC:"
                + procedure
                + "*"
                + charge
                + "*"
                + paid
                + "**1~DTM*472*20260915~"
                + (cas == null ? "" : "CAS*" + cas + "~");
    }

    /** One CLP loop; {@code claimCas}: claim-level CAS segments, or "". */
    private static String claim(
            String pcn, int charge, int paid, String claimCas, String... lines) {
        return "CLP*"
                + pcn
                + "*1*"
                + charge
                + "*"
                + paid
                + "**12*"
                + pcn
                + "-PAYER~"
                + claimCas
                + "NM1*QC*1*SYNTHETIC*PATIENT****MI*SYN"
                + pcn
                + "~"
                + String.join("", lines);
    }

    /** A payer not in config/payers.yml; the fictitious plan A that is, known by its TRN03 only. */
    private static final String SOME_PAYER = "N1*PR*SYNTHETIC PAYER~";

    private static final String PLAN_A_BY_TRN03 =
            "TRN03=1990000103|N1*PR*A PLAN BY ANOTHER NAME*XV*UNLISTED77~";

    /** {@code payer}: its N1*PR segment, after "TRN03=<id>|" when the TRN03 is to name it. */
    private static String remit(
            String trace, String date, int payment, String payer, String... claims) {
        String originator =
                payer.startsWith("TRN03=") ? payer.substring(6, payer.indexOf('|')) : "1999999999";
        String n1 = payer.substring(payer.indexOf('|') + 1);
        String body =
                "ST*835*0001~BPR*I*"
                        + payment
                        + "*C*CHK************"
                        + date
                        + "~TRN*1*"
                        + trace
                        + "*"
                        + originator
                        + "~"
                        + "DTM*405*"
                        + date
                        + "~"
                        + n1
                        + "N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + String.join("", claims);
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*"
                + date
                + "*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~"
                + "GE*1*1~IEA*1*000000001~";
    }

    // ---- helpers ----

    private static String x12(LocalDate d) {
        return d.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    private Map<String, Object> upload(String x12) {
        return withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    /** The claim's latest denial on that line (null: at claim level). */
    private UUID denial(String pcn, Integer line) {
        return db.sql(
                        "SELECT id FROM denial WHERE patient_control_number = :pcn AND "
                                + (line == null ? "line IS NULL" : "line = " + line)
                                + " ORDER BY payment_date DESC LIMIT 1")
                .bind("pcn", pcn)
                .map(r -> r.get(0, UUID.class))
                .one()
                .block();
    }

    private void workDone(UUID denial) {
        db.sql(
                        """
                        INSERT INTO submission (id, practice_id, denial_id, idempotency_key, channel, kind, status, created_at, sent_at)
                        SELECT gen_random_uuid(), practice_id, id, 'test-' || id, 'clearinghouse', '837', 'SENT', now(), now()
                        FROM denial WHERE id = :d""")
                .bind("d", denial)
                .then()
                .block();
        db.sql("UPDATE denial SET status = 'AWAITING_PAYER' WHERE id = :d")
                .bind("d", denial)
                .then()
                .block();
    }

    private String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    private BigDecimal recovered(UUID denial) {
        return db.sql("SELECT recovered FROM denial WHERE id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, BigDecimal.class))
                .one()
                .block();
    }

    /** Runs statements as the schema owner (the application role may not create triggers). */
    private void owner(String sql) throws SQLException {
        try (Connection c =
                        DriverManager.getConnection(
                                env.getProperty("spring.flyway.url"),
                                env.getProperty("spring.flyway.user"),
                                env.getProperty("spring.flyway.password"));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
