package org.reclaim.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.triage.Triages.SHIPPED;
import static org.reclaim.triage.Triages.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.reclaim.denial.Priority;
import org.reclaim.rules.Category;
import org.reclaim.rules.NextAction;
import org.reclaim.rules.PayerRules;
import org.reclaim.rules.PayerType;

class DeadlineAndPriorityTest {

    private static final LocalDate SERVICE = LocalDate.of(2026, 9, 1);
    private static final LocalDate PAID = LocalDate.of(2026, 10, 1);
    private static final LocalDate TODAY = LocalDate.of(2026, 10, 15);

    @Test
    void medicareAppealsRunFromThePaymentDateWith120DaysForARedetermination() {
        Triage.Plan p = plan("TSTMCR01", PAID, SERVICE, "CO", "50", "300.00", TODAY);
        assertThat(p.category()).isEqualTo(Category.MEDICAL_NECESSITY);
        assertThat(p.nextAction()).isEqualTo(NextAction.APPEAL);
        assertThat(p.deadline()).isEqualTo(PAID.plusDays(120));
        assertThat(p.deadlineBasis()).startsWith("Redetermination");
        assertThat(p.daysLeft()).isEqualTo(106);
        assertThat(p.expired()).isFalse();
        assertThat(p.payer().type()).isEqualTo(PayerType.MEDICARE);
        assertThat(SHIPPED.payers().defaults().get(PayerType.MEDICARE).appealLevels())
                .extracting(PayerRules.AppealLevel::days)
                .containsExactly(120, 180, 60, 60, 60);
    }

    @Test
    void medicareTimelyFilingIsNotAppealableSoItsDeadlineIsTheFilingLimit() {
        Triage.Plan medicare = plan("TSTMCR01", PAID, SERVICE, "CO", "29", "150.00", TODAY);
        assertThat(medicare.appealable()).isFalse();
        assertThat(medicare.nextAction()).isEqualTo(NextAction.NEW_CLAIM);
        assertThat(medicare.deadline()).isEqualTo(SERVICE.plusDays(365));
        assertThat(medicare.playbook()).isEqualTo("timely-filing-medicare");
        // a commercial payer's timely-filing denial can be appealed with proof of timely receipt
        Triage.Plan commercial = plan("TSTCOMB2", PAID, SERVICE, "CO", "29", "150.00", TODAY);
        assertThat(commercial.appealable()).isTrue();
        assertThat(commercial.deadline()).isEqualTo(PAID.plusDays(60));
        assertThat(commercial.playbook()).isEqualTo("timely-filing");
    }

    @Test
    void appealWindowsPerPayerTypeAndConfiguredPayer() {
        // commercial type default: 60 days unless configured
        assertThat(plan("TSTCOMB2", PAID, SERVICE, "CO", "197", "10.00", TODAY).deadline())
                .isEqualTo(PAID.plusDays(60));
        // TSTCOMA1 is configured with a 90-day first-level appeal
        assertThat(plan("TSTCOMA1", PAID, SERVICE, "CO", "197", "10.00", TODAY).deadline())
                .isEqualTo(PAID.plusDays(90));
        // Medicare Advantage and Medicaid: 60 by default
        assertThat(plan("TSTMAP01", PAID, SERVICE, "CO", "197", "10.00", TODAY).deadline())
                .isEqualTo(PAID.plusDays(60));
        assertThat(SHIPPED.payers().defaults().get(PayerType.MEDICAID).appealLevels().get(0).days())
                .isEqualTo(60);
        // the configured Medicaid plan has its own 90
        assertThat(plan("TSTMCD01", PAID, SERVICE, "CO", "197", "10.00", TODAY).deadline())
                .isEqualTo(PAID.plusDays(90));
    }

    @Test
    void anUnknownPayerGetsTheConservativeDefaultsAndIsFlagged() {
        Triage.Plan appeal = plan("UNKNOWN77", PAID, SERVICE, "CO", "197", "10.00", TODAY);
        assertThat(appeal.payer().type()).isEqualTo(PayerType.OTHER);
        assertThat(appeal.payerConfigured()).isFalse();
        assertThat(appeal.warnings())
                .anyMatch(w -> w.contains("UNKNOWN77") && w.contains("not in config/payers.yml"));
        assertThat(appeal.deadline()).isEqualTo(PAID.plusDays(60));
        Triage.Plan newClaim =
                plan("UNKNOWN77", PAID, SERVICE, "CO", "16", "10.00", TODAY, "MA130");
        assertThat(newClaim.deadline()).isEqualTo(SERVICE.plusDays(90));
        Triage.Plan correction = plan("UNKNOWN77", PAID, SERVICE, "CO", "4", "10.00", TODAY);
        assertThat(correction.nextAction()).isEqualTo(NextAction.CORRECTED_CLAIM);
        assertThat(correction.deadline()).isEqualTo(SERVICE.plusDays(90));
        assertThat(correction.deadlineBasis()).contains("REPLACEMENT_CLAIM");
    }

