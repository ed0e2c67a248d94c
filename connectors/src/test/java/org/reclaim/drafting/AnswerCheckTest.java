package org.reclaim.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.drafting.Fixtures.claim;
import static org.reclaim.drafting.Fixtures.correction;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a model's answer may and may not say, checked without a model. */
class AnswerCheckTest {

    final AppealFacts facts = Fixtures.appeal("AUTHORIZATION", "197");

    static AppealLetter letter(String fact, String argument) {
        return new AppealLetter(
                List.of(fact),
                argument,
                "Please pay the denied amount of $180.00.",
                List.of("Progress note for the visit"));
    }

    List<String> check(String argument) {
        return AnswerCheck.appeal(letter("Service on 03/14/2026.", argument), facts);
    }

    @Test
    void aLetterRestatingOnlyTheFactsPasses() {
        assertThat(
                        check(
                                "Claim 2026031400123 for [PATIENT_NAME] ([MEMBER_ID]) was denied with CO-197 and remark"
                                        + " N54 although procedure 99214 was authorized; $250.00 was billed on March 14, 2026 by NPI"
                                        + " 1999999984 (2026-03-14)."))
                .isEmpty();
    }

    @Test
    void amountsNotInTheFactsAreRefusedHoweverWritten() {
        assertThat(check("We billed $260.00."))
                .singleElement()
                .asString()
                .contains("amount $260.00");
        assertThat(check("We billed 1,250."))
                .singleElement()
                .asString()
                .contains("amount $1,250.00");
        assertThat(check("Billed 250.00, paid 70.00."))
                .singleElement()
                .asString()
                .contains("$70.00");
        assertThat(check("Billed $250 in full.")).isEmpty();
    }

    @Test
    void datesNotInTheFactsAreRefused() {
        assertThat(check("Seen on 03/15/2026."))
                .singleElement()
                .asString()
                .contains("date 03/15/2026");
        assertThat(check("Authorized on April 2, 2026."))
                .singleElement()
                .asString()
                .contains("04/02/2026");
        assertThat(check("Seen on 2026-02-30."))
                .singleElement()
                .asString()
                .contains("not a valid date");
    }

    @Test
    void codesNotInTheFactsAreRefused() {
        assertThat(check("Denied with PR-197.")).singleElement().asString().contains("PR-197");
        assertThat(check("CARC 50 does not apply.")).singleElement().asString().contains("CARC 50");
        assertThat(check("Remark N290 applies.")).singleElement().asString().contains("RARC N290");
        assertThat(check("Procedure 99215 was done."))
                .singleElement()
                .asString()
                .contains("procedure code 99215");
        assertThat(check("See LCD L33797.")).singleElement().asString().contains("L33797");
    }

    @Test
    void claimNumbersAndOtherIdentifiersNotInTheFactsAreRefused() {
        assertThat(check("Claim 2026031400999 was paid."))
                .singleElement()
                .asString()
                .contains("2026031400999");
        assertThat(check("Call 555-201-3344.")).singleElement().asString().contains("555-201-3344");
    }

    @Test
    void unknownPlaceholdersAndUnavailableEvidenceAreRefused() {
        assertThat(check("Dear [PAYER_CONTACT],"))
                .singleElement()
                .asString()
                .contains("[PAYER_CONTACT]");
        AppealLetter l = new AppealLetter(List.of("x"), "y", "z", List.of("Operative report"));
        assertThat(AnswerCheck.appeal(l, facts))
                .singleElement()
                .asString()
                .contains("Operative report");
    }

    @Test
    void aCorrectionMayOnlyTouchKnownFieldsFromTheirRealValue() {
        CorrectionFacts f = correction("CODING", "4", List.of(), claim(), Map.of(), 1);

        assertThat(
                        AnswerCheck.correction(
                                new ClaimCorrection(
                                        List.of(
                                                new FieldChange("line[1].modifiers", "25", "25,59"),
                                                new FieldChange("patient.name", null, "X"),
                                                new FieldChange("line[2].units", "3", "1"),
                                                new FieldChange("line[9].units", null, "1"),
                                                new FieldChange("placeOfService", "11", "11")),
                                        "Modifier fix."),
                                f))
                .containsExactly(
                        "change of patient.name: not a claim field; use only the fields listed in the"
                                + " original claim or the documented vocabulary",
                        "change of line[2].units: 'from' is '3' but the claim has '2'",
                        "change of line[9].units: the claim has no line 9",
                        "change of placeOfService: 'to' is the value the claim already has");
    }

    @Test
    void aCorrectionCannotMakeUpAnAuthorizationNumberOrCode() {
        CorrectionFacts f =
                correction(
                        "AUTHORIZATION",
                        "197",
                        List.of(),
                        claim(),
                        Map.of(ClaimFields.HINT_AUTHORIZATION_NUMBER, "AUTH55102"),
                        1);

        assertThat(
                        AnswerCheck.correction(
                                new ClaimCorrection(
                                        List.of(
                                                new FieldChange(
                                                        "priorAuthorization", null, "AUTH55102")),
                                        "Authorization AUTH55102 added."),
                                f))
                .isEmpty();
        assertThat(
                        AnswerCheck.correction(
                                new ClaimCorrection(
                                        List.of(
                                                new FieldChange(
                                                        "priorAuthorization", null, "AUTH99999"),
                                                new FieldChange(
                                                        "line[1].procedure", "99214", "99215")),
                                        "Fixed."),
                                f))
                .hasSize(2)
                .allMatch(e -> e.contains("cannot be made up"));
    }

    @Test
    void correctionErrorsNeverQuoteTheMemberId() {
        CorrectionFacts f =
                correction(
                        "ELIGIBILITY",
                        "31",
                        List.of(),
                        claim(),
                        Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                        null);

        List<String> errors =
                AnswerCheck.correction(
                        new ClaimCorrection(
                                List.of(
                                        new FieldChange(
                                                "subscriber.memberId",
                                                "XYZ000000000",
                                                "XYZ918273699")),
                                "Member id fixed."),
                        f);

        assertThat(errors)
                .singleElement()
                .asString()
                .contains("[MEMBER_ID]")
                .doesNotContain(Fixtures.MEMBER_ID);
    }

    @Test
    void aLetterDirectingThePayerToAnAddressOrEmailNotInTheFactsIsRefused() {
        assertThat(check("Mail the check to 1200 Lakeshore Drive."))
                .singleElement()
                .asString()
                .contains("names a contact ('1200 Lakeshore Drive')");
        assertThat(check("Write to appeals@elsewhere.example or see www.elsewhere.example."))
                .hasSize(2)
                .allMatch(e -> e.startsWith("argument: names a contact"));
        assertThat(check("After 3 sessions the pain eased along the way.")).isEmpty();
    }
}
