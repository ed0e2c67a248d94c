package org.reclaim.x12;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.ack.Acknowledgment;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.PaymentSummary;

/** A handler that keeps everything it is given, with the order of 835 callbacks checked. */
class Recorded implements X12Handler {

    final List<Payment> payments = new ArrayList<>();
    final List<ClaimPayment> remittanceClaims = new ArrayList<>();
    final List<PaymentSummary> summaries = new ArrayList<>();
    final List<SubmittedClaim> claims = new ArrayList<>();
    final List<Acknowledgment> acks = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    final List<String> orderViolations = new ArrayList<>();
    FileReport report;
    private boolean paymentOpen;

    static Recorded read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Recorded read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    static Recorded read(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            throw e;
        }
    }

    private static Recorded read(InputStream in) {
        Recorded r = new Recorded();
        try {
            r.report = X12Files.read(in, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }

    @Override
    public void paymentStart(Payment payment) {
        if (paymentOpen) orderViolations.add("paymentStart while a payment is open");
        paymentOpen = true;
        payments.add(payment);
    }

    @Override
    public void remittanceClaim(Payment payment, ClaimPayment claim) {
        if (!paymentOpen) orderViolations.add("claim outside a payment");
        remittanceClaims.add(claim);
    }

    @Override
    public void paymentEnd(PaymentSummary summary) {
        if (!paymentOpen) orderViolations.add("paymentEnd without paymentStart");
        paymentOpen = false;
        summaries.add(summary);
    }

    @Override
    public void submittedClaim(SubmittedClaim claim) {
        claims.add(claim);
    }

    @Override
    public void acknowledgment(Acknowledgment ack) {
        acks.add(ack);
    }

    @Override
    public void problem(Problem problem) {
        problems.add(problem);
    }

    boolean hasProblem(String fragment) {
        return problems.stream().anyMatch(p -> p.message().contains(fragment));
    }
}
