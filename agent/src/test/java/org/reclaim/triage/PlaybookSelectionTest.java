package org.reclaim.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.triage.Triages.SHIPPED;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.PlaybookSet;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.IdentifiedDenial;
import org.reclaim.rules.Category;
import org.reclaim.rules.PayerRules;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.synth.DenialReason;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * Every denial of a generated batch that covers every category gets exactly one playbook, with the
 * reason: checked against a brute-force reading of the README's specificity rule.
 */
class PlaybookSelectionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 1);

    record Found(Payment payment, IdentifiedDenial denial) {}

    private static List<Found> generatedDenials(Set<Category> adjustmentCategories)
            throws IOException {
        List<DenialReason> reasons = new ArrayList<>(DenialReason.defaults());
        reasons.add(DenialReason.line("CO", "A1", 3, "N56")); // a generic denial: OTHER
        GeneratorOptions options =
                GeneratorOptions.defaults()
                        .withClaims(3000)
                        .withSeed(31)
                        .withDenialRate(0.5)
                        .withDenialReasons(reasons)
                        .withSecondaryRate(0.1)
                        .withBaseDate(LocalDate.of(2026, 8, 1));
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        ByteArrayOutputStream remits = new ByteArrayOutputStream();
        Generator.write(options, claims, remits);
        Identification identification = new Identification(SHIPPED.workability());
        List<Found> found = new ArrayList<>();
        X12Files.read(
                new ByteArrayInputStream(remits.toByteArray()),
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment payment, ClaimPayment claim) {
                        for (IdentifiedDenial d : identification.denials(claim))
                            found.add(new Found(payment, d));
                        PayerRules payer = SHIPPED.payer(null, List.of(payment.payer().id()));
                        for (Adjustment a : claim.adjustments()) {
                            adjustmentCategories.add(
                                    SHIPPED.classify(payer, a.group(), a.carc(), claim.remarks())
                                            .category());
                        }
                        claim.lines()
                                .forEach(
                                        l ->
                                                l.adjustments()
                                                        .forEach(
                                                                a ->
                                                                        adjustmentCategories.add(
                                                                                SHIPPED.classify(
                                                                                                payer,
                                                                                                a
                                                                                                        .group(),
                                                                                                a
                                                                                                        .carc(),
                                                                                                l
                                                                                                        .rarcs())
                                                                                        .category())));
                    }
                });
        return found;
    }

    @Test
    void everyDenialOfAGeneratedBatchGetsExactlyOnePlaybookWithItsReason() throws IOException {
        Set<Category> adjustmentCategories = EnumSet.noneOf(Category.class);
        List<Found> found = generatedDenials(adjustmentCategories);
        assertThat(found).hasSizeGreaterThan(1000);

        Set<Category> categories = EnumSet.noneOf(Category.class);
        Map<String, Integer> byPlaybook = new HashMap<>();
        for (Found f : found) {
            IdentifiedDenial d = f.denial();
            Triage.Plan plan =
                    SHIPPED.plan(
                            new Triage.Facts(
                                    null,
                                    List.of(f.payment().payer().id()),
                                    f.payment().paymentDate(),
                                    f.payment().paymentDate(),
                                    d.serviceDate(),
                                    d.group(),
                                    d.carc(),
                                    d.rarcs(),
                                    d.amount().toBigDecimal()),
                            TODAY);
            categories.add(plan.category());
            byPlaybook.merge(plan.playbook(), 1, Integer::sum);

            PlaybookSet.Facts facts =
                    new PlaybookSet.Facts(
                            plan.category(),
                            plan.payer(),
                            d.carc(),
                            d.rarcs(),
                            d.amount().toBigDecimal());
            List<Playbook> matching =
                    SHIPPED.playbooks().playbooks().stream()
                            .filter(p -> p.enabled() && handles(p.handles(), facts))
                            .toList();
            Playbook best =
                    matching.stream()
                            .min((a, b) -> PlaybookSet.compare(a.handles(), b.handles()))
                            .orElseThrow();
            long tied =
                    matching.stream()
                            .filter(p -> PlaybookSet.compare(p.handles(), best.handles()) == 0)
                            .count();
            assertThat(tied).as("playbooks equally specific for %s", plan.category()).isEqualTo(1);
            assertThat(plan.playbook()).isEqualTo(best.id());
            assertThat(plan.playbookReason()).contains("category " + plan.category());
            if (matching.size() > 1)
                assertThat(plan.playbookReason()).contains("more specific than");
        }
        Set<Category> workable = EnumSet.noneOf(Category.class);
        for (Category c : Category.values()) if (c.workable()) workable.add(c);
        assertThat(categories).isEqualTo(workable);
        assertThat(adjustmentCategories)
                .containsAll(
                        Set.of(
                                Category.PATIENT_RESPONSIBILITY,
                                Category.CONTRACTUAL,
                                Category.PRIOR_PAYER));
        // the specific playbooks win where they apply
        assertThat(byPlaybook)
                .containsKeys(
                        "claim-data-unprocessable",
                        "timely-filing-medicare",
                        "authorization-medicare-advantage",
                        "medical-necessity-medicare",
                        "authorization",
                        "other");
    }

    @Test
    void nonWorkableAdjustmentsGetTheNoActionPlaybook() {
        PayerRules payer = SHIPPED.payer(null, List.of("TSTCOMA1"));
        for (Category c :
                List.of(
                        Category.PATIENT_RESPONSIBILITY,
                        Category.CONTRACTUAL,
                        Category.PRIOR_PAYER)) {
            PlaybookSet.Selection s =
                    SHIPPED.playbooks()
                            .select(
                                    new PlaybookSet.Facts(
                                            c,
                                            payer,
                                            "45",
                                            List.of(),
                                            new java.math.BigDecimal("10.00")));
            assertThat(s.playbook().id()).isEqualTo("no-action");
            assertThat(s.playbook().steps()).isEmpty();
        }
    }

    @Test
    void aClaimMissingTheSubscribersIdGetsTheEligibilityDiscoveryPlaybookEvenWhenUnprocessable() {
        PayerRules payer = SHIPPED.payer(null, List.of("TSTCOMA1"));
        for (List<String> rarcs :
                List.of(List.of("MA27"), List.of("MA61"), List.of("MA130", "MA27"))) {
            PlaybookSet.Selection s =
                    SHIPPED.playbooks()
                            .select(
                                    new PlaybookSet.Facts(
                                            Category.CLAIM_DATA,
                                            payer,
                                            "16",
                                            rarcs,
                                            new java.math.BigDecimal("120.00")));
            assertThat(s.playbook().id()).as(rarcs.toString()).isEqualTo("claim-data-subscriber");
            assertThat(s.playbook().steps().get(0).kind())
                    .isEqualTo(org.reclaim.playbook.StepKind.VERIFY_ELIGIBILITY);
        }
    }

    @Test
    void aPayerTypePlaybookBeatsTheCategoryFallbackAndSaysWhy() {
        PlaybookSet.Selection s =
                SHIPPED.playbooks()
                        .select(
                                new PlaybookSet.Facts(
                                        Category.AUTHORIZATION,
                                        SHIPPED.payer(null, List.of("TSTMAP01")),
                                        "197",
                                        List.of("N54"),
                                        new java.math.BigDecimal("75.00")));
        assertThat(s.playbook().id()).isEqualTo("authorization-medicare-advantage");
        assertThat(s.reason())
                .isEqualTo(
                        "matches category AUTHORIZATION, payer type MEDICARE_ADVANTAGE; more specific"
                                + " than 'authorization' (a payer type over any payer)");
    }

    /** The README's "handles" read independently of {@link PlaybookSet}. */
    private static boolean handles(Playbook.Handles h, PlaybookSet.Facts f) {
        return h.categories().contains(f.category())
                && (h.payers().isEmpty() || h.payers().contains(f.payer().id()))
                && (h.payerTypes().isEmpty() || h.payerTypes().contains(f.payer().type()))
                && (h.carcs().isEmpty() || h.carcs().contains(f.carc()))
                && (h.rarcs().isEmpty() || f.rarcs().stream().anyMatch(h.rarcs()::contains))
                && (h.amountMin() == null || f.amount().compareTo(h.amountMin()) >= 0)
                && (h.amountMax() == null || f.amount().compareTo(h.amountMax()) < 0);
    }
}
