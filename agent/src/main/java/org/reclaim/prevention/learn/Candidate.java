package org.reclaim.prevention.learn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A pattern, the condition that answers it and a CARC it was denied with, with its counts: a rule
 * once it has the support and its denial rate's lower bound is high enough.
 *
 * @param claims lines of the pattern that did not meet the condition
 * @param denied of those, the ones denied with {@code carc}
 * @param lastSeen the last payment date of such a denial
 * @param denials the newest of those denials (at most 20)
 */
record Candidate(
        Features pattern,
        String condition,
        String carc,
        String category,
        long claims,
        long denied,
        BigDecimal amount,
        LocalDate lastSeen,
        List<UUID> denials) {

    /** z for a two-sided 95% interval. */
    private static final double Z = 1.959964;

    /** Stable across relearning: what an operator's disable is kept by. */
    String id() {
        String key =
                String.join(
                        "|",
                        pattern.payer(),
                        pattern.procedure(),
                        pattern.modifiers(),
                        pattern.dxCategory(),
                        pattern.pos(),
                        pattern.rendering(),
                        condition,
                        carc);
        try {
            byte[] h =
                    MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    double rate() {
        return claims == 0 ? 0 : (double) denied / claims;
    }

    /**
     * The lower bound of the Wilson score interval for the denial rate: E. B. Wilson, "Probable
     * inference, the law of succession, and statistical inference", Journal of the American
     * Statistical Association 22 (1927), 209–212. Unlike the plain rate it is low for a handful of
     * claims, so 3 denials of 3 claims (0.44) do not outrank 40 of 50 (0.67).
     */
    double lowerBound() {
        return wilsonLowerBound(denied, claims);
    }

    static double wilsonLowerBound(long k, long n) {
        if (n == 0) return 0;
        double p = (double) k / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2.0 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (centre - spread) / (1 + z2 / n);
    }

    /**
     * The rules among the candidates: enough support and a high enough lower bound, the most
     * general first; a pattern is dropped when a more general one already predicts the same CARC
     * under the same condition (it would flag nothing more).
     */
    static List<Candidate> rules(List<Candidate> all, LearnProperties p) {
        List<Candidate> strong = new ArrayList<>();
        for (Candidate c : all) {
            if (c.claims() >= p.support() && c.lowerBound() >= p.minRate()) strong.add(c);
        }
        strong.sort(
                Comparator.comparingInt((Candidate c) -> c.pattern().specificity())
                        .thenComparing(Comparator.comparingDouble(Candidate::lowerBound).reversed())
                        .thenComparing(Candidate::id));
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : strong) {
            boolean covered = false;
            for (Candidate k : kept) {
                if (k.condition().equals(c.condition())
                        && k.carc().equals(c.carc())
                        && k.pattern().generalizes(c.pattern())) {
                    covered = true;
                    break;
                }
            }
            if (!covered) kept.add(c);
        }
        return kept;
    }
}
