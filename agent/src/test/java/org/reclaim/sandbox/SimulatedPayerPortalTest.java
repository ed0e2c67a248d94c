package org.reclaim.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reclaim.connector.payer.PortalReceipt;
import org.reclaim.connector.payer.ReopeningRequest;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;

/**
 * What the SIMULATED payer counts as a duplicate portal submission (the chaos suite's "duplicate
 * submissions by key" and "by content"): a request under a key it took is the sender's resend after
 * a lost answer, answered with the first case, not a duplicate; the same denial's filing taken
 * again under another key is.
 */
class SimulatedPayerPortalTest {

    @TempDir Path dir;

    @Test
    void aResendUnderATakenKeyIsARepeatAndTheSameFilingUnderANewKeyIsADuplicate()
            throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults()
                        .withClaims(30)
                        .withSeed(7)
                        .withBaseDate(LocalDate.of(2026, 6, 1))
                        .withDenialRate(0.3)
                        .withReversalRate(0.0),
                c,
                r);
        List<String> paid = new ArrayList<>();
        X12Files.read(
                new ByteArrayInputStream(r.toByteArray()),
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment p, ClaimPayment cp) {
                        paid.add(cp.patientControlNumber());
                    }
                });
        Instant now = Instant.parse("2026-08-01T00:00:00Z");
        SimulatedPayer payer =
                new SimulatedPayer(dir, "default", 7, c.toByteArray(), r.toByteArray());
        SimulatedPortal portal = new SimulatedPortal(payer, () -> now);
        String pcn = paid.get(0);
        String key = "denial-1:submit:0:submit:artifact-1";

        PortalReceipt first =
                portal.requestReopening(new ReopeningRequest(key, "P", "C", pcn, "fix", Map.of()));
        PortalReceipt again =
                portal.requestReopening(new ReopeningRequest(key, "P", "C", pcn, "fix", Map.of()));

        assertThat(first.accepted()).as(first.reason()).isTrue();
        assertThat(again.repeated()).isTrue();
        assertThat(again.caseId()).isEqualTo(first.caseId());
        assertThat(payer.duplicateSubmissions()).isZero();
        assertThat(payer.repeats()).isEqualTo(1);
        assertThat(payer.duplicatePortalFilings()).isZero();

        portal.requestReopening(
                new ReopeningRequest(
                        "denial-1:submit:0:submit:artifact-2", "P", "C", pcn, "fix", Map.of()));
        assertThat(payer.duplicatePortalFilings()).isEqualTo(1);
    }
}
