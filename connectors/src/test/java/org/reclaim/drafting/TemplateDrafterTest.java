package org.reclaim.drafting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.drafting.Fixtures.claim;
import static org.reclaim.drafting.Fixtures.correction;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateDrafterTest {

    final Drafter drafter =
            Drafters.create(ModelSettings.OFFLINE, org.reclaim.connector.http.HostPolicy.strict());

    @Test
    void offlineSettingsGiveTheTemplateDrafter() {
        assertThat(drafter).isInstanceOf(TemplateDrafter.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AUTHORIZATION",
                "MEDICAL_NECESSITY",
                "TIMELY_FILING",
                "DOCUMENTATION",
                "NETWORK",
                "NON_COVERED",
                "CODING",
                "OTHER"
            })
    void everyTemplateLetterPassesTheChecksAModelAnswerMustPass(String category) {
        AppealFacts facts = Fixtures.appeal(category, "197");
        Draft<AppealLetter> draft = drafter.appeal(facts);

        assertThat(draft.source()).isEqualTo(Draft.Source.TEMPLATE);
        assertThat(draft.attempts()).isZero();
        assertThat(draft.tokensIn() + draft.tokensOut()).isZero();
        assertThat(AnswerCheck.appeal(draft.value(), facts)).isEmpty();
    }

    @Test
    void renderedLetterIsAddressedToThePayerWithClaimDatesAmountsAndProviderClosing() {
        AppealFacts facts = Fixtures.appeal("AUTHORIZATION", "197");
        String letter = drafter.appeal(facts).value().render(facts);

        assertThat(letter)
                .startsWith("Acme Health Plan\n")
                .contains(
                        "Payer claim number: 2026031400123",
                        "Date of service: 03/14/2026",
                        "$250.00",
                        "$180.00",
                        "CO-197",
                        "Jordan Q. Testpatient",
                        "Date of birth: 07/23/1961",
                        "Member ID: XYZ918273645",
                        "Enclosed:\n- Authorization record 2026-03-01")
                .doesNotContain("[PATIENT_NAME]", "[MEMBER_ID]")
                .endsWith("Sincerely,\n\nRiverbend Family Medicine\nNPI 1999999984\n");
    }

    @Test
    void draftedLetterKeepsPatientDetailsAsPlaceholdersUntilRendered() {
        AppealLetter letter = drafter.appeal(Fixtures.appeal("AUTHORIZATION", "197")).value();

        assertThat(letter.toString())
                .contains("[PATIENT_NAME]")
                .doesNotContain(Fixtures.PATIENT_NAME);
    }

    @Test
    void specificCategoryWithEvidenceNeedsNoReviewButGenericOrUnsupportedLettersDo() {
        assertThat(drafter.appeal(Fixtures.appeal("MEDICAL_NECESSITY", "50")).needsReview())
                .isFalse();
        assertThat(drafter.appeal(Fixtures.appeal("OTHER", "197")).needsReview()).isTrue();
        assertThat(
                        drafter.appeal(Fixtures.appeal("MEDICAL_NECESSITY", "50", List.of()))
                                .needsReview())
                .isTrue();
    }

    @Test
    void timelyFilingAppealNeedsReviewUnlessAnAcceptanceReportIsEnclosed() {
        assertThat(
                        drafter.appeal(
                                        Fixtures.appeal(
                                                "TIMELY_FILING",
                                                "29",
                                                List.of("999 acknowledgment")))
                                .needsReview())
                .isTrue();
        Draft<AppealLetter> withProof =
                drafter.appeal(
                        Fixtures.appeal("TIMELY_FILING", "29", List.of("277CA acceptance report")));
        assertThat(withProof.needsReview()).isFalse();
        assertThat(withProof.value().argument()).contains("proof of timely receipt");
    }

    @Test
    void authorizationFoundOnFileIsSetOnTheClaim() {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "AUTHORIZATION",
                                "197",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_AUTHORIZATION_NUMBER, "AUTH55102"),
                                1));

        assertThat(d.value().changes())
                .containsExactly(new FieldChange("priorAuthorization", null, "AUTH55102"));
        assertThat(d.needsReview()).isFalse();
    }

    @Test
    void authorizationDenialWithoutAnAuthorizationOnFileChangesNothing() {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction("AUTHORIZATION", "197", List.of(), claim(), Map.of(), 1));

        assertThat(d.value().changes()).isEmpty();
        assertThat(d.needsReview()).isTrue();
    }

    @Test
    void eligibilityDenialTakesTheMemberIdTheEligibilityResponseReturned() {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "ELIGIBILITY",
                                "31",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                                null));

        assertThat(d.value().changes())
                .containsExactly(
                        new FieldChange("subscriber.memberId", Fixtures.MEMBER_ID, "XYZ918273699"));
    }

    @Test
    void eligibilityDenialWithTheSameMemberIdChangesNothing() {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "ELIGIBILITY",
                                "31",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, Fixtures.MEMBER_ID),
                                null));

        assertThat(d.value().changes()).isEmpty();
        assertThat(d.needsReview()).isTrue();
    }

    @Test
    void aBundledLineGetsNoDistinctServiceModifierWithoutNotesThatShowItDistinct() {
        // modifier 59 on the payer's word alone is what an audit takes back: the coding rules
        // (CodingRulesTest) add it only with the evidence
        for (int line : new int[] {1, 2}) {
            Draft<ClaimCorrection> d =
                    drafter.correction(
                            correction("BUNDLING", "97", List.of(), claim(), Map.of(), line));

            assertThat(d.value().changes()).isEmpty();
            assertThat(d.needsReview()).isTrue();
        }
    }

    @Test
    void bundledLineThatAlreadyHasADistinctServiceModifierIsLeftAlone() {
        Map<String, String> claim = claim();
        claim.put(ClaimFields.line(2, "modifiers"), "XS");
        Draft<ClaimCorrection> d =
                drafter.correction(correction("BUNDLING", "97", List.of(), claim, Map.of(), 2));

        assertThat(d.value().changes()).isEmpty();
        assertThat(d.needsReview()).isTrue();
    }

    @Test
    void unprocessableClaimGoesBackAsANewOriginalAndNothingElse() {
        Map<String, String> claim = claim();
        claim.put(ClaimFields.FREQUENCY_CODE, "7");
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction("CLAIM_DATA", "16", List.of("MA130"), claim, Map.of(), null));

        assertThat(d.value().changes()).containsExactly(new FieldChange("frequencyCode", "7", "1"));
        assertThat(d.needsReview()).isFalse();
    }

    @Test
    void unprocessableClaimWithAnotherRemarkStillNeedsAPersonForTheNamedField() {
        Map<String, String> claim = claim();
        claim.put(ClaimFields.FREQUENCY_CODE, "7");
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "CLAIM_DATA",
                                "16",
                                List.of("MA130", "M76"),
                                claim,
                                Map.of(),
                                null));

        assertThat(d.value().changes()).containsExactly(new FieldChange("frequencyCode", "7", "1"));
        assertThat(d.needsReview()).isTrue();
    }

    @Test
    void missingSubscriberDataGetsTheMemberIdTheEligibilityResponseReturned() {
        Map<String, String> claim = claim();
        claim.remove(ClaimFields.MEMBER_ID);
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "CLAIM_DATA",
                                "16",
                                List.of("MA27"),
                                claim,
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                                null));

        assertThat(d.value().changes())
                .containsExactly(new FieldChange(ClaimFields.MEMBER_ID, null, "XYZ918273699"));
        assertThat(d.needsReview()).isFalse();
    }

    @Test
    void missingSubscriberDataWithoutAnEligibilityAnswerChangesNothingAndGoesToAPerson() {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction("CLAIM_DATA", "16", List.of("MA61"), claim(), Map.of(), null));

        assertThat(d.value().changes()).isEmpty();
        assertThat(d.needsReview()).isTrue();
    }

    @Test
    void anUnprocessableClaimMissingTheMemberIdGoesBackAsANewOriginalWithTheConfirmedId() {
        Map<String, String> claim = claim();
        claim.put(ClaimFields.FREQUENCY_CODE, "7");
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                "CLAIM_DATA",
                                "16",
                                List.of("MA130", "MA27"),
                                claim,
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                                null));

        assertThat(d.value().changes())
                .containsExactly(
                        new FieldChange(ClaimFields.MEMBER_ID, "XYZ918273645", "XYZ918273699"),
                        new FieldChange("frequencyCode", "7", "1"));
        assertThat(d.needsReview()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CODING", "MEDICAL_NECESSITY", "DUPLICATE", "TIMELY_FILING", "OTHER"})
    void otherCategoriesGetNoChangesAndAReview(String category) {
        Draft<ClaimCorrection> d =
                drafter.correction(
                        correction(
                                category,
                                "4",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_AUTHORIZATION_NUMBER, "AUTH55102"),
                                1));

        assertThat(d.value().changes()).isEmpty();
        assertThat(d.value().justification()).startsWith("Nothing can be changed automatically");
        assertThat(d.needsReview()).isTrue();
        assertThat(d.source()).isEqualTo(Draft.Source.TEMPLATE);
    }

    @Test
    void everyTemplateCorrectionPassesTheChecksAModelAnswerMustPass() {
        List<CorrectionFacts> cases =
                List.of(
                        correction(
                                "AUTHORIZATION",
                                "197",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_AUTHORIZATION_NUMBER, "AUTH55102"),
                                1),
                        correction(
                                "ELIGIBILITY",
                                "31",
                                List.of(),
                                claim(),
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                                null),
                        correction("BUNDLING", "97", List.of(), claim(), Map.of(), 1),
                        correction("CLAIM_DATA", "16", List.of("MA130"), claim(), Map.of(), null),
                        correction(
                                "CLAIM_DATA",
                                "16",
                                List.of("MA27"),
                                claim(),
                                Map.of(ClaimFields.HINT_ELIGIBLE_MEMBER_ID, "XYZ918273699"),
                                null));
        for (CorrectionFacts f : cases) {
            assertThat(AnswerCheck.correction(drafter.correction(f).value(), f))
                    .as(f.category())
                    .isEmpty();
        }
    }

    /** A draft marked for review always says why (the review queue shows it). */
    @ParameterizedTest
    @ValueSource(strings = {"OTHER", "TIMELY_FILING", "MEDICAL_NECESSITY"})
    void aDraftForReviewSaysWhy(String category) {
        Draft<AppealLetter> d = drafter.appeal(Fixtures.appeal(category, "197"));
        if (d.needsReview())
            assertThat(d.validationErrors()).isNotEmpty().allMatch(e -> !e.isBlank());
        assertThat(drafter.appeal(Fixtures.appeal("OTHER", "197")).validationErrors())
                .anyMatch(e -> e.contains("generic"));
    }
}
