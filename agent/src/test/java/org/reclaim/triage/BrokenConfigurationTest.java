package org.reclaim.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.ReclaimApplication;
import org.reclaim.playbook.StepKind;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.rules.TriageFiles;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A broken playbook, catalog or payer file is refused as a whole, naming the file, the line and the
 * reason: at start-up (the service does not start) and on reload.
 */
class BrokenConfigurationTest {

    @TempDir Path playbooks;
    @TempDir Path config;

    private TriageConfigException refused() {
        try {
            Triage.load(TriageFiles.locate(playbooks, config));
        } catch (TriageConfigException e) {
            return e;
        }
        throw new AssertionError("the broken configuration was accepted");
    }

    private void write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String shipped(String name) throws IOException {
        try (var in =
                BrokenConfigurationTest.class
                        .getClassLoader()
                        .getResourceAsStream(TriageFiles.BUNDLED + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedFilesAreValid() {
        Triage t = Triage.load(TriageFiles.locate(playbooks, config));
        assertThat(t.playbooks().playbooks()).hasSizeGreaterThanOrEqualTo(16);
    }

    @Test
    void aStepOutsideTheVocabularyNamesFileAndLine() throws IOException {
        write(
                playbooks,
                "coding.yml",
                """
                id: coding
                name: Coding
                handles:
                  categories: [CODING]
                steps:
                  - step: DRAFT_CORRECTED_CLAIM
                  - step: PHONE_THE_PAYER
                """);
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(playbooks.resolve("coding.yml").toString());
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.reason()).contains("PHONE_THE_PAYER").contains("CHECK_CLAIM_STATUS");
    }

    @Test
    void everyStepHasAnIdDerivedFromItsKindWhenTheFileGivesNone() {
        Triage t = Triage.load(TriageFiles.locate(playbooks, config));
        var auth = t.playbooks().byId("authorization");
        assertThat(auth.steps())
                .extracting(org.reclaim.playbook.Playbook.Step::id)
                .startsWith("lookup", "draft-corrected-claim", "review", "submit", "await-response")
                // the second unnamed REVIEW and SUBMIT of the file
                .contains("review-2", "submit-2", "appeal", "escalate")
                .doesNotHaveDuplicates();
        // a version is the hash of the file's text: the same text, the same version
        assertThat(auth.version())
                .hasSize(64)
                .isEqualTo(org.reclaim.playbook.PlaybookSet.version(auth.source()));
    }

    @Test
    void aStepIdUsedTwiceOrNotAnIdNamesFileAndLine() throws IOException {
        write(
                playbooks,
                "coding.yml",
                """
                id: coding
                name: Coding
                handles:
                  categories: [CODING]
                steps:
                  - id: send
                    step: DRAFT_CORRECTED_CLAIM
                  - id: send
                    step: SUBMIT
                """);
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(playbooks.resolve("coding.yml").toString());
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.reason()).contains("step id 'send' is used twice").contains("line 6");

        write(
                playbooks,
                "coding.yml",
                """
                id: coding
                name: Coding
                handles:
                  categories: [CODING]
                steps:
                  - id: 2nd.step
                    step: DRAFT_CORRECTED_CLAIM
                """);
        e = refused();
        assertThat(e.file()).isEqualTo(playbooks.resolve("coding.yml").toString());
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.reason()).contains("a step id is").contains("'2nd.step'");
    }

