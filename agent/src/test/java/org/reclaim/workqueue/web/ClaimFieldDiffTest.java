package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A corrected claim against its original, field by field, as the denial page shows it. */
class ClaimFieldDiffTest {

    private static final String ORIGINAL =
            """
            claim-document|1
            CLAIM|PCN-1|120.00|11|1|Y|A|Y|Y|P|||||||
            DIAGNOSIS|ABK|E119
            LINE|HC|99213||||120.00|UN|1||1
            LINE|HC|36415||||20.00|UN|1||1
            END
            """;

    @Test
    void namesEachChangedFieldWithItsRecordAndBothValues() {
        String corrected =
                ORIGINAL.replace(
                                "CLAIM|PCN-1|120.00|11|1|Y|A|Y|Y|P|||||||",
                                "CLAIM|PCN-1|120.00|11|7|Y|A|Y|Y|P|||||PCN-PAYER|AUTH42|")
                        .replace("LINE|HC|99213||", "LINE|HC|99213|25^59|")
                        .replace(
                                "DIAGNOSIS|ABK|E119\n",
                                "DIAGNOSIS|ABK|E119\nDIAGNOSIS|ABF|Z0000\n");
        List<ClaimFieldDiff.Change> changes = ClaimFieldDiff.of(ORIGINAL, corrected);
        assertThat(changes)
                .containsExactlyInAnyOrder(
                        new ClaimFieldDiff.Change("claim", "frequency code", "1", "7"),
                        new ClaimFieldDiff.Change(
                                "claim", "payer claim control number (REF*F8)", null, "PCN-PAYER"),
                        new ClaimFieldDiff.Change(
                                "claim", "prior authorization (REF*G1)", null, "AUTH42"),
                        new ClaimFieldDiff.Change("line 1", "modifiers", null, "25, 59"),
                        new ClaimFieldDiff.Change("diagnosis 2", "(record)", null, "ABF · Z0000"));
        assertThat(changes.get(0).kind()).isEqualTo("changed");
        assertThat(ClaimFieldDiff.of(ORIGINAL, ORIGINAL)).isEmpty();
    }

    @Test
    void anOriginalWithoutAFrequencyCodeIsFrequencyOne() {
        String original = ORIGINAL.replace("|11|1|Y|", "|11||Y|");
        String corrected = ORIGINAL.replace("|11|1|Y|", "|11|7|Y|");
        assertThat(ClaimFieldDiff.of(original, corrected))
                .containsExactly(new ClaimFieldDiff.Change("claim", "frequency code", "1", "7"));
        assertThat(ClaimFieldDiff.of(original, ORIGINAL))
                .as("no code and 1 are the same claim")
                .isEmpty();
    }

    @Test
    void escapesAreReadAndARemovedRecordIsSaidSo() {
        String original = "claim-document|1\nNOTE|ADD|a\\|b\nLINE|HC|1\nLINE|HC|2\n";
        String corrected = "claim-document|1\nNOTE|ADD|a\\|c\nLINE|HC|1\n";
        assertThat(ClaimFieldDiff.of(original, corrected))
                .containsExactly(
                        new ClaimFieldDiff.Change("note", "text", "a|b", "a|c"),
                        new ClaimFieldDiff.Change("line 2", "(record)", "HC · 2", null));
        assertThat(ClaimFieldDiff.readable("ISA*00*")).isFalse();
        assertThat(ClaimFieldDiff.readable(original)).isTrue();
    }
}
