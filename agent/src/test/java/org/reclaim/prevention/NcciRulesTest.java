package org.reclaim.prevention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.prevention.Claims837.claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.scrub.Finding;

/**
 * The NCCI loader reads the documented columns (made-up rows: no CMS file is shipped) and refuses a
 * malformed file with file and line; each edit flags its case and passes its clean twin.
 */
class NcciRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final LocalDate DOS = LocalDate.of(2026, 5, 20);

    /** Made-up edits in the documented columns: tab-separated PTP, comma-separated MUE. */
    static Path edits(Path dir) throws IOException {
        Files.writeString(
                dir.resolve("ptp-practitioner-test.txt"),
                "Column 1\tColumn 2\tEffective Date\tDeletion Date\tModifier Indicator\tRationale\n"
                        + "11111\t22222\t20250101\t*\t1\tmade up\n"
                        + "33333\t44444\t20250101\t\t0\tmade up\n"
                        + "55555\t66666\t20250101\t20260101\t1\tdeleted before the service\n"
                        + "77777\t88888\t20250101\t*\t9\tnot applicable\n");
        Files.writeString(
                dir.resolve("MUE_test.csv"),
                "HCPCS/CPT Code,MUE Value,MUE Adjudication Indicator,MUE Rationale\n"
                        + "12345,1,1 Line Edit,made up\n"
                        + "23456,2,\"2 Date of Service Edit: Policy\",made up\n");
        Files.writeString(dir.resolve("readme.md"), "not an edit file");
        return dir;
    }

    private static List<Finding> findings(NcciEdits e, Claims837.Claim c) {
        return Claims837.scrub(List.of(new NcciRules(e)), TODAY, c).get(0).findings();
    }

    @Test
    void theLoaderReadsTheDocumentedColumnsByFileName(@TempDir Path dir) throws IOException {
        NcciEdits e = NcciEdits.load(edits(dir));
        assertThat(e.ptpCount()).isEqualTo(4);
        assertThat(e.mueCount()).isEqualTo(2);
        assertThat(e.ptpWithColumn1("11111")).containsOnlyKeys("22222");
        assertThat(e.mue("23456").adjudicationIndicator()).isEqualTo(2);
    }

    @Test
    void aColumnTwoCodeWithItsColumnOneCodeOnTheSameDayNeedsABypassModifier(@TempDir Path dir)
            throws IOException {
        NcciEdits e = NcciEdits.load(edits(dir));
        List<Finding> f =
                findings(e, claim("P-1").line("11111", "", 1, DOS).line("22222", "", 1, DOS));
        assertThat(f)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.rule()).isEqualTo(NcciRules.PTP);
                            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                            assertThat(x.carc()).isEqualTo("236");
                            assertThat(x.line()).isEqualTo(2);
                            assertThat(x.evidence())
                                    .containsEntry("column1", "11111")
                                    .containsEntry("column1Line", 1);
                        });
        // twins: a bypass modifier on either line, another day, the pair alone
        assertThat(findings(e, claim("P-1").line("11111", "", 1, DOS).line("22222", "59", 1, DOS)))
                .isEmpty();
        assertThat(findings(e, claim("P-1").line("11111", "XS", 1, DOS).line("22222", "", 1, DOS)))
                .isEmpty();
        assertThat(
                        findings(
                                e,
                                claim("P-1")
                                        .line("11111", "", 1, DOS)
                                        .line("22222", "", 1, DOS.plusDays(1))))
                .isEmpty();
        // a modifier that is not NCCI-associated does not bypass
        assertThat(findings(e, claim("P-1").line("11111", "", 1, DOS).line("22222", "GT", 1, DOS)))
                .hasSize(1);
    }

    @Test
    void indicatorZeroIsNeverBypassedAndDeletedOrNotApplicableEditsAreNotApplied(@TempDir Path dir)
            throws IOException {
        NcciEdits e = NcciEdits.load(edits(dir));
        assertThat(findings(e, claim("P-2").line("33333", "", 1, DOS).line("44444", "59", 1, DOS)))
                .extracting(Finding::rule)
                .containsExactly(NcciRules.PTP);
        // deleted 2026-01-01: a service of 2025-12-31 is edited, one of 2026-05-20 is not
        assertThat(findings(e, claim("P-3").line("55555", "", 1, DOS).line("66666", "", 1, DOS)))
                .isEmpty();
        LocalDate before = LocalDate.of(2025, 12, 31);
        assertThat(
                        findings(
                                e,
                                claim("P-3")
                                        .line("55555", "", 1, before)
                                        .line("66666", "", 1, before)))
                .hasSize(1);
        assertThat(findings(e, claim("P-4").line("77777", "", 1, DOS).line("88888", "", 1, DOS)))
                .isEmpty();
    }

    @Test
    void unitsAboveTheMueArePerLineOrPerDayAsTheIndicatorSays(@TempDir Path dir)
            throws IOException {
        NcciEdits e = NcciEdits.load(edits(dir));
        // 12345: MUE 1, a line edit — two lines of 1 pass, one line of 2 does not
        assertThat(findings(e, claim("M-1").line("12345", "", 1, DOS).line("12345", "", 1, DOS)))
                .isEmpty();
        assertThat(findings(e, claim("M-1").line("12345", "", 2, DOS)))
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.rule()).isEqualTo(NcciRules.MUE);
                            assertThat(x.carc()).isEqualTo("151");
                            assertThat(x.line()).isEqualTo(1);
                        });
        // 23456: MUE 2 per date of service — 2 + 1 on one day fails, on two days passes
        assertThat(findings(e, claim("M-2").line("23456", "", 2, DOS).line("23456", "", 1, DOS)))
                .singleElement()
                .satisfies(
                        x -> assertThat(x.message()).contains("3 unit(s)", "per date of service"));
        assertThat(
                        findings(
                                e,
                                claim("M-2")
                                        .line("23456", "", 2, DOS)
                                        .line("23456", "", 1, DOS.plusDays(1))))
                .isEmpty();
    }

    @Test
    void aMalformedFileIsRefusedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path ptp = dir.resolve("ptp.csv");
        Files.writeString(
                ptp,
                "Column 1,Column 2,Effective Date,Deletion Date,Modifier Indicator\n"
                        + "11111,22222,20250101,,1\n"
                        + "11111,22223,20250101,,2\n");
        assertThatThrownBy(() -> NcciEdits.load(dir))
                .isInstanceOf(NcciEdits.MalformedFile.class)
                .hasMessageContaining(ptp + ":3")
                .hasMessageContaining("Modifier Indicator");
        Files.writeString(ptp, "Code 1,Code 2\n11111,22222\n");
        assertThatThrownBy(() -> NcciEdits.load(dir))
                .hasMessageContaining(ptp + ":1")
                .hasMessageContaining("Column 1, Column 2, Effective Date");
        Files.writeString(
                ptp,
                "Column 1,Column 2,Effective Date,Deletion Date,Modifier Indicator\n"
                        + "11111,22222,2025-13-01,,1\n");
        assertThatThrownBy(() -> NcciEdits.load(dir)).hasMessageContaining(ptp + ":2");
        Files.delete(ptp);
        Path mue = dir.resolve("mue.txt");
        Files.writeString(
                mue, "HCPCS/CPT Code,MUE Value,MUE Adjudication Indicator\n\n12345,many,1\n");
        assertThatThrownBy(() -> NcciEdits.load(dir))
                .hasMessageContaining(mue + ":3")
                .hasMessageContaining("MUE Value");
        Files.writeString(mue, "HCPCS/CPT Code,MUE Value,MUE Adjudication Indicator\n12345,1\n");
        assertThatThrownBy(() -> NcciEdits.load(dir)).hasMessageContaining(mue + ":2");
        assertThatThrownBy(() -> NcciEdits.load(dir.resolve("absent")))
                .hasMessageContaining("does not exist");
    }
}
