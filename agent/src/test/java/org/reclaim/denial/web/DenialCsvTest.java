package org.reclaim.denial.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells: what a spreadsheet would run as a formula is shown as text; RFC 4180 quoting. */
class DenialCsvTest {

    @Test
    void cellsThatStartLikeAFormulaAreNeutralisedAndNumbersKept() {
        assertThat(DenialCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(DenialCsv.cell("+1+1")).isEqualTo("'+1+1");
        assertThat(DenialCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(DenialCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DenialCsv.cell("\t=cmd")).isEqualTo("'\t=cmd");
        assertThat(DenialCsv.cell("-12")).isEqualTo("-12");
        assertThat(DenialCsv.cell("-12.50")).isEqualTo("-12.50");
        assertThat(DenialCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(DenialCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(DenialCsv.cell("=x,y")).isEqualTo("\"'=x,y\"");
        assertThat(DenialCsv.cell(null)).isEmpty();
    }
}
