package org.reclaim.x12.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneratorOptions#submissionDays()}: the span the submissions, and so the payments, fall
 * in.
 */
class SubmissionDaysTest {

    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    @Test
    void paymentsFallWithinTheSpanAndTheFileDatesAfterThem() {
        LocalDate base = LocalDate.of(2026, 1, 1);
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(400)
                        .withSeed(3)
                        .withReversalRate(0)
                        .withBaseDate(base)
                        .withSubmissionDays(45),
                c,
                r);
        String remit = r.toString(StandardCharsets.ISO_8859_1);
        // BPR16: the payment date of each 835 transaction
        Matcher bpr = Pattern.compile("BPR(?:\\*[^*~]*){15}\\*(\\d{8})~").matcher(remit);
        LocalDate first = null;
        LocalDate last = null;
        int n = 0;
        while (bpr.find()) {
            LocalDate d = LocalDate.parse(bpr.group(1), CCYYMMDD);
            first = first == null || d.isBefore(first) ? d : first;
            last = last == null || d.isAfter(last) ? d : last;
            n++;
        }
        assertThat(n).isPositive();
        assertThat(first).isAfterOrEqualTo(base.plusDays(30 + 14));
        assertThat(last).isBeforeOrEqualTo(base.plusDays(30 + 45 + 35));
        // the interchange is dated after every payment it carries
        Matcher gs = Pattern.compile("GS\\*HP\\*[^*]*\\*[^*]*\\*(\\d{8})\\*").matcher(remit);
        assertThat(gs.find()).isTrue();
        assertThat(LocalDate.parse(gs.group(1), CCYYMMDD))
                .isAfterOrEqualTo(last)
                .isEqualTo(base.plusDays(95 + 45));
    }
}
