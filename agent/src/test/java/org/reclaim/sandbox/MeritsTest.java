package org.reclaim.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * The SIMULATED judging payer pays only the action that fixes a denial's cause, through the channel
 * the cause needs, and upholds each wrong one with its reason: a replacement without the fix, with
 * the wrong frequency, unchanged, an appeal without the proof, anything for a denial nothing fixes,
 * anything after the payer paid.
 */
class MeritsTest {

    @TempDir Path dir;

    private final Map<String, ClaimDocument> claims = new HashMap<>();
    private final Map<String, ClaimPayment> adjudicated = new HashMap<>();
    private Merits merits;

    @BeforeEach
    void plantABatch() throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(1500)
                        .withSeed(7)
                        .withBaseDate(LocalDate.of(2026, 6, 1))
                        .withDenialRate(0.3)
                        .withReversalRate(0.0),
                c,
                r);
        X12Files.read(
                new ByteArrayInputStream(c.toByteArray()),
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        claims.put(d.claim().patientControlNumber(), d);
                    }
                });
        X12Files.read(
                new ByteArrayInputStream(r.toByteArray()),
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment p, ClaimPayment cp) {
                        adjudicated.put(cp.patientControlNumber(), cp);
                    }
                });
        merits = Merits.plant(dir, "default", 7, claims, adjudicated, false);
    }

    private Merits.Cause first(Predicate<Merits.Cause> p) {
        return merits.causes().stream()
                .filter(p)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no such cause in the batch"));
    }

    private String payerClaimNumber(Merits.Cause c) {
        return adjudicated.get(c.pcn()).payerClaimNumber();
    }

    private ClaimDocument withModifier(ClaimDocument d, int line, String modifier) {
        List<ClaimDocument.Line> lines = new ArrayList<>(d.lines());
        ClaimDocument.Line l = lines.get(line - 1);
        List<String> mods = new ArrayList<>(l.modifiers());
        mods.add(modifier);
        lines.set(
                line - 1,
                new ClaimDocument.Line(
                        l.procedureQualifier(),
                        l.procedure(),
                        mods,
                        l.description(),
                        l.charge(),
                        l.unitQualifier(),
                        l.units(),
                        l.placeOfService(),
                        l.diagnosisPointers(),
                        l.emergency(),
                        l.serviceFrom(),
                        l.serviceTo(),
                        l.controlNumber(),
                        l.renderingProvider(),
                        l.adjudications()));
        return d.withLines(lines);
    }

    @Test
    void aModifierCauseIsPaidOnlyForAReplacementCarryingTheModifier() throws IOException {
        Merits.Cause c = first(x -> "modifier 25 missing".equals(x.kind()));
        ClaimDocument original = claims.get(c.pcn());
        String pcn = payerClaimNumber(c);
        assertThat(Files.readString(dir.resolve("records/default/" + c.pcn() + "/visit-note.txt")))
                .contains("significant and separately identifiable");

        assertThat(merits.judgeClaim(c.pcn(), original.asReplacement(pcn), original, pcn).waste())
                .isEqualTo(Merits.Waste.unchanged);
        assertThat(
                        merits.judgeClaim(
                                        c.pcn(),
                                        withModifier(original, c.line(), "25").asNewOriginal(),
                                        original,
                                        pcn)
                                .waste())
                .as("a correction sent as a new original")
                .isEqualTo(Merits.Waste.wrongFrequency);
        assertThat(
                        merits.judgeClaim(
                                        c.pcn(),
                                        withModifier(original, c.line(), "59").asReplacement(pcn),
                                        original,
                                        pcn)
                                .waste())
                .as("a changed claim without the modifier the note supports")
                .isEqualTo(Merits.Waste.noEvidence);
        assertThat(merits.recoveredCents()).isZero();

        Merits.Verdict right =
                merits.judgeClaim(
                        c.pcn(),
                        withModifier(original, c.line(), "25").asReplacement(pcn),
                        original,
                        pcn);
        assertThat(right.pays()).isTrue();
        assertThat(merits.recoveredCents()).isEqualTo(c.recoverableCents()).isPositive();
        assertThat(
                        merits.judgeClaim(
                                        c.pcn(),
                                        withModifier(original, c.line(), "25").asReplacement(pcn),
                                        original,
                                        pcn)
                                .waste())
                .isEqualTo(Merits.Waste.afterResolved);
        assertThat(merits.wastedByReason())
                .containsEntry("unchanged", 1)
                .containsEntry("wrongFrequency", 1)
                .containsEntry("noEvidence", 1)
                .containsEntry("afterResolved", 1);
    }

    @Test
    void aTimelyFilingAppealIsPaidOnlyWithThe277caProof() {
        Merits.Cause c = first(x -> "29".equals(x.carc()) && x.recoverable());
        assertThat(
                        merits.judgeAppeal(
                                        c.pcn(), List.of("appeal-letter.pdf", "note.txt"), 2, 0.5)
                                .waste())
                .isEqualTo(Merits.Waste.noEvidence);
        ClaimDocument original = claims.get(c.pcn());
        assertThat(
                        merits.judgeClaim(
                                        c.pcn(),
                                        original.asReplacement(payerClaimNumber(c)),
                                        original,
                                        payerClaimNumber(c))
                                .waste())
                .isEqualTo(Merits.Waste.wrongChannel);
        assertThat(
                        merits.judgeAppeal(
                                        c.pcn(),
                                        List.of(
                                                "appeal-letter.pdf",
                                                "277CA-acceptance-2026-06-05.pdf"),
                                        2,
                                        0.5)
                                .pays())
                .isTrue();
    }

    @Test
    void nothingWinsADenialNothingFixes() {
        Merits.Cause c = first(x -> !x.recoverable());
        assertThat(merits.judgeAppeal(c.pcn(), List.of("anything.pdf"), 1, 0.9).waste())
                .isEqualTo(Merits.Waste.notRecoverable);
        assertThat(c.recoverableCents()).isZero();
    }

    @Test
    void aMemberIdCauseIsPaidForTheIdTheInsuranceCardStates() throws IOException {
        Merits.Cause c = first(x -> Merits.MEMBER_ID.equals(x.field()));
        String card =
                Files.readString(dir.resolve("records/default/" + c.pcn() + "/insurance-card.txt"));
        assertThat(card).contains("Member ID: " + c.value());
        ClaimDocument original = claims.get(c.pcn());
        ClaimDocument fixed =
                original.withSubscriber(
                        original.subscriber()
                                .withName(
                                        new ClaimDocument.Name(
                                                original.subscriber().name().entityType(),
                                                original.subscriber().name().last(),
                                                original.subscriber().name().first(),
                                                original.subscriber().name().middle(),
                                                original.subscriber().name().suffix(),
                                                original.subscriber().name().idQualifier(),
                                                c.value())));
        String pcn = payerClaimNumber(c);
        ClaimDocument sent = c.newOriginal() ? fixed.asNewOriginal() : fixed.asReplacement(pcn);
        assertThat(merits.judgeClaim(c.pcn(), sent, original, pcn).pays()).isTrue();
    }

    @Test
    void theCausesSpanTheCatalogsKinds() {
        assertThat(merits.causesByKind().keySet())
                .contains(
                        "authorization on file",
                        "no authorization was ever issued",
                        "modifier 25 missing",
                        "necessity documented",
                        "filed on time, 277CA on file",
                        "filed late, no proof of timely filing",
                        "a true duplicate of a claim the payer paid",
                        "a duplicate of a claim billed under other identifiers");
        assertThat(merits.recoverableClaims()).isPositive().isLessThan(merits.causes().size());
    }

    @Test
    void aBundledLineIsFixedOnlyByAModifierItsCodeCanCarry() {
        // 59 and the X modifiers are never for an E/M or a laboratory test or a drug (NCCI Policy
        // Manual, Chapter I §E, Chapter XI §D): a bundled visit needs 25, and only beside a
        // procedure, an injection or an immunization
        List<Merits.Cause> bundled =
                merits.causes().stream()
                        .filter(c -> List.of("4", "97", "234", "236").contains(c.carc()))
                        .toList();
        assertThat(bundled).isNotEmpty();
        for (Merits.Cause c : bundled) {
            if (!c.recoverable()) continue;
            List<ClaimDocument.Line> lines = claims.get(c.pcn()).lines();
            String code = lines.get(c.line() - 1).procedure();
            if (c.kind().equals("modifier 25 missing")) {
                assertThat(code).as(c.pcn()).startsWith("99");
                assertThat(lines.stream().map(ClaimDocument.Line::procedure))
                        .as(c.pcn() + ": a same-day service the visit is bundled into")
                        .anyMatch(Merits.BUNDLES_A_VISIT);
            } else {
                assertThat(c.kind()).isEqualTo("distinct procedure not marked");
                assertThat(Merits.DISTINCT_PROCEDURE.test(code)).as(c.pcn() + " " + code).isTrue();
            }
        }
        assertThat(Merits.DISTINCT_PROCEDURE.test("99213")).isFalse();
        assertThat(Merits.DISTINCT_PROCEDURE.test("85025")).isFalse();
        assertThat(Merits.DISTINCT_PROCEDURE.test("J1100")).isFalse();
        assertThat(Merits.DISTINCT_PROCEDURE.test("20610")).isTrue();
        assertThat(Merits.BUNDLES_A_VISIT.test("36415")).isFalse();
        assertThat(Merits.BUNDLES_A_VISIT.test("96372")).isTrue();
    }

    @Test
    void aReopeningIsPaidWhenItsLetterCarriesTheCorrection() {
        Merits.Cause c = first(x -> "authorization on file".equals(x.kind()));
        assertThat(merits.judgeReopening(c.pcn(), "Request for reopening: see enclosed").waste())
                .isEqualTo(Merits.Waste.noEvidence);
        assertThat(
                        merits.judgeReopening(c.pcn(), "priorAuthorization: (none) → " + c.value())
                                .pays())
                .isTrue();
    }

    @Test
    void anEnrollmentDenialIsRecoverableExactlyWhenTheRosterShowsTheProviderEnrolledOnTheDay()
            throws IOException {
        List<Merits.Cause> enrollment =
                merits.causes().stream().filter(x -> x.kind().startsWith("provider")).toList();
        assertThat(enrollment).isNotEmpty();
        var roster = new org.reclaim.connector.records.RecordsFolder(dir).enrollments("default");
        assertThat(roster.problems()).isEmpty();
        // misleading rows: another payer, or a status that is not an enrollment
        assertThat(roster.rows())
                .anyMatch(r -> r.payerId().startsWith("SBXOTHER"))
                .anyMatch(
                        r ->
                                r.status()
                                        != org.reclaim.connector.records.EnrollmentOnFile.Status
                                                .ENROLLED);
        int recoverable = 0;
        for (Merits.Cause c : enrollment) {
            ClaimDocument d = claims.get(c.pcn());
            ClaimPayment p = adjudicated.get(c.pcn());
            String npi =
                    d.claim().renderingProvider() != null
                            ? d.claim().renderingProvider().name().id()
                            : d.billingProvider().party().name().id();
            String payer = d.payer().name().id();
            int line = Merits.deniedLine(p, Merits.largestWorkable(p));
            ClaimDocument.Line l = line > 0 ? d.lines().get(line - 1) : d.lines().get(0);
            String who =
                    line > 0 && l.renderingProvider() != null
                            ? l.renderingProvider().name().id()
                            : npi;
            boolean enrolledOnTheDay =
                    roster.rows().stream()
                            .anyMatch(
                                    r ->
                                            r.about(who, payer)
                                                    && r.enrolledOn(l.serviceFrom())
                                                    && !r.confirmation().isEmpty());
            if (c.recoverable()) {
                recoverable++;
                assertThat(enrolledOnTheDay).as(c.pcn()).isTrue();
                assertThat(c.enclosure()).isEqualTo("enrollment-confirmation");
                // the appeal pays only with the confirmation enclosed
                assertThat(merits.judgeAppeal(c.pcn(), List.of("visit-note.txt"), 2, 1.0).waste())
                        .isEqualTo(Merits.Waste.noEvidence);
                assertThat(
                                merits.judgeClaim(
                                                c.pcn(),
                                                d.asReplacement(p.payerClaimNumber()),
                                                d,
                                                p.payerClaimNumber())
                                        .waste())
                        .isEqualTo(Merits.Waste.wrongChannel);
                assertThat(
                                merits.judgeAppeal(
                                                c.pcn(),
                                                List.of("enrollment-confirmation-ENR-1.pdf"),
                                                2,
                                                1.0)
                                        .pays())
                        .isTrue();
            } else {
                assertThat(enrolledOnTheDay).as(c.pcn()).isFalse();
                assertThat(
                                merits.judgeAppeal(
                                                c.pcn(),
                                                List.of("enrollment-confirmation-X.pdf"),
                                                2,
                                                1.0)
                                        .waste())
                        .isEqualTo(Merits.Waste.notRecoverable);
            }
        }
        assertThat(recoverable).isBetween(1, enrollment.size() - 1);
    }
}
