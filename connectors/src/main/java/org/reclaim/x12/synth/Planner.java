package org.reclaim.x12.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reclaim.x12.synth.PlannedClaim.Adjudication;
import org.reclaim.x12.synth.PlannedClaim.Cas;
import org.reclaim.x12.synth.PlannedClaim.Line;
import org.reclaim.x12.synth.PlannedClaim.LineResult;
import org.reclaim.x12.synth.PlannedClaim.Member;

/**
 * Draws claims and their adjudications from the seeded {@link Rng}. Every amount is built so the
 * 835 balances by construction: a line's adjustments are carved out of its charge, and the claim's
 * paid amount is what is left after line and claim-level adjustments.
 */
final class Planner {

    private static final Cas[] NO_CAS = {};
    private static final String[] NO_REMARKS = {};

    private final GeneratorOptions options;
    private final Rng rng;
    private final String tag;
    private final double[] reasonWeights;
    private final double extraAdjustmentsPerLine;
    private long claimSeq;
    private long payerClaimSeq;

    Planner(GeneratorOptions options, Rng rng, String tag) {
        this.options = options;
        this.rng = rng;
        this.tag = tag;
        double[] w = new double[options.denialReasons().size()];
        for (int i = 0; i < w.length; i++) w[i] = options.denialReasons().get(i).weight();
        this.reasonWeights = w.length == 0 ? null : Rng.cumulative(w);
        double averageLines = (options.minLinesPerClaim() + options.maxLinesPerClaim()) / 2.0;
        // CO-45 is already one adjustment on every paid line; the rest are patient-responsibility
        // triplets
        this.extraAdjustmentsPerLine =
                Math.max(0, options.adjustmentsPerClaim() / averageLines - 1);
    }

