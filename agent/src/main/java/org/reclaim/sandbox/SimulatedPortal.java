package org.reclaim.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;
import org.reclaim.connector.payer.AppealSubmission;
import org.reclaim.connector.payer.AuthorizationRecord;
import org.reclaim.connector.payer.CaseStatus;
import org.reclaim.connector.payer.ClaimStatusAnswer;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.payer.PortalReceipt;
import org.reclaim.connector.payer.ReopeningRequest;

/**
 * SIMULATED — the sandbox payer's portal, for the {@code demo} only: appeals and reopenings filed
 * here are decided by the {@link SimulatedPayer} as its mailed packets are (seeded, paid by a later
 * 835), their cases answer status look-ups by the demo's clock, and claim status and authorizations
 * come from its books. Answers at once; the demo's {@code --latency} slows every call down.
 */
public final class SimulatedPortal implements PayerPortal {

    /** The base URL a practice's portal setting names to be answered by the sandbox. */
    public static final String HOST = "portal.sandbox.invalid";

    private final SimulatedPayer payer;
    private final Supplier<Instant> clock;

    public SimulatedPortal(SimulatedPayer payer, Supplier<Instant> clock) {
        this.payer = payer;
        this.clock = clock;
    }

    @Override
    public PortalReceipt submitAppeal(AppealSubmission s) {
        return payer.portalFiling(
                s.idempotencyKey(),
                s.patientControlNumber(),
                Math.max(1, s.appealLevel()),
                text(s.packetPdf()),
                clock.get());
    }

    /** The packet's text, where its enclosures are named; empty when it cannot be read. */
    private static String text(byte[] pdf) {
        if (pdf == null) return "";
        String text = org.reclaim.connector.records.RecordFacts.text("packet.pdf", pdf).text();
        return text == null ? "" : text;
    }

    @Override
    public PortalReceipt requestReopening(ReopeningRequest r) {
        return payer.portalFiling(
                r.idempotencyKey(), r.patientControlNumber(), 0, r.correction(), clock.get());
    }

    @Override
    public CaseStatus appealStatus(String caseId) {
        return payer.caseStatus(caseId, clock.get());
    }

    @Override
    public ClaimStatusAnswer claimStatus(String payerClaimNumber) {
        return payer.portalClaimStatus(payerClaimNumber, clock.get());
    }

    @Override
    public Optional<AuthorizationRecord> lookupAuthorization(
            String memberId, String procedure, LocalDate serviceDate) {
        return payer.portalAuthorization(memberId, procedure, serviceDate);
    }
}
