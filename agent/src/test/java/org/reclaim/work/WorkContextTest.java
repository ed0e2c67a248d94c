package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.connector.payer.CaseStatus;

/**
 * The step context: a typed record stored as JSON; rows of the old {@code key=value} format still
 * load.
 */
class WorkContextTest {

    static final UUID CLAIM = UUID.fromString("0190a1b2-0000-7000-8000-000000000001");
    static final UUID APPEAL = UUID.fromString("0190a1b2-0000-7000-8000-000000000002");
    static final UUID MARKER = UUID.fromString("0190a1b2-0000-7000-8000-000000000003");
    static final Instant DUE = Instant.parse("2026-03-04T05:06:07.123456Z");

    /**
     * Every key a step, an operator's decision or a payer's rejection writes today, with a value of
     * its kind.
     */
    static Map<String, String> everyKey() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pending.submit", "claim");
        m.put("submission.key", "d:3:1:submit:" + CLAIM);
        m.put("claimArtifact", CLAIM.toString());
        m.put("claim.method", "REPLACEMENT_CLAIM");
        m.put("claim.control", "000000012");
        m.put("claim.base", "original");
        m.put("appealArtifact", APPEAL.toString());
        m.put("draft.needsReview", "true");
        m.put("draft.errors", "line 2: modifier 59 is not valid with 99213; line 3: no units");
        m.put("draft.source", "TEMPLATE");
        m.put("portal.case", "CASE-17");
        m.put("portal.decision", "OVERTURNED");
        m.put("authorizationNumber", "PA-777");
        m.put("authorizationSource", "portal");
        m.put("eligibleMemberId", "W123456789");
        m.put("documents", "chart-notes.pdf\top-report.pdf");
        m.put("claimStatus", "F1:1");
        m.put("rebilled", "true");
        m.put("escalate.reason", "the payer asked for a call");
        m.put("rejection", "R AK905 5; A7 21 a reason\\with a backslash");
        m.put("eligibility.candidate", "W9RECORDS17");
        m.put("eligibility.candidate.source", "insurance-card.pdf, under \"Member #\"");
        m.put("eligibleMemberId.source", "271 (trace 0190a1b2000070008001)");
        m.put("artifact.1", APPEAL.toString());
        m.put("review.2", "APPROVED");
        m.put("review.2.edit.line[2].modifiers", "25\nwith a line break");
        m.put("review.2.edit.diagnosis.1", "E11.9");
        m.put("await.4", DUE.toString());
        m.put("case.5.asked", "2");
        m.put("case.5.due", DUE.toString());
        m.put("276.5.sent", MARKER.toString());
        m.put("276.5.asked", "1");
        m.put("276.5.trace", "0190a1b2000070008001");
        m.put("276.5.due", DUE.toString());
        m.put("270.0.sent", MARKER.toString());
        m.put("270.0.asked", "3");
        m.put("270.0.trace", "0190a1b2000070008003");
        m.put("270.0.due", DUE.toString());
        return m;
    }

    /**
     * A row as the context was stored before it was typed: {@code key=value} lines, {@code \} and
     * newlines escaped.
     */
    static String oldRow(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        values.forEach(
                (k, v) ->
                        b.append(k)
                                .append('=')
                                .append(v.replace("\\", "\\\\").replace("\n", "\\n"))
                                .append('\n'));
        return b.toString();
    }

    @Test
    void everyKeyRoundTripsThroughTheTypedRecordAndItsJson() {
        WorkContext c = WorkContext.EMPTY.with(everyKey());
        everyKey().forEach((k, v) -> assertThat(c.get(k)).as(k).isEqualTo(v));
        assertThat(new HashMap<>(c.asMap())).isEqualTo(new HashMap<>(everyKey()));

        String json = c.encode();
        assertThat(json).startsWith("{");
        WorkContext back = WorkContext.decode(json);
        assertThat(back).isEqualTo(c);
        assertThat(back.encode()).isEqualTo(json);
        everyKey().forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
    }

    @Test
    void whatStepsKeptUnderTheirIndexIsReadByTheirIdsOfThePlaybook(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path none) {
        org.reclaim.playbook.Playbook documentation =
                org.reclaim.triage.Triage.load(org.reclaim.rules.TriageFiles.locate(none, none))
                        .playbooks()
                        .byId("documentation");
        // the documentation playbook: records, appeal, review (2), submit, await-response (4), ...
        assertThat(documentation.steps().get(2).id()).isEqualTo("review");
        assertThat(documentation.steps().get(4).id()).isEqualTo("await-response");
        Map<String, String> stored = new LinkedHashMap<>();
        stored.put("review.2", "APPROVED");
        stored.put("review.2.edit.line[1].units", "2");
        stored.put("await.4", DUE.toString());
        stored.put("await.40", DUE.toString()); // no step there: left as it is
        // stored before steps had ids: a step's values by its index, in JSON
        WorkContext old = WorkContext.decode(WorkContext.EMPTY.with(stored).encode());

        WorkContext byId = old.keyedBy(documentation);

        assertThat(byId.get("review.review")).isEqualTo("APPROVED");
        assertThat(byId.get("review.review.edit.line[1].units")).isEqualTo("2");
        assertThat(byId.get("await.await-response")).isEqualTo(DUE.toString());
        assertThat(byId.get("review.2")).isNull();
        assertThat(byId.get("await.4")).isNull();
        assertThat(byId.steps()).containsOnlyKeys("review", "await-response", "40");
        // a decision written by index after the ids (an operator's, on a review opened before the
        // upgrade) wins over the one kept under the id
        WorkContext later =
                byId.with(Map.of("review.review", "REJECTED"))
                        .with(Map.of("review.2", "APPROVED"))
                        .keyedBy(documentation);
        assertThat(later.get("review.review")).isEqualTo("APPROVED");
        assertThat(byId.keyedBy(documentation)).isEqualTo(byId);
    }

    @Test
    void theKeysAreTypedFieldsAndTheJsonCarriesTheirTypes() {
        WorkContext c = WorkContext.EMPTY.with(everyKey());
        assertThat(c.pendingSubmit()).isEqualTo(WorkContext.Pending.CLAIM);
        assertThat(c.claim())
                .isEqualTo(
                        new WorkContext.Claim(CLAIM, "REPLACEMENT_CLAIM", "000000012", "original"));
        assertThat(c.appealArtifact()).isEqualTo(APPEAL);
        assertThat(c.draft().needsReview()).isTrue();
        assertThat(c.portal())
                .isEqualTo(new WorkContext.PortalCase("CASE-17", CaseStatus.State.OVERTURNED));
        assertThat(c.authorization()).isEqualTo(new WorkContext.Authorization("PA-777", "portal"));
        assertThat(c.documents()).containsExactly("chart-notes.pdf", "op-report.pdf");
        assertThat(c.rebilled()).isTrue();
        assertThat(c.steps()).containsOnlyKeys("0", "1", "2", "4", "5");
        assertThat(c.step("1").artifact()).isEqualTo(APPEAL);
        assertThat(c.step("2").review().decision()).isEqualTo(WorkContext.Decision.APPROVED);
        assertThat(c.step("2").review().edits())
                .containsEntry("line[2].modifiers", "25\nwith a line break");
        assertThat(c.step("4").awaitUntil()).isEqualTo(DUE);
        assertThat(c.step("5").portalFollowUp()).isEqualTo(new WorkContext.FollowUp(2, DUE));
        assertThat(c.step("5").inquiry("276"))
                .isEqualTo(new WorkContext.Inquiry(MARKER, 1, "0190a1b2000070008001", DUE));
        assertThat(c.step("0").inquiry("270").asked()).isEqualTo(3);
        assertThat(c.step("3")).isEqualTo(WorkContext.StepState.NONE);

        String json = c.encode();
        assertThat(json)
                .contains(
                        "\"pendingSubmit\":\"CLAIM\"",
                        "\"artifact\":\"" + CLAIM + "\"",
                        "\"needsReview\":true",
                        "\"rebilled\":true",
                        "\"documents\":[\"chart-notes.pdf\",\"op-report.pdf\"]",
                        "\"asked\":2",
                        "\"due\":\"" + DUE + "\"",
                        "\"decision\":\"OVERTURNED\"");

        // a sent claim: pending.submit empty, as the steps write it
        WorkContext sent = c.with(Map.of("pending.submit", ""));
        assertThat(sent.pendingSubmit()).isEqualTo(WorkContext.Pending.SENT);
        assertThat(sent.get("pending.submit")).isEmpty();
        assertThat(WorkContext.decode(sent.encode()).get("pending.submit")).isEmpty();
    }

    @Test
    void removingKeysDropsWhatIsLeftEmpty() {
        WorkContext c = WorkContext.EMPTY.with(everyKey());
        Map<String, String> none = new HashMap<>();
        everyKey().keySet().forEach(k -> none.put(k, null));
        WorkContext cleared = c.with(none);
        assertThat(cleared).isEqualTo(WorkContext.EMPTY);
        assertThat(cleared.encode()).isEqualTo("{}");
        assertThat(cleared.asMap()).isEmpty();

        Map<String, String> oneInquiry = new HashMap<>();
        oneInquiry.put("276.5.sent", null);
        oneInquiry.put("276.5.asked", null);
        WorkContext less = c.with(oneInquiry);
        assertThat(less.get("276.5.sent")).isNull();
        assertThat(less.get("276.5.trace")).isEqualTo("0190a1b2000070008001");
        assertThat(less.step("5").inquiry("276"))
                .isEqualTo(new WorkContext.Inquiry(null, null, "0190a1b2000070008001", DUE));
    }

    @Test
    void anOldKeyValueRowLoadsAsTheSameTypedContext() {
        String old = oldRow(everyKey());
        assertThat(old)
                .contains("review.2.edit.line[2].modifiers=25\\nwith a line break\n")
                .contains("rejection=R AK905 5; A7 21 a reason\\\\with a backslash\n");

        WorkContext read = WorkContext.decode(old);
        assertThat(read).isEqualTo(WorkContext.EMPTY.with(everyKey()));
        everyKey().forEach((k, v) -> assertThat(read.get(k)).as(k).isEqualTo(v));
        assertThat(read.claim().artifact()).isEqualTo(CLAIM);
        // written again (the next step does), it is JSON and reads back the same
        assertThat(WorkContext.decode(read.encode())).isEqualTo(read);

        // rows as the old code left them: empty (a new item), and a sent claim's empty
        // pending.submit
        assertThat(WorkContext.decode("")).isEqualTo(WorkContext.EMPTY);
        assertThat(WorkContext.decode(null)).isEqualTo(WorkContext.EMPTY);
        assertThat(WorkContext.decode("submission.key=k\npending.submit=\n").pendingSubmit())
                .isEqualTo(WorkContext.Pending.SENT);
    }

    @Test
    void anOldRowsLineThatNoLongerFitsIsLeftOutNotFatal() {
        WorkContext read =
                WorkContext.decode(
                        "authorizationNumber=A-1\nsomething.else=x\nclaimArtifact=not-a-uuid\n"
                                + "no equals sign\n");
        assertThat(read.asMap()).isEqualTo(Map.of("authorizationNumber", "A-1"));
    }

    @Test
    void aKeyItDoesNotKnowOrAValueThatDoesNotFitIsRefused() {
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("artifactt.1", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key artifactt.1");
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("x=y\nz", "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("claimArtifact", "not-a-uuid")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("await.2", "tomorrow")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("review.1", "MAYBE")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkContext.EMPTY.with(Map.of("pending.submit", "letter")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkContext.EMPTY.get("case.1.trace"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WorkContext.EMPTY.get("claimArtifact")).isNull();
        assertThat(WorkContext.EMPTY.get("review.7.edit.line[1].units")).isNull();
    }

    @Test
    void aFieldANewerVersionWroteIsIgnoredOnRead() {
        WorkContext read =
                WorkContext.decode(
                        "{\"appealArtifact\":\"" + APPEAL + "\",\"somethingNew\":{\"a\":1}}");
        assertThat(read.appealArtifact()).isEqualTo(APPEAL);
        assertThat(read.asMap()).isEqualTo(Map.of("appealArtifact", APPEAL.toString()));
        assertThat(List.of(read.encode()))
                .containsExactly("{\"appealArtifact\":\"" + APPEAL + "\"}");
    }
}