    PlannedClaim next(Catalog.Payer payer, Catalog.Practice practice, LocalDate submitted) {
        DenialReason reason =
                rng.chance(options.denialRate())
                        ? options.denialReasons().get(rng.weighted(reasonWeights))
                        : null;

        Catalog.Payer primary = null;
        int primaryIndex = Catalog.primaryOf(payer);
        // only Medicaid and plan B answer as secondary (≈30% of claims), hence the scaling
        if (primaryIndex >= 0 && rng.chance(Math.min(1, options.secondaryRate() / 0.30))) {
            primary = Catalog.PAYERS[primaryIndex];
        }

        boolean medicare = payer.kind().startsWith("MEDICARE");
        Member subscriber = member(payer, medicare ? 1938 : 1950, medicare ? 1959 : 2000);
        Member patient = null;
        String relationship = null;
        if (payer.kind().equals("COMMERCIAL") && rng.chance(0.3)) {
            relationship = rng.chance(0.7) ? "19" : "01";
            LocalDate born =
                    relationship.equals("19")
                            ? LocalDate.of(
                                    rng.between(2004, 2022), rng.between(1, 12), rng.between(1, 28))
                            : LocalDate.of(
                                    rng.between(1955, 2000),
                                    rng.between(1, 12),
                                    rng.between(1, 28));
            patient =
                    new Member(
                            null,
                            subscriber.lastName(),
                            rng.pick(Catalog.FIRST_NAMES),
                            born,
                            rng.chance(0.5) ? "F" : "M",
                            subscriber.street());
        }
        String primaryMemberId = primary == null ? null : memberId();

        int n = rng.between(options.minLinesPerClaim(), options.maxLinesPerClaim());
        String[] diagnoses = new String[Math.min(rng.between(1, 4), n + 2)];
        for (int i = 0; i < diagnoses.length; i++) diagnoses[i] = diagnosis(diagnoses, i);

        int daysBefore =
                reason != null && reason.carc().equals("29")
                        ? rng.between(100, 400)
                        : rng.between(1, 30);
        boolean habits = options.habits();
        if (habits && payer.index() == Habits.FILING_PAYER) {
            if (rng.chance(Habits.LATE_SHARE)) {
                daysBefore = rng.between(Habits.FILING_DAYS + 1, Habits.FILING_DAYS + 60);
                reason = Habits.LATE;
            } else if (rng.chance(Habits.NEAR_SHARE)) {
                daysBefore = rng.between(45, Habits.FILING_DAYS - 20);
                if (reason != null && reason.carc().equals("29")) reason = null;
            }
        }
        LocalDate serviceDate = submitted.minusDays(daysBefore);
        Line[] lines = new Line[n];
        boolean hasProcedure = false;
        for (int i = 0; i < n; i++) {
            Catalog.Procedure p =
                    i == 0 && rng.chance(0.85)
                            ? rng.pick(Catalog.VISITS)
                            : rng.pick(Catalog.SERVICES);
            hasProcedure |= p.procedure();
            String modifier =
                    p.modifiers().length > 0 && rng.chance(0.8) ? rng.pick(p.modifiers()) : null;
            int units = p.maxUnits() > 1 ? rng.between(1, p.maxUnits()) : 1;
            LocalDate dos =
                    n > 2 && i > 0 && rng.chance(0.05)
                            ? serviceDate.plusDays(rng.between(0, daysBefore - 1))
                            : serviceDate;
            lines[i] =
                    new Line(p, modifier, units, p.fee() * units, dos, pointers(diagnoses.length));
        }
        boolean[] habitDenied = null;
        Boolean habitAuthorized = null;
        if (habits && reason != Habits.LATE) {
            int last = n - 1;
            if (payer.index() == Habits.AUTH_PAYER && rng.chance(Habits.AUTH_SHARE)) {
                Line l = lines[last];
                lines[last] =
                        new Line(
                                Habits.MRI,
                                null,
                                1,
                                Habits.MRI.fee(),
                                l.serviceDate(),
                                l.diagnosisPointers());
                habitAuthorized = rng.chance(Habits.AUTHORIZED_SHARE);
            } else if (payer.index() == Habits.MODIFIER_PAYER
                    && rng.chance(Habits.MODIFIER_SHARE)) {
                Line l = lines[last];
                Catalog.Procedure p = Habits.therapy();
                int units = rng.between(1, p.maxUnits());
                lines[last] =
                        new Line(
                                p,
                                rng.chance(Habits.WITH_MODIFIER_SHARE) ? Habits.MODIFIER : null,
                                units,
                                p.fee() * units,
                                l.serviceDate(),
                                l.diagnosisPointers());
            }
            // the habit holds on every line that fails it, whether or not the habit drew the line
            boolean[] failed = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                String code = lines[i].procedure().code();
                failed[i] =
                        payer.index() == Habits.AUTH_PAYER
                                        && code.equals(Habits.AUTH_PROCEDURE)
                                        && Boolean.FALSE.equals(habitAuthorized)
                                || payer.index() == Habits.MODIFIER_PAYER
                                        && code.equals(Habits.MODIFIER_PROCEDURE)
                                        && !Habits.MODIFIER.equals(lines[i].modifier());
                any |= failed[i];
            }
            if (any) {
                habitDenied = failed;
                reason = payer.index() == Habits.AUTH_PAYER ? Habits.NO_AUTH : Habits.NO_MODIFIER;
            } else if (Boolean.TRUE.equals(habitAuthorized)
                    && reason != null
                    && (reason.carc().equals("197") || reason.carc().equals("15"))) {
                // an authorized MRI is paid: the habit's clean twin carries no authorization noise
                reason = null;
            }
            hasProcedure = false;
            for (Line l : lines) hasProcedure |= l.procedure().procedure();
        }
        if (hasProcedure && lines[0].modifier() == null && isVisit(lines[0].procedure())) {
            Line v = lines[0];
            lines[0] =
                    new Line(
                            v.procedure(),
                            "25",
                            v.units(),
                            v.charge(),
                            v.serviceDate(),
                            v.diagnosisPointers());
        }

        boolean authRequired = rng.chance(payer.kind().equals("MEDICARE") ? 0.05 : 0.25);
        String carc = reason == null ? "" : reason.carc();
        // an "authorization absent" denial only makes sense if the claim carried none, an invalid
        // one if it did
        if (carc.equals("197")) authRequired = false;
        if (carc.equals("15")) authRequired = true;
        if (habitAuthorized != null) authRequired = habitAuthorized;
        String priorAuth = authRequired ? "PA" + digits(8) : null;
        String referral = !medicare && rng.chance(0.1) ? "RF" + digits(7) : null;

