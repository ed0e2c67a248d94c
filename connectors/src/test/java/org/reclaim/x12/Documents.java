package org.reclaim.x12;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reclaim.x12.ack.Eligibility;
import org.reclaim.x12.claim.ClaimDocument;

/** {@link Recorded} plus the claim documents and eligibility answers of a file. */
final class Documents extends Recorded {

    final List<ClaimDocument> documents = new ArrayList<>();
    final List<Eligibility> eligibility = new ArrayList<>();

    static Documents of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Documents of(byte[] bytes) {
        return of(new ByteArrayInputStream(bytes));
    }

    private static Documents of(InputStream in) {
        Documents d = new Documents();
        try {
            d.report = X12Files.read(in, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    @Override
    public void claimDocument(ClaimDocument document) {
        documents.add(document);
    }

    @Override
    public void eligibility(Eligibility e) {
        eligibility.add(e);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR)
                || report.error() != null;
    }
}