    @Test
    void aParameterAStepDoesNotTakeIsRefused() throws IOException {
        write(
                playbooks,
                "coding.yml",
                """
                id: coding
                name: Coding
                handles: {categories: [CODING]}
                steps:
                  - step: SUBMIT
                    channel: PORTAL
                  - step: ESCALATE
                    wait: P3D
                """);
        TriageConfigException e = refused();
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.reason()).contains("unknown key 'wait'");
    }

    @Test
    void anEvidencePatternThatIsNoPatternNamesItsLine() throws IOException {
        write(
                playbooks,
                "medical-necessity.yml",
                """
                id: medical-necessity
                name: Medical necessity
                handles: {categories: [MEDICAL_NECESSITY]}
                steps:
                  - step: GATHER_RECORDS
                    evidence:
                      - 'medically necessary'
                      - 'conservative (therapy'
                  - step: ESCALATE
                """);
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(playbooks.resolve("medical-necessity.yml").toString());
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.reason()).contains("not a pattern").contains("conservative (therapy");
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        write(
                playbooks,
                "coding.yml",
                "id: coding\nname: Coding\nhandles:\n  categories: [CODING\nsteps: []\n");
        TriageConfigException e = refused();
        assertThat(e.file()).endsWith("coding.yml");
        assertThat(e.line()).isBetween(4, 5);
        assertThat(e.reason()).startsWith("not valid YAML");
    }

    @Test
    void aJumpToAStepThatDoesNotExistIsRefused() throws IOException {
        write(
                playbooks,
                "coding.yml",
                """
                id: coding
                name: Coding
                handles: {categories: [CODING]}
                steps:
                  - step: DRAFT_CORRECTED_CLAIM
                    on: {REJECTED: appeal}
                """);
        TriageConfigException e = refused();
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).contains("'appeal'");
    }

    @Test
    void twoEquallySpecificPlaybooksForTheSameDenialAreATie() throws IOException {
        write(
                playbooks,
                "coding-again.yml",
                """
                id: coding-again
                name: Coding, again
                handles: {categories: [CODING, BUNDLING]}
                steps:
                  - step: ESCALATE
                """);
        TriageConfigException e = refused();
        assertThat(e.getMessage())
                .contains("coding-again")
                .containsAnyOf("'coding'", "'bundling'")
                .contains("equally specific");
    }

    @Test
    void narrowerPlaybooksAreNotTiesButOverlappingNarrowOnesAre() throws IOException {
        write(
                playbooks,
                "coding-small.yml",
                """
                id: coding-small
                name: Small coding denials
                handles:
                  categories: [CODING]
                  amount: {max: 50.00}
                steps:
                  - step: ESCALATE
                """);
        Triage.load(TriageFiles.locate(playbooks, config)); // narrower amount: fine
        write(
                playbooks,
                "coding-small-too.yml",
                """
                id: coding-small-too
                name: Small coding denials, again
                handles:
                  categories: [CODING]
                  amount: {min: 25.00, max: 75.00}
                steps:
                  - step: ESCALATE
                """);
        assertThat(refused().getMessage()).contains("coding-small").contains("equally specific");
    }

    @Test
    void aWorkableCategoryWithoutAFallbackPlaybookIsRefused() throws IOException {
        write(
                playbooks,
                "network.yml",
                shipped("playbooks/network.yml")
                        .replace("id: network", "id: network\nenabled: false"));
        assertThat(refused().reason()).contains("NETWORK").contains("every payer and amount");
    }

    @Test
    void aBadCatalogRowNamesFileAndLine() throws IOException {
        String carc = shipped("playbooks/catalog/carc.csv");
        String[] lines = carc.split("\n", -1);
        lines[9] = lines[9].replaceFirst(",[A-Z_]+,", ",MISSING_PAPERWORK,");
        write(playbooks, "catalog/carc.csv", String.join("\n", lines));
        TriageConfigException e = refused();
        assertThat(e.file()).endsWith("carc.csv");
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.reason()).contains("MISSING_PAPERWORK");
    }

    @Test
    void aRuleThatWouldMakeAContractualReductionWorkableIsRefused() throws IOException {
        write(
                playbooks,
                "catalog/rules.csv",
                shipped("playbooks/catalog/rules.csv") + ",45,N130,CODING,,,\n");
        TriageConfigException e = refused();
        assertThat(e.file()).endsWith("rules.csv");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.reason()).contains("workable");
    }

    @Test
    void aWrongPayerFileNamesFileAndLine() throws IOException {
        String payers = shipped("config/payers.yml");
        write(
                config,
                "payers.yml",
                payers.replace(
                        "    timelyFilingDays: 180\n",
                        "    timelyFilingDays: 180\n    appealDays: 90\n"));
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(config.resolve("payers.yml").toString());
        int expected =
                1
                        + (int)
                                payers.substring(0, payers.indexOf("    timelyFilingDays: 180\n"))
                                        .chars()
                                        .filter(c -> c == '\n')
                                        .count()
                        + 1;
        assertThat(e.line()).isEqualTo(expected);
        assertThat(e.reason()).contains("unknown key 'appealDays'");
    }

    @Test
    void aRuleThatLeavesAWorkableDenialWithNothingToDoIsRefused() throws IOException {
        write(
                playbooks,
                "catalog/rules.csv",
                shipped("playbooks/catalog/rules.csv") + ",16,N479,CLAIM_DATA,NONE,,\n");
        TriageConfigException e = refused();
        assertThat(e.file()).endsWith("rules.csv");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.reason()).contains("CLAIM_DATA").contains("NONE");
    }

    @Test
    void aPayerOverrideThatLeavesAWorkableDenialWithNothingToDoIsRefused() throws IOException {
        String payers = shipped("config/payers.yml");
        String override = "nextAction: NEW_CLAIM, appealable: false}";
        write(
                config,
                "payers.yml",
                payers.replace(override, "nextAction: NONE, appealable: false}"));
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(config.resolve("payers.yml").toString());
        assertThat(e.line()).isEqualTo(lineOf(payers, override));
        assertThat(e.reason())
                .contains("TSTCOMB2")
                .contains("COORDINATION_OF_BENEFITS")
                .contains("NONE");
    }

    @Test
    void aPayerWithoutAppealLevelsIsRefused() throws IOException {
        String payers = shipped("config/payers.yml");
        String levels =
                "    appealLevels:\n      - {name: Reconsideration, days: 90}\n"
                        + "      - {name: State fair hearing, days: 120}\n";
        write(config, "payers.yml", payers.replace(levels, "    appealLevels: []\n"));
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(config.resolve("payers.yml").toString());
        assertThat(e.line()).isEqualTo(lineOf(payers, levels));
        assertThat(e.reason()).contains("payer TSTMCD01").contains("appeal level");
    }

    @Test
    void aPayerTypeWithoutAppealLevelsIsRefused() throws IOException {
        String payers = shipped("config/payers.yml");
        String levels = "    appealLevels:\n      - {name: Appeal, days: 60}\n";
        write(config, "payers.yml", payers.replace(levels, "    appealLevels: []\n"));
        TriageConfigException e = refused();
        assertThat(e.line()).isEqualTo(lineOf(payers, levels));
        assertThat(e.reason()).contains("type OTHER").contains("appeal level");
    }

    /** The 1-based line {@code text} starts on in {@code file}. */
    private static int lineOf(String file, String text) {
        return 1
                + (int)
                        file.substring(0, file.indexOf(text))
                                .chars()
                                .filter(c -> c == '\n')
                                .count();
    }

    @Test
    void aPayerTypeOutsideTheListIsRefused() throws IOException {
        String payers = shipped("config/payers.yml");
        write(
                config,
                "payers.yml",
                payers.replace("    type: MEDICAID\n", "    type: STATE_PLAN\n"));
        assertThat(refused().reason()).contains("STATE_PLAN").contains("MEDICARE_ADVANTAGE");
    }

    @Test
    void aBrokenFeeScheduleRowNamesFileAndLine() throws IOException {
        write(
                config,
                "fee-schedules.csv",
                "payer,procedure,modifier,rate,from,to\n"
                        + "TSTCOMA1,99213,,84.46,,\nTSTCOMA1,99214,,121.999,,\n");
        TriageConfigException e = refused();
        assertThat(e.file()).isEqualTo(config.resolve("fee-schedules.csv").toString());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains("more than two decimals");
    }

    @Test
    void aFeeScheduleForAPayerNotInPayersYmlIsRefused() throws IOException {
        write(config, "fee-schedules.csv", "payer,procedure,rate\nNOSUCHPAYER,99213,84.46\n");
        TriageConfigException e = refused();
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).contains("'NOSUCHPAYER' is not in payers.yml");
    }

    @Test
    void theServiceDoesNotStartWithABrokenPlaybook() throws IOException {
        write(
                playbooks,
                "coding.yml",
                "id: coding\nname: Coding\nhandles: {categories: [CODING]}\nsteps:\n  - step: FAX_IT\n");
        assertThatThrownBy(
                        () ->
                                new SpringApplicationBuilder(ReclaimApplication.class)
                                        .properties(
                                                "reclaim.db.ephemeral=true",
                                                "reclaim.inbox.enabled=false",
                                                "reclaim.data-dir=target/test-data-broken",
                                                "spring.main.web-application-type=none",
                                                "reclaim.triage.playbooks-dir=" + playbooks,
                                                "logging.level.root=off")
                                        .run()
                                        .close())
                .satisfies(
                        t -> {
                            Throwable c = t;
                            while (c != null && !(c instanceof TriageConfigException))
                                c = c.getCause();
                            assertThat(c)
                                    .as("a TriageConfigException in the cause chain")
                                    .isNotNull();
                            assertThat(c.getMessage())
                                    .isEqualTo(
                                            playbooks.resolve("coding.yml")
                                                    + ":5: 'FAX_IT' is not one of "
                                                    + java.util.Arrays.toString(StepKind.values()));
                        });
    }
}
