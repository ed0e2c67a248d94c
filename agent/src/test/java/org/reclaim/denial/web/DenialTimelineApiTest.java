package org.reclaim.denial.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.support.TestRecords;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A denial's timeline and notes through the API: all kinds, in time order, practice-scoped. */
class DenialTimelineApiTest extends ApiTest {

    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;

    @BeforeEach
    void draftSubmitWait() throws IOException {
        TestPlaybooks.forEveryCategory(
                triage,
                """
                  - step: DRAFT_APPEAL
                  - step: SUBMIT
                    channel: FAX
                  - step: AWAIT_RESPONSE
                    wait: P10D
                  - step: WRITE_OFF
                """);
    }

    @AfterEach
    void shipped() throws IOException {
        TestPlaybooks.shipped(triage);
        TestRecords.clear(props);
    }

    /** A denial the agent drafted an appeal for and sent it: it now waits for the payer. */
    private UUID worked() {
        Generated.upload(http, 40, 3, 0.4, triage.today().minusDays(20));
        TestRecords.noteForEveryDenial(props, db);
        orchestrator.runUntilIdle().block();
        UUID id =
                db.sql(
                                """
                        SELECT d.id FROM denial d WHERE EXISTS (SELECT 1 FROM submission s WHERE s.denial_id = d.id)
                          AND EXISTS (SELECT 1 FROM artifact a WHERE a.denial_id = d.id)
                        ORDER BY d.id LIMIT 1""")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        assertThat(id).as("a denial with a drafted and sent appeal").isNotNull();
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> content(WebTestClient client, String uri) {
        return (List<Map<String, Object>>)
                client.get()
                        .uri(uri)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("content");
    }

    private Map<String, Object> note(WebTestClient client, UUID denial, String text) {
        return client.post()
                .uri("/api/v1/denials/" + denial + "/notes")
                .bodyValue(Map.of("text", text))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void theTimelineHoldsEveryKindOfEventInTimeOrder() {
        UUID denial = worked();
        note(http, denial, "Called the payer: they have the appeal.");

        List<Map<String, Object>> entries =
                content(http, "/api/v1/denials/" + denial + "/timeline");

        List<Object> kinds = entries.stream().map(e -> e.get("kind")).toList();
        assertThat(kinds)
                .contains("answer", "step", "status", "artifact", "submission", "note")
                .allMatch(
                        k ->
                                List.of(
                                                "answer",
                                                "step",
                                                "status",
                                                "artifact",
                                                "submission",
                                                "note")
                                        .contains(k));
        // in time order: every instant is ISO-8601 and none is before the one above it
        Instant previous = Instant.MIN;
        for (var e : entries) {
            Instant at = Instant.parse((String) e.get("at"));
            assertThat(at).as("%s", e).isAfterOrEqualTo(previous);
            previous = at;
        }
        // it starts with the payer's denial and ends with the note written last
        assertThat(entries.get(0)).containsEntry("kind", "answer");
        assertThat((String) entries.get(0).get("title")).isEqualTo("denied by the payer");
        assertThat(entries.get(entries.size() - 1))
                .containsEntry("kind", "note")
                .containsEntry("detail", "Called the payer: they have the appeal.")
                .containsEntry("actor", "operator:admin");
        // nothing is left out: every step run, status move, artifact and submission is there
        for (var table :
                Map.of(
                                "step",
                                "step_run",
                                "status",
                                "denial_event",
                                "artifact",
                                "artifact",
                                "submission",
                                "submission")
                        .entrySet()) {
            long rows =
                    TestData.count(
                            db,
                            "SELECT count(*) FROM "
                                    + table.getValue()
                                    + " WHERE denial_id = '"
                                    + denial
                                    + "'");
            assertThat(kinds.stream().filter(table.getKey()::equals).count())
                    .as(table.getKey())
                    .isEqualTo(rows)
                    .isPositive();
        }
        // a status move says what it was and who made it
        assertThat(entries)
                .anySatisfy(
                        e -> {
                            assertThat(e).containsEntry("kind", "status");
                            assertThat((String) e.get("title")).contains("→ SUBMITTED");
                            assertThat((String) e.get("actor")).startsWith("agent:");
                        });
    }

    @Test
    void anotherPracticesDenialIsNotFoundAndTakesNoNote() {
        UUID denial = worked();
        Map<String, Object> other =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(Map.of("name", "Elsewhere", "slug", "elsewhere"))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        WebTestClient elsewhere = withKey((String) other.get("apiKey"));
        for (String path : List.of("/timeline", "/notes")) {
            elsewhere
                    .get()
                    .uri("/api/v1/denials/" + denial + path)
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
        elsewhere
                .post()
                .uri("/api/v1/denials/" + denial + "/notes")
                .bodyValue(Map.of("text", "not mine"))
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(TestData.count(db, "SELECT count(*) FROM denial_note")).isZero();

        // its own practice sees it, and a note by its key names the practice
        WebTestClient own = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        assertThat(content(own, "/api/v1/denials/" + denial + "/timeline")).isNotEmpty();
        assertThat(note(own, denial, "from the practice"))
                .containsEntry("author", "practice:default");
    }

    @Test
    void notesAreCleanedCappedListedInOrderAndNeverChangedOrDeleted() {
        UUID denial = worked();
        assertThat(note(http, denial, "  first\u0007 line\u001b\nsecond line  "))
                .containsEntry("text", "first line\nsecond line");
        note(http, denial, "x".repeat(2000));
        for (String bad : List.of("", "  \u0007 ", "y".repeat(2001))) {
            String detail =
                    (String)
                            http.post()
                                    .uri("/api/v1/denials/" + denial + "/notes")
                                    .bodyValue(Map.of("text", bad))
                                    .exchange()
                                    .expectStatus()
                                    .isBadRequest()
                                    .expectBody(JSON)
                                    .returnResult()
                                    .getResponseBody()
                                    .get("detail");
            assertThat(detail).startsWith("text: ");
        }
        List<Map<String, Object>> notes = content(http, "/api/v1/denials/" + denial + "/notes");
        assertThat(notes).extracting(n -> n.get("text")).hasSize(2);
        assertThat(notes.get(0)).containsEntry("text", "first line\nsecond line");
        assertThat(notes.get(0)).containsEntry("author", "operator:admin");

        // the application's database role may add notes but never change or delete one
        assertThatThrownBy(() -> db.sql("DELETE FROM denial_note").fetch().rowsUpdated().block())
                .hasMessageContaining("permission denied");
        assertThatThrownBy(
                        () ->
                                db.sql("UPDATE denial_note SET text = 'changed'")
                                        .fetch()
                                        .rowsUpdated()
                                        .block())
                .hasMessageContaining("permission denied");
        assertThat(TestData.count(db, "SELECT count(*) FROM denial_note")).isEqualTo(2);
    }
}