        PlannedClaim claim =
                new PlannedClaim(
                        nextPatientControlNumber(),
                        payer,
                        primary,
                        practice,
                        rng.pick(practice.doctors()),
                        subscriber,
                        patient,
                        relationship,
                        primaryMemberId,
                        diagnoses,
                        priorAuth,
                        referral,
                        rng.pick(Catalog.PLACES_OF_SERVICE),
                        payer.kind().equals("COMMERCIAL") ? "GRP" + digits(6) : null,
                        lines);
        claim.adjudication =
                adjudicate(claim, reason, habitDenied, submitted.plusDays(rng.between(1, 3)), null);
        return claim;
    }

    /**
     * A re-adjudication after a reversal: everything payable is paid, under a new payer claim
     * number.
     */
    Adjudication correction(PlannedClaim claim, LocalDate received) {
        return adjudicate(claim, null, null, received, claim.adjudication.payerClaimNumber());
    }

    /**
     * @param habitDenied when a payer habit denies the claim, the lines it denies (else null: a
     *     random denial picks its lines)
     */
    private Adjudication adjudicate(
            PlannedClaim claim,
            DenialReason reason,
            boolean[] habitDenied,
            LocalDate received,
            String corrects) {
        String payerClaimNumber = nextPayerClaimNumber(claim.payer);
        boolean original = corrects == null;
        if (reason != null && reason.claimLevel()) {
            if (original) claim.claimLevelDenial = true;
            return new Adjudication(
                    "4",
                    payerClaimNumber,
                    null,
                    claim.charge,
                    0,
                    0,
                    new Cas[] {new Cas(reason.group(), reason.carc(), claim.charge)},
                    reason.rarcs().toArray(NO_REMARKS),
                    new LineResult[0],
                    received);
        }
        int n = claim.lines.length;
        boolean[] denied = new boolean[n];
        int deniedCount = 0;
        if (reason != null && habitDenied != null) {
            for (int i = 0; i < n; i++) {
                denied[i] = habitDenied[i];
                if (denied[i]) deniedCount++;
            }
        } else if (reason != null) {
            if (n == 1 || rng.chance(0.25)) {
                Arrays.fill(denied, true);
                deniedCount = n;
            } else {
                denied[rng.nextInt(n)] = true;
                deniedCount = 1;
            }
        }
        LineResult[] results = new LineResult[n];
        long paid = 0;
        long patient = 0;
        long primaryPaid = 0;
        for (int i = 0; i < n; i++) {
            Line line = claim.lines[i];
            if (denied[i]) {
                results[i] = deniedLine(claim, line, reason);
            } else {
                long[] share = new long[2];
                results[i] = paidLine(claim, line, share);
                patient += share[0];
                primaryPaid += share[1];
            }
            paid += results[i].paid();
        }
        if (original) {
            claim.deniedLines = deniedCount;
            if (claim.secondary()) claim.primaryPaid = primaryPaid;
        }
        Cas[] claimCas = NO_CAS;
        if (deniedCount == 0
                && !claim.secondary()
                && !claim.payer.kind().startsWith("MEDICA")
                && paid >= 1000
                && rng.chance(0.1)) {
            // some payers take the deductible at claim level: CLP04 then differs from Σ SVC03
            long deductible = Math.min(paid, rng.between(5, 150) * 100L);
            claimCas = new Cas[] {new Cas("PR", "1", deductible)};
            paid -= deductible;
            patient += deductible;
        }
        String status = deniedCount == n ? "4" : claim.secondary() ? "2" : "1";
        return new Adjudication(
                status,
                payerClaimNumber,
                corrects,
                claim.charge,
                paid,
                patient,
                claimCas,
                NO_REMARKS,
                results,
                received);
    }

    private LineResult deniedLine(PlannedClaim claim, Line line, DenialReason reason) {
        String[] remarks = reason.rarcs().toArray(NO_REMARKS);
        if (reason.group().equals("CO") && rng.chance(0.5)) {
            long allowed = allowed(claim.payer, line.charge());
            if (allowed < line.charge()) {
                return new LineResult(
                        line,
                        line.charge(),
                        0,
                        PlannedClaim.NO_ALLOWED,
                        new Cas[] {
                            new Cas("CO", "45", line.charge() - allowed),
                            new Cas("CO", reason.carc(), allowed)
                        },
                        remarks);
            }
        }
        return new LineResult(
                line,
                line.charge(),
                0,
                PlannedClaim.NO_ALLOWED,
                new Cas[] {new Cas(reason.group(), reason.carc(), line.charge())},
                remarks);
    }

    /**
     * {@code share[0]} receives the patient responsibility, {@code share[1]} the prior payer's
     * payment.
     */
    private LineResult paidLine(PlannedClaim claim, Line line, long[] share) {
        long charge = line.charge();
        long allowed = allowed(claim.payer, charge);
        List<Cas> cas = new ArrayList<>(4);
        if (charge > allowed) cas.add(new Cas("CO", "45", charge - allowed));
        long remaining = allowed;
        double extra = extraAdjustmentsPerLine;
        if (claim.secondary()) {
            long prior = Math.round(allowed * 0.8);
            cas.add(new Cas("OA", "23", prior));
            remaining -= prior;
            share[1] = prior;
            extra = Math.max(0, extra - 1);
        }
        int k = (int) extra + (rng.chance(extra - Math.floor(extra)) ? 1 : 0);
        String[] kinds = claim.payer.patientShareCarcs();
        for (int i = 0; i < Math.min(k, kinds.length) && remaining > 0; i++) {
            long amount;
            switch (kinds[i]) {
                case "3":
                    amount =
                            Math.min(remaining, Catalog.COPAYS[rng.nextInt(Catalog.COPAYS.length)]);
                    break;
                case "1":
                    amount = remaining * rng.between(20, 100) / 100;
                    break;
                default:
                    amount =
                            Math.round(
                                    remaining
                                            * (claim.payer.kind().equals("MEDICARE")
                                                    ? 0.2
                                                    : rng.between(10, 30) / 100.0));
                    break;
            }
            if (amount <= 0) continue;
            cas.add(new Cas("PR", kinds[i], amount));
            remaining -= amount;
            share[0] += amount;
        }
        return new LineResult(line, charge, remaining, allowed, cas.toArray(NO_CAS), NO_REMARKS);
    }

    private long allowed(Catalog.Payer payer, long charge) {
        double ratio = payer.allowedRatio() * (0.9 + rng.nextDouble() * 0.2);
        long allowed = Math.round(charge * ratio);
        return Math.max(1, Math.min(charge, allowed));
    }

    private Member member(Catalog.Payer payer, int fromYear, int toYear) {
        return new Member(
                memberId(),
                rng.pick(Catalog.LAST_NAMES),
                rng.pick(Catalog.FIRST_NAMES),
                LocalDate.of(rng.between(fromYear, toYear), rng.between(1, 12), rng.between(1, 28)),
                rng.chance(0.5) ? "F" : "M",
                rng.pick(Catalog.STREETS));
    }

    private String memberId() {
        return "TST" + digits(9);
    }

    private String diagnosis(String[] chosen, int upTo) {
        for (; ; ) {
            String d = rng.pick(Catalog.DIAGNOSES);
            boolean seen = false;
            for (int i = 0; i < upTo; i++) seen |= chosen[i].equals(d);
            if (!seen) return d;
        }
    }

    private int[] pointers(int diagnoses) {
        int count = Math.min(diagnoses, rng.between(1, 2));
        int[] p = new int[count];
        p[0] = 1;
        if (count == 2) p[1] = rng.between(2, diagnoses);
        return p;
    }

    private static boolean isVisit(Catalog.Procedure p) {
        for (Catalog.Procedure v : Catalog.VISITS) if (v == p) return true;
        return false;
    }

    private String digits(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = (char) ('0' + rng.nextInt(10));
        return new String(c);
    }

    private String nextPatientControlNumber() {
        return "C" + tag + pad(++claimSeq, 8);
    }

    private String nextPayerClaimNumber(Catalog.Payer payer) {
        return payer.claimPrefix() + tag + pad(++payerClaimSeq, 9);
    }

    static String pad(long n, int width) {
        String s = Long.toString(n);
        if (s.length() >= width) return s;
        return "0".repeat(width - s.length()) + s;
    }
}
