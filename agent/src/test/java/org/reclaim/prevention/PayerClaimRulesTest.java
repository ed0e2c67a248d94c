package org.reclaim.prevention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.prevention.Claims837.claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.connector.records.AuthorizationOnFile;
import org.reclaim.connector.records.RecordsFolder;
import org.reclaim.rules.ConfigFile;
import org.reclaim.rules.PayerDirectory;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.rules.TriageFiles;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.ClaimScrub;
import org.reclaim.scrub.Finding;
import org.reclaim.scrub.Verdict;
import org.reclaim.triage.Triage;

/** Each payer rule of payers.yml flags its case and passes its clean twin. */
class PayerClaimRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final LocalDate DOS = TODAY.minusDays(10);

    /** A fictitious plan that authorizes 72148 and J1745, files within 100 days, warns at 20. */
    private static final String AUTH_PLAN =
            """
              - id: TSTAUTH1
                name: TEST AUTHORIZING PLAN
                type: COMMERCIAL
                priorAuthorization: ["72148", "j1745"]
                timelyFilingDays: 100
                timelyFilingWarningDays: 20
            """;

    static PayerDirectory directory(String extraPayers) {
        TriageFiles shipped = TriageFiles.locate(null, null);
        ConfigFile payers = shipped.payersFile();
        return PayerDirectory.load(
                new ConfigFile(
                        "test/payers.yml", payers.text().stripTrailing() + "\n" + extraPayers),
                Triage.load(shipped).catalog());
    }

    private static final PayerDirectory PAYERS = directory(AUTH_PLAN);

    private static List<Finding> findings(ClaimRule rule, Claims837.Claim c, LocalDate today) {
        List<ClaimScrub> s = Claims837.scrub(List.of(rule), today, c);
        assertThat(s).hasSize(1);
        return s.get(0).findings();
    }

    private static Claims837.Claim toAuthPlan(String pcn) {
        return claim(pcn).payer("TSTAUTH1", "TEST AUTHORIZING PLAN");
    }

    @Test
    void aProcedureNeedingAuthorizationWithoutOneIsHeldWithCarc197() {
        List<Finding> f =
                findings(
                        PayerClaimRules.withoutRecords(PAYERS),
                        toAuthPlan("PA-1").line("99213", "", 1, DOS).line("72148", "", 1, DOS),
                        TODAY);
        assertThat(f)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.rule()).isEqualTo(PayerClaimRules.PRIOR_AUTHORIZATION);
                            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                            assertThat(x.category()).isEqualTo("authorization");
                            assertThat(x.carc()).isEqualTo("197");
                            assertThat(x.line()).isEqualTo(2);
                            assertThat(x.evidence()).containsEntry("procedure", "72148");
                        });
        // the clean twins: the authorization on the claim (REF*G1); a code the payer does not list;
        // the same code to a payer that lists nothing
        assertThat(
                        findings(
                                PayerClaimRules.withoutRecords(PAYERS),
                                toAuthPlan("PA-1")
                                        .priorAuthorization("AUTH-77")
                                        .line("72148", "", 1, DOS),
                                TODAY))
                .isEmpty();
        assertThat(
                        findings(
                                PayerClaimRules.withoutRecords(PAYERS),
                                toAuthPlan("PA-1").line("99213", "", 1, DOS),
                                TODAY))
                .isEmpty();
        assertThat(
                        findings(
                                PayerClaimRules.withoutRecords(PAYERS),
                                claim("PA-1").line("72148", "", 1, DOS),
                                TODAY))
                .isEmpty();
        // the file's lower-case code is read as the code
        assertThat(
                        findings(
                                PayerClaimRules.withoutRecords(PAYERS),
                                toAuthPlan("PA-2").line("J1745", "", 1, DOS),
                                TODAY))
                .extracting(Finding::rule)
                .containsExactly(PayerClaimRules.PRIOR_AUTHORIZATION);
    }

    @Test
    void anAuthorizationOnFileCoveringTheDateIsTheFixAndOneNotCoveringItIsNot(@TempDir Path data)
            throws IOException {
        Path dir = data.resolve("records").resolve("clinic");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("authorizations.csv"),
                "patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber\n"
                        + "PA-3,,TSTAUTH1,72148,"
                        + DOS.minusDays(5)
                        + ","
                        + DOS.plusDays(5)
                        + ",AUTH-ON-FILE-3\n");
        PayerRuleSource source = new PayerRuleSource(() -> PAYERS, new RecordsFolder(data));
        List<ClaimRule> rules = source.rulesFor(UUID.randomUUID(), "clinic").block();
        Finding f =
                findings(rules.get(0), toAuthPlan("PA-3").line("72148", "", 1, DOS), TODAY).get(0);
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.fix()).containsEntry("priorAuthorization", "AUTH-ON-FILE-3");
        // outside the authorization's dates: nothing covers it, so it is an error with no fix
        Finding outside =
                findings(
                                rules.get(0),
                                toAuthPlan("PA-3").line("72148", "", 1, DOS.plusDays(6)),
                                TODAY)
                        .get(0);
        assertThat(outside.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(outside.fix()).isEmpty();
        // another claim's authorization is not this claim's
        assertThat(
                        findings(rules.get(0), toAuthPlan("PA-4").line("72148", "", 1, DOS), TODAY)
                                .get(0)
                                .severity())
                .isEqualTo(Finding.Severity.ERROR);
    }

    @Test
    void theTimelyFilingWindowWarnsAsItClosesAndHoldsPastIt() {
        PayerClaimRules rules =
                new PayerClaimRules(PAYERS, q -> Optional.<AuthorizationOnFile>empty());
        // TSTAUTH1: 100 days, warned from 20 days left (not the default 14)
        LocalDate open = TODAY.minusDays(79); // 21 days left
        assertThat(findings(rules, toAuthPlan("TF-1").line("99213", "", 1, open), TODAY)).isEmpty();
        List<Finding> warned =
                findings(
                        rules, toAuthPlan("TF-1").line("99213", "", 1, TODAY.minusDays(80)), TODAY);
        assertThat(warned)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.rule()).isEqualTo(PayerClaimRules.TIMELY_FILING);
                            assertThat(x.severity()).isEqualTo(Finding.Severity.WARNING);
                            assertThat(x.carc()).isEqualTo("29");
                            assertThat(x.evidence()).containsEntry("daysLeft", 20L);
                        });
        List<Finding> late =
                findings(
                        rules,
                        toAuthPlan("TF-1")
                                .line("99213", "", 1, TODAY.minusDays(30))
                                .line("99213", "", 1, TODAY.minusDays(101)),
                        TODAY);
        assertThat(late)
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                            assertThat(x.category()).isEqualTo("timely-filing");
                            assertThat(x.evidence())
                                    .containsEntry(
                                            "firstDateOfService", TODAY.minusDays(101).toString());
                        });
        // a type's default warning window is 14 days: TSTCOMB2 is COMMERCIAL, 90 days
        assertThat(findings(rules, claim("TF-2").line("99213", "", 1, TODAY.minusDays(75)), TODAY))
                .isEmpty();
        assertThat(findings(rules, claim("TF-2").line("99213", "", 1, TODAY.minusDays(76)), TODAY))
                .extracting(Finding::severity)
                .containsExactly(Finding.Severity.WARNING);
    }

    @Test
    void aCorrectedClaimToAPayerThatReopensIsAnError() {
        PayerClaimRules rules = PayerClaimRules.withoutRecords(PAYERS);
        // TSTMCR01 is MEDICARE: corrections by reopening (payers.yml)
        Claims837.Claim medicare =
                claim("CM-1")
                        .payer("TSTMCR01", "TEST MEDICARE MAC JURISDICTION Z")
                        .frequency("7", "PCN-ORIGINAL-1")
                        .line("99213", "", 1, DOS);
        assertThat(findings(rules, medicare, TODAY))
                .singleElement()
                .satisfies(
                        x -> {
                            assertThat(x.rule()).isEqualTo(PayerClaimRules.CORRECTION_METHOD);
                            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
                        });
        // twins: an original to the same payer; a replacement to a payer taking replacements
        assertThat(
                        findings(
                                rules,
                                claim("CM-2")
                                        .payer("TSTMCR01", "TEST MEDICARE MAC JURISDICTION Z")
                                        .line("99213", "", 1, DOS),
                                TODAY))
                .isEmpty();
        assertThat(
                        findings(
                                rules,
                                claim("CM-3")
                                        .payer("TSTCOMA1", "TEST COMMERCIAL HEALTH PLAN A")
                                        .frequency("7", "PCN-ORIGINAL-3")
                                        .line("99213", "", 1, DOS),
                                TODAY))
                .isEmpty();
        assertThat(
                        Claims837.scrub(
                                        List.of(rules),
                                        TODAY,
                                        claim("CM-2")
                                                .frequency("8", "X")
                                                .payer("TSTMCR01", "M")
                                                .line("99213", "", 1, DOS))
                                .get(0)
                                .verdict())
                .isEqualTo(Verdict.HOLD);
    }

    @Test
    void aBadPriorAuthorizationListIsRefusedWithFileAndLine() {
        assertThatThrownBy(
                        () ->
                                directory(
                                        """
                                          - id: TSTBAD01
                                            name: BAD PLAN
                                            type: COMMERCIAL
                                            priorAuthorization: ["72148", "MRI-LUMBAR"]
                                        """))
                .isInstanceOf(TriageConfigException.class)
                .hasMessageContaining("test/payers.yml")
                .hasMessageContaining("MRI-LUMBAR")
                .satisfies(
                        e -> {
                            String text = TriageFiles.locate(null, null).payersFile().text();
                            int line = text.stripTrailing().split("\n", -1).length + 4;
                            assertThat(e.getMessage()).contains(":" + line);
                        });
        assertThatThrownBy(
                        () ->
                                directory(
                                        """
                                          - id: TSTBAD02
                                            name: BAD PLAN
                                            type: COMMERCIAL
                                            timelyFilingWarningDays: soon
                                        """))
                .isInstanceOf(TriageConfigException.class)
                .hasMessageContaining("soon");
    }
}
