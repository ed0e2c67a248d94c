package org.reclaim.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.reclaim.triage.Triages;

/** Reading config/fee-schedules.csv: what a row means, and every bad row refused with its line. */
class FeeScheduleTest {

    private static final String HEADER = "payer,procedure,modifier,rate,from,to\n";

    private static FeeSchedule read(String text) {
        return FeeSchedule.load(new ConfigFile("fees.csv", text), Triages.SHIPPED.payers());
    }

    private static TriageConfigException refused(String rows) {
        try {
            read(HEADER + rows);
        } catch (TriageConfigException e) {
            return e;
        }
        throw new AssertionError("the broken fee schedule was accepted");
    }

    @Test
    void aRowNamesItsPayerByAnyIdentifierAndKeepsItsSource() {
        FeeSchedule s =
                read(
                        "# synthetic\n"
                                + HEADER
                                + "1990000103,99213,,84.5,,\nTSTCOMA1,97110,gp,30.03,2026-01-01,2026-12-31\n");
        assertThat(s.rates())
                .containsExactly(
                        new FeeSchedule.Rate(
                                "TSTCOMA1",
                                "99213",
                                null,
                                new java.math.BigDecimal("84.50"),
                                null,
                                null,
                                "fees.csv:3"),
                        new FeeSchedule.Rate(
                                "TSTCOMA1",
                                "97110",
                                "GP",
                                new java.math.BigDecimal("30.03"),
                                LocalDate.of(2026, 1, 1),
                                LocalDate.of(2026, 12, 31),
                                "fees.csv:4"));
        assertThat(s.rates().get(0).rate().scale()).isEqualTo(2);
    }

    @Test
    void theModifierAndDateColumnsMayBeLeftOut() {
        FeeSchedule s = read("payer,procedure,rate\nTSTMCR01,G0439,90.90\n");
        assertThat(s.rates())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.modifier()).isNull();
                            assertThat(r.from()).isNull();
                        });
    }

    @Test
    void commentsAndBlankLinesKeepTheLineNumbersOfTheRowsAfterThem() {
        TriageConfigException e =
                refused("# a note\n\nTSTMCR01,99213,,64.58,,\n  # another\nTSTMCR01,99214,,-1,,\n");
        assertThat(e.file()).isEqualTo("fees.csv");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.reason()).contains("more than 0");
    }

    @Test
    void aPayerNotInPayersYmlIsRefused() {
        TriageConfigException e = refused("TSTMCR01,99213,,64.58,,\nSOMEPAYER,99213,,64.58,,\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains("'SOMEPAYER' is not in payers.yml");
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertThat(refused("TSTMCR01,9921,,64.58,,\n").reason()).contains("procedure '9921'");
        assertThat(refused("TSTMCR01,99213,G,64.58,,\n").reason()).contains("modifier 'G'");
        assertThat(refused("TSTMCR01,99213,,64.585,,\n").reason())
                .contains("more than two decimals");
        assertThat(refused("TSTMCR01,99213,,$64.58,,\n").reason()).contains("not an amount");
        assertThat(refused("TSTMCR01,99213,,,,\n").reason()).contains("'rate' is empty");
        assertThat(refused("TSTMCR01,99213,,64.58,01/01/2026,\n").reason()).contains("not a date");
        assertThat(refused("TSTMCR01,99213,,64.58,2026-02-01,2026-01-31\n").reason())
                .contains("before");
        assertThat(refused("TSTMCR01,99213,,64.58\n").reason()).contains("expected 6 fields");
    }

    @Test
    void twoRatesForTheSameServiceOnTheSameDayAreRefused() {
        TriageConfigException e =
                refused(
                        """
                TSTMCR01,99213,,64.58,,2025-12-31
                TSTMCR01,99213,,66.00,2026-01-01,
                TSTMCR01,99213,25,60.00,,
                1990000101,99213,,65.00,2025-06-01,2025-06-30
                """);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).contains("overlaps the row at fees.csv:2");
    }

    @Test
    void theShippedScheduleOnlyPricesTheFictitiousTestPayers() {
        assertThat(Triages.SHIPPED.feeSchedule().rates())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.payer()).startsWith("TST"))
                .allSatisfy(
                        r -> assertThat(r.source()).startsWith("jar:config/fee-schedules.csv:"));
    }
}