    @Test
    void correctionsFollowThePayersMethod() {
        // Medicare Part B corrects a processed claim by reopening, counted from the determination
        Triage.Plan medicare = plan("TSTMCR01", PAID, SERVICE, "CO", "4", "80.00", TODAY);
        assertThat(medicare.nextAction()).isEqualTo(NextAction.CORRECTED_CLAIM);
        assertThat(medicare.deadline()).isEqualTo(PAID.plusDays(365));
        assertThat(medicare.deadlineBasis()).contains("REOPENING").contains("payment date");
        // TSTCOMA1 takes replacement claims for 180 days from the date of service
        Triage.Plan commercial = plan("TSTCOMA1", PAID, SERVICE, "CO", "4", "80.00", TODAY);
        assertThat(commercial.deadline()).isEqualTo(SERVICE.plusDays(180));
        assertThat(commercial.deadlineBasis()).contains("date of service");
    }

    @Test
    void anUnprocessableClaimIsDueAtTheTimelyFilingLimit() {
        Triage.Plan p = plan("TSTCOMA1", PAID, SERVICE, "CO", "16", "80.00", TODAY, "MA130");
        assertThat(p.appealable()).isFalse();
        assertThat(p.nextAction()).isEqualTo(NextAction.NEW_CLAIM);
        assertThat(p.deadline()).isEqualTo(SERVICE.plusDays(180));
        assertThat(p.playbook()).isEqualTo("claim-data-unprocessable");
    }

    @Test
    void aMissingPaymentDateCountsFromTheDayTheRemittanceArrived() {
        Triage.Plan p =
                SHIPPED.plan(
                        new Triage.Facts(
                                null,
                                java.util.List.of("TSTCOMB2"),
                                null,
                                TODAY,
                                SERVICE,
                                "CO",
                                "197",
                                java.util.List.of(),
                                new BigDecimal("10.00")),
                        TODAY);
        assertThat(p.deadline()).isEqualTo(TODAY.plusDays(60));
        assertThat(p.deadlineBasis()).contains("arrived");
    }

    @Test
    void pastTheDeadlineIsExpiredWithNoPriority() {
        Triage.Plan p = plan("TSTCOMB2", PAID, SERVICE, "CO", "197", "500.00", PAID.plusDays(61));
        assertThat(p.expired()).isTrue();
        assertThat(p.daysLeft()).isEqualTo(-1);
        assertThat(p.priority()).isEqualByComparingTo("0");
        assertThat(p.expectedRecovery()).isEqualByComparingTo("300.00"); // 500 × 0.60
    }

    @Test
    void priorityIsExpectedDollarsWeightedByUrgency() {
        assertThat(Priority.of(new BigDecimal("100.00"), 0)).isEqualByComparingTo("500.00");
        assertThat(Priority.of(new BigDecimal("100.00"), 15)).isEqualByComparingTo("300.00");
        assertThat(Priority.of(new BigDecimal("100.00"), 45)).isEqualByComparingTo("200.00");
        assertThat(Priority.of(new BigDecimal("0.01"), 1000)).isEqualByComparingTo("0.01");
        // same amount and category: the nearer deadline comes first
        Triage.Plan soon =
                plan("TSTCOMB2", PAID, SERVICE, "CO", "197", "100.00", PAID.plusDays(50));
        Triage.Plan later =
                plan("TSTCOMB2", PAID, SERVICE, "CO", "197", "100.00", PAID.plusDays(5));
        assertThat(soon.priority()).isGreaterThan(later.priority());
        // same deadline: the likelier recovery of the same amount comes first (claim data 0.80 over
        // bundling 0.35)
        Triage.Plan data = plan("TSTCOMB2", PAID, SERVICE, "CO", "16", "100.00", TODAY);
        Triage.Plan bundled = plan("TSTCOMB2", PAID, SERVICE, "CO", "97", "100.00", TODAY);
        assertThat(data.deadline()).isEqualTo(bundled.deadline());
        assertThat(data.priority()).isGreaterThan(bundled.priority());
    }
}
