package org.reclaim.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.reclaim.triage.Triages.SHIPPED;
import static org.reclaim.triage.Triages.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reclaim.common.Money;
import org.reclaim.rules.Category;
import org.reclaim.rules.CodeCatalog;
import org.reclaim.rules.NextAction;
import org.reclaim.x12.remit.Adjustment;

class CatalogMappingTest {

    /**
     * Every row of docs/denial.md's CARC table ("Group codes and common CARCs"), under group CO.
     */
    @ParameterizedTest(name = "CO-{0} -> {1}")
    @CsvSource({
        "197, AUTHORIZATION",
        "15, AUTHORIZATION",
        "16, CLAIM_DATA",
        "226, DOCUMENTATION",
        "252, DOCUMENTATION",
        "4, CODING",
        "5, CODING",
        "6, CODING",
        "7, CODING",
        "11, CODING",
        "146, CODING",
        "181, CODING",
        "182, CODING",
        "50, MEDICAL_NECESSITY",
        "55, MEDICAL_NECESSITY",
        "151, MEDICAL_NECESSITY",
        "97, BUNDLING",
        "234, BUNDLING",
        "236, BUNDLING",
        "18, DUPLICATE",
        "22, COORDINATION_OF_BENEFITS",
        "26, ELIGIBILITY",
        "27, ELIGIBILITY",
        "31, ELIGIBILITY",
        "200, ELIGIBILITY",
        "B9, ELIGIBILITY",
        "29, TIMELY_FILING",
        "96, NON_COVERED",
        "119, NON_COVERED",
        "204, NON_COVERED",
        "170, PROVIDER_ENROLLMENT",
        "B7, PROVIDER_ENROLLMENT",
        "242, NETWORK",
        "109, WRONG_PAYER",
        "45, CONTRACTUAL",
    })
    void everyCarcOfTheDomainTableMapsToItsCategory(String carc, Category expected) {
        assertThat(classify(null, "CO", carc).category()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "PR-{0} is the patient's")
    @CsvSource({"1", "2", "3", "204", "45", "197", "16"})
    void groupPrIsPatientResponsibilityWhateverTheCarc(String carc) {
        Triage.Classification c = classify(null, "PR", carc);
        assertThat(c.category()).isEqualTo(Category.PATIENT_RESPONSIBILITY);
        assertThat(c.category().workable()).isFalse();
        assertThat(c.action()).isEqualTo(NextAction.NONE);
    }

    @Test
    void contractualReductionsAndPriorPayerImpactAreNotWorked() {
        for (String carc : List.of("45", "42", "131", "A2", "59", "94", "253")) {
            assertThat(classify(null, "CO", carc).category())
                    .as("CO-" + carc)
                    .isEqualTo(Category.CONTRACTUAL);
            assertThat(classify(null, "OA", carc).category())
                    .as("OA-" + carc)
                    .isEqualTo(Category.CONTRACTUAL);
        }
        assertThat(classify(null, "OA", "23").category()).isEqualTo(Category.PRIOR_PAYER);
        for (Category c :
                List.of(
                        Category.CONTRACTUAL,
                        Category.PRIOR_PAYER,
                        Category.PATIENT_RESPONSIBILITY)) {
            assertThat(c.workable()).isFalse();
        }
        assertThat(java.util.Arrays.stream(Category.values()).filter(Category::workable))
                .hasSize(15);
    }

    @Test
    void co16WithMa130IsUnprocessableNotAppealableAndGoesBackAsANewClaim() {
        Triage.Classification plain = classify(null, "CO", "16", "M51");
        Triage.Classification unprocessable = classify(null, "CO", "16", "N382", "MA130");
        assertThat(unprocessable.category()).isEqualTo(Category.CLAIM_DATA);
        assertThat(unprocessable.appealable()).isFalse();
        assertThat(unprocessable.action()).isEqualTo(NextAction.NEW_CLAIM);
        assertThat(unprocessable.rootCause()).contains("MA130").contains("new original claim");
        assertThat(unprocessable.basis()).startsWith("rules.csv:");
        // a supplemental RARC refines the CARC too: M51 names the procedure code
        assertThat(plain.category()).isEqualTo(Category.CODING);
        assertThat(plain.rootCause()).contains("M51");
    }

    @Test
    void aSupplementalRemarkNamesWhatToFixInTheRootCause() {
        Triage.Classification c = classify(null, "CO", "197", "N54");
        assertThat(c.rootCause())
                .contains("CO-197")
                .contains("Remark N54")
                .contains(SHIPPED.catalog().rarc("N54").description().substring(0, 20));
    }

    @Test
    void unknownCodesAreOtherWithAWarningNeverACrash() {
        Triage.Classification c = classify(null, "CO", "ZZ9", "QQ1");
        assertThat(c.category()).isEqualTo(Category.OTHER);
        assertThat(c.warnings())
                .anyMatch(w -> w.contains("unknown CARC ZZ9"))
                .anyMatch(w -> w.contains("unknown RARC QQ1"));
        assertThat(
                        SHIPPED.workability()
                                .workable(new Adjustment("CO", "ZZ9", new Money(100), null)))
                .isTrue();
    }

    @Test
    void retiredCodesKeepTheirHistoricalCategory() {
        List<CodeCatalog.Carc> retired =
                SHIPPED.catalog().carcs().values().stream()
                        .filter(c -> !c.stopDate().isEmpty())
                        .toList();
        assertThat(retired).hasSizeGreaterThan(50);
        // CARC 62 (payment denied/reduced for absence of precertification) was retired but old
        // remits carry it
        CodeCatalog.Carc c62 = SHIPPED.catalog().carc("62");
        assertThat(c62.stopDate()).isNotEmpty();
        assertThat(classify(null, "CO", "62").category()).isEqualTo(Category.AUTHORIZATION);
    }

    @Test
    void aPayerOverrideRecategorizesForThatPayerOnly() {
        // config/payers.yml: TSTCOMB2 sends CO-16 + N479 when it wants the other payer's EOB
        assertThat(classify("TSTCOMB2", "CO", "16", "N479").category())
                .isEqualTo(Category.COORDINATION_OF_BENEFITS);
        assertThat(classify("TSTCOMB2", "CO", "16", "N479").basis()).contains("payer TSTCOMB2");
        assertThat(classify("TSTCOMA1", "CO", "16", "N479").category())
                .isEqualTo(Category.CLAIM_DATA);
    }

    @Test
    void workabilityIsExactlyTheCatalogsGroupAndCarcPatterns() {
        // the count-only inspect path checks the patterns on bytes; the service checks workable():
        // same rule
        for (CodeCatalog.Carc c : SHIPPED.catalog().carcs().values()) {
            for (String group : SHIPPED.catalog().groups().keySet()) {
                Adjustment a = new Adjustment(group, c.code(), new Money(100), null);
                boolean expected = SHIPPED.catalog().baseCategory(group, c.code()).workable();
                assertThat(SHIPPED.workability().workable(a))
                        .as(group + "-" + c.code())
                        .isEqualTo(expected);
                assertThat(SHIPPED.workability().nonWorkableRules().matches(group, c.code()))
                        .isEqualTo(!expected);
            }
        }
    }

    @Test
    void theCatalogHoldsEveryCodeOfTheSharedLists() throws IOException {
        Path codes =
                Stream.of(Path.of("../../shared/codes"), Path.of("../shared/codes"))
                        .filter(Files::isDirectory)
                        .findFirst()
                        .orElse(null);
        assumeTrue(
                codes != null,
                "../shared/codes is not here (a user's clone): nothing to compare with");
        Map<String, CodeCatalog.Carc> carcs = SHIPPED.catalog().carcs();
        TreeSet<String> missing = new TreeSet<>();
        for (String f : List.of("carc_cms_bfd.csv", "carc_hippo_2011.csv")) {
            for (String code : firstColumn(codes.resolve(f)))
                if (!carcs.containsKey(code)) missing.add("CARC " + code);
        }
        for (String f : List.of("rarc_hippo_2011.csv", "rarc_codes_only_pyx12.csv")) {
            for (String code : firstColumn(codes.resolve(f))) {
                if (SHIPPED.catalog().rarc(code) == null) missing.add("RARC " + code);
            }
        }
        for (String code : firstColumn(codes.resolve("claim_adjustment_group_codes_cms_bfd.csv"))) {
            if (!SHIPPED.catalog().groups().containsKey(code)) missing.add("group " + code);
        }
        assertThat(missing).isEmpty();
        assertThat(carcs).hasSizeGreaterThanOrEqualTo(400);
    }

    private static List<String> firstColumn(Path csv) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()
                    || line.startsWith("\"")
                    || !Character.isLetterOrDigit(line.charAt(0))) continue;
            out.add(line.substring(0, line.indexOf(',')).trim());
        }
        return out;
    }
}
