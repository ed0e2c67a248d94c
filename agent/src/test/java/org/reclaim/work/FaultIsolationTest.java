package org.reclaim.work;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.support.TestData.count;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One item's fault is that item's (issue 14, item 6): a partner's answer carrying a NUL, or a step
 * whose end cannot be recorded, never stops the other items of the pass; an item that keeps failing
 * goes to a person with the fault after {@code reclaim.agent.max-failures} (5) in a row.
 */
class FaultIsolationTest extends ApiTest {

    static final String PAYER = "TSTCOMA1";

    @Autowired Orchestrator orchestrator;
    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;
    @Autowired AgentProperties agent;

    WireMockServer portal;

    @BeforeEach
    void portalForOnePayer() {
        portal = new WireMockServer(wireMockConfig().dynamicPort());
        portal.start();
        http.put()
                .uri("/api/v1/connectors/payer-portals/" + PAYER)
                .bodyValue(
                        Map.of(
                                "baseUrl",
                                portal.baseUrl(),
                                "authHeaderName",
                                "X-Api-Key",
                                "authHeaderValue",
                                "portal-secret-6666"))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        TestData.asOwner(db, "DROP TRIGGER IF EXISTS fault_for_test ON step_run");
        TestData.asOwner(db, "DROP FUNCTION IF EXISTS fault_for_test()");
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aNulInAPortalsAnswerIsLeftOutOfWhatIsStoredAndTheOtherItemsOfThePassGoOn()
            throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        Generated.upload(http, 60, 91, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        List<UUID> followed =
                db.sql(
                                "SELECT id FROM denial WHERE payer_id = :p AND status = 'TRIAGED' "
                                        + "AND id IN (SELECT denial_id FROM work_item) ORDER BY id")
                        .bind("p", PAYER)
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(followed).hasSizeGreaterThanOrEqualTo(3);
        // appeals filed through the portal earlier: their cases are followed there
        for (UUID d : followed) items.amend(d, null, Map.of("portal.case", "CASE-" + d)).block();
        UUID dismissed = followed.get(0);
        portal.stubFor(
                get(urlPathMatching("/appeals/.+"))
                        .atPriority(10)
                        .willReturn(json("{\"status\": \"in review\"}")));
        portal.stubFor(
                get(urlEqualTo("/appeals/CASE-" + dismissed))
                        .atPriority(1)
                        .willReturn(
                                json(
                                        "{\"status\": \"dismissed\", \"reason\": \"filed"
                                                + " \\u0000late\\u0007\"}")));
        orchestrator.runUntilIdle().block(); // every wait starts; the portal is asked in 7 days
        long before = count(db, "SELECT count(*) FROM step_run");

        clock.advanceBy(agent.portalPoll().plusMinutes(1));
        orchestrator.runUntilIdle().block();

        assertThat(status(dismissed)).isEqualTo("ESCALATED");
        assertThat(
                        db.sql(
                                        "SELECT reason FROM denial_event WHERE denial_id = :d AND to_status = 'ESCALATED'")
                                .bind("d", dismissed)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .contains("filed late")
                .doesNotContain("\u0000", "\u0007");
        assertThat(
                        db.sql(
                                        "SELECT detail FROM step_run WHERE denial_id = :d AND outcome = 'FAILED'")
                                .bind("d", dismissed)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo(
                        "the payer's portal says DISMISSED for case CASE-"
                                + dismissed
                                + ": filed late");
        for (UUID other : followed.subList(1, followed.size())) {
            assertThat(status(other)).as("the pass went on").isEqualTo("IN_PROGRESS");
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM step_run WHERE denial_id = '"
                                            + other
                                            + "' AND detail LIKE '%IN_REVIEW%still waiting'"))
                    .as("asked the portal")
                    .isEqualTo(1);
        }
        assertThat(count(db, "SELECT count(*) FROM step_run")).isGreaterThan(before);
    }

    @Test
    void aStepWhoseEndCannotBeRecordedFailsAloneAndGoesToAPersonAfterFiveFaultsInARow()
            throws Exception {
        TestPlaybooks.forEveryCategory(triage, category -> "  - step: WRITE_OFF\n");
        Generated.upload(http, 30, 92, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        List<UUID> all =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id")
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(all).hasSizeGreaterThan(2);
        UUID doomed = all.get(all.size() / 2);
        // the database refuses this one denial's step log, as it would a row it cannot keep
        TestData.asOwner(
                db,
                """
                        CREATE FUNCTION fault_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF NEW.denial_id = '%s' THEN RAISE EXCEPTION 'synthetic fault for the test'; END IF;
                            RETURN NEW;
                        END $$"""
                        .formatted(doomed));
        TestData.asOwner(
                db,
                "CREATE TRIGGER fault_for_test BEFORE INSERT ON step_run FOR EACH ROW"
                        + " EXECUTE FUNCTION fault_for_test()");

        orchestrator.runUntilIdle().block();

        for (UUID other : all) {
            if (!other.equals(doomed))
                assertThat(status(other)).as("the pass went on").isEqualTo("WRITTEN_OFF");
        }
        assertThat(status(doomed)).isEqualTo("IN_PROGRESS");
        assertThat(failures(doomed)).isEqualTo(1);
        assertThat(
                        db.sql("SELECT last_failure FROM work_item WHERE denial_id = :d")
                                .bind("d", doomed)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .contains("synthetic fault for the test");

        for (int n = 2; n <= 5; n++) {
            orchestrator.runUntilIdle().block();
            assertThat(failures(doomed))
                    .as("not tried again before a lease has passed")
                    .isEqualTo(n - 1);
            clock.advanceBy(agent.lease().plusSeconds(1));
            orchestrator.runUntilIdle().block();
            assertThat(failures(doomed)).isEqualTo(n);
            assertThat(status(doomed)).isEqualTo(n < 5 ? "IN_PROGRESS" : "ESCALATED");
        }
        String reason =
                db.sql(
                                "SELECT reason FROM denial_event WHERE denial_id = :d AND to_status = 'ESCALATED'"
                                        + " AND actor = 'agent:FAULT'")
                        .bind("d", doomed)
                        .map(r -> r.get(0, String.class))
                        .one()
                        .block();
        assertThat(reason)
                .startsWith(
                        "the agent could not work step WRITE_OFF: 5 faults in a row, the last: ")
                .contains("synthetic fault for the test");
        assertThat(
                        db.sql("SELECT state FROM work_item WHERE denial_id = :d")
                                .bind("d", doomed)
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo("DONE");
    }

    @Test
    void aStepRecordedAfterAFaultStartsTheCountAgain() throws Exception {
        TestPlaybooks.forEveryCategory(
                triage,
                category -> "  - step: AWAIT_RESPONSE\n    wait: P1D\n  - step: WRITE_OFF\n");
        Generated.upload(http, 10, 93, 0.5, triage.today().minusDays(10));
        items.enqueueTriaged(clock.instant()).block();
        UUID denial =
                db.sql("SELECT denial_id FROM work_item ORDER BY denial_id LIMIT 1")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        TestData.asOwner(
                db,
                """
                        CREATE FUNCTION fault_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            IF NEW.denial_id = '%s' AND NEW.step = 'AWAIT_RESPONSE'
                                AND (SELECT failures FROM work_item WHERE denial_id = NEW.denial_id) < 2
                            THEN RAISE EXCEPTION 'synthetic fault for the test'; END IF;
                            RETURN NEW;
                        END $$"""
                        .formatted(denial));
        TestData.asOwner(
                db,
                "CREATE TRIGGER fault_for_test BEFORE INSERT ON step_run FOR EACH ROW"
                        + " EXECUTE FUNCTION fault_for_test()");
        orchestrator.runUntilIdle().block();
        clock.advanceBy(agent.lease().plusSeconds(1));
        orchestrator.runUntilIdle().block();
        assertThat(failures(denial)).isEqualTo(2);
        clock.advanceBy(agent.lease().plusSeconds(1));
        orchestrator.runUntilIdle().block(); // the wait starts: recorded
        assertThat(failures(denial)).isZero();
        assertThat(
                        count(
                                db,
                                "SELECT count(*) FROM work_item WHERE last_failure IS NULL AND denial_id = '"
                                        + denial
                                        + "'"))
                .isEqualTo(1);
        assertThat(status(denial)).isEqualTo("IN_PROGRESS");
    }

    int failures(UUID denial) {
        return db.sql("SELECT failures FROM work_item WHERE denial_id = :d")
                .bind("d", denial)
                .map(r -> r.get(0, Integer.class))
                .one()
                .block();
    }

    String status(UUID denial) {
        return db.sql("SELECT status FROM denial WHERE id = :id")
                .bind("id", denial)
                .map(r -> r.get(0, String.class))
                .one()
                .block();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
