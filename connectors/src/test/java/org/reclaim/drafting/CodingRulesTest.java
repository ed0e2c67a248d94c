package org.reclaim.drafting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coding rules read the documents on file with the variety practices write them in, refuse a
 * negated statement, and check every modifier a model proposes.
 */
class CodingRulesTest {

    static final CodingRule EM_25 =
            new CodingRule(
                    "em-25-minor-procedure",
                    "CMS NCCI Policy Manual for Medicare Services, Chapter I, §D",
                    Set.of("4"),
                    "25",
                    List.of("99202-99205", "99211-99215"),
                    List.of("11720-11721", "17110"),
                    List.of(
                            CodingRule.phrase(
                                    "significant(ly)?,? (and |& )?separately identifiable"),
                            CodingRule.phrase(
                                    "separately identifiable( e/?m)? *[:=] *(yes|y|x|true)\\b")),
                    false,
                    null);

    static Map<String, String> visitAndNailDebridement() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(ClaimFields.FREQUENCY_CODE, "1");
        c.put(ClaimFields.diagnosis(1), "L600");
        c.put(ClaimFields.line(1, "procedure"), "99213");
        c.put(ClaimFields.line(1, "units"), "1");
        c.put(ClaimFields.line(1, "charge"), "135.00");
        c.put(ClaimFields.line(1, "serviceDate"), "2026-03-14");
        c.put(ClaimFields.line(2, "procedure"), "11721");
        c.put(ClaimFields.line(2, "units"), "1");
        c.put(ClaimFields.line(2, "charge"), "45.00");
        c.put(ClaimFields.line(2, "serviceDate"), "2026-03-14");
        return c;
    }

    static CorrectionFacts facts(String note) {
        return Fixtures.correction("CODING", "4", List.of(), visitAndNailDebridement(), Map.of(), 1)
                .withRecords(List.of(EM_25), Map.of("visit-note.txt", note));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The E/M was significant and separately identifiable from the procedure.",
                "Assessment: SIGNIFICANT &\n  SEPARATELY IDENTIFIABLE evaluation today.",
                "Significantly, separately identifiable problem addressed.",
                "Separately identifiable E/M: Yes",
                "separately identifiable = x"
            })
    void theTemplateAddsTheModifierWhenTheNoteStatesTheEvidenceInAnyOfItsForms(String note) {
        Draft<ClaimCorrection> d = new TemplateDrafter().correction(facts(note));
        assertThat(d.value().changes())
                .containsExactly(new FieldChange(ClaimFields.line(1, "modifiers"), null, "25"));
        assertThat(d.value().evidence())
                .singleElement()
                .asString()
                .contains("em-25-minor-procedure")
                .contains("visit-note.txt");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The visit was not significant and separately identifiable.",
                "No significant, separately identifiable E/M was performed.",
                "Separately identifiable E/M: No",
                "Nail debridement of two nails; tolerated well."
            })
    void aNegatedOrAbsentStatementChangesNothing(String note) {
        Draft<ClaimCorrection> d = new TemplateDrafter().correction(facts(note));
        assertThat(d.value().changes()).isEmpty();
        assertThat(d.value().justification()).contains("visit-note.txt");
    }

    @Test
    void aModifierAModelProposesIsRefusedUnlessARuleSupportsIt() {
        ClaimCorrection proposal =
                new ClaimCorrection(
                        List.of(new FieldChange(ClaimFields.line(1, "modifiers"), null, "25")),
                        "Modifier 25 marks the visit as separate.");
        assertThat(AnswerCheck.correction(proposal, facts("Routine visit.")))
                .singleElement()
                .asString()
                .contains("no coding rule supports modifier 25 on line 1");
        assertThat(
                        AnswerCheck.correction(
                                proposal, facts("E/M significant and separately identifiable.")))
                .isEmpty();
    }

    @Test
    void withoutTheSameDayProcedureTheRuleDoesNotApply() {
        Map<String, String> visitOnly = visitAndNailDebridement();
        visitOnly.put(ClaimFields.line(2, "procedure"), "85025");
        CorrectionFacts f =
                Fixtures.correction("CODING", "4", List.of(), visitOnly, Map.of(), 1)
                        .withRecords(
                                List.of(EM_25),
                                Map.of("note.txt", "significant and separately identifiable"));
        assertThat(CodingRules.findings(f)).isEmpty();
    }
}
