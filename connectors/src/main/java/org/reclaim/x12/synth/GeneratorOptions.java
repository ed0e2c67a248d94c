package org.reclaim.x12.synth;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * How much and what to generate. Start from {@link #defaults()} and change fields with the {@code
 * with…} methods; the same options always produce the same bytes.
 *
 * @param claims claims to generate (ignored when {@code targetRemitBytes} is set)
 * @param seed seed of every random choice, including the base date
 * @param denialRate share of claims with at least one denial (line or claim level)
 * @param denialReasons weighted mix the denials are drawn from
 * @param reversalRate share of claims later reversed (CLP02 = 22) and corrected in a later
 *     remittance
 * @param providerAdjustmentRate share of 835 transactions carrying a PLB (interest or overpayment
 *     recovery)
 * @param minLinesPerClaim fewest service lines per claim
 * @param maxLinesPerClaim most service lines per claim
 * @param adjustmentsPerClaim target average of CAS triplets per claim (the benchmark profile is
 *     4–5)
 * @param claimsPerTransaction most claims per 835 transaction (each batch has between half and all
 *     of it)
 * @param secondaryRate share of claims answered by a secondary payer (CLP02 = 2)
 * @param targetRemitBytes when positive, claims are generated until the 835 reaches this size
 * @param baseDate first day of the dates of service; null derives it from the seed
 * @param lineBreaks a line break after each segment terminator
 * @param submissionDays claims are submitted over this many days, from 30 days after the base date
 *     (each batch's 835 follows 14–35 days after its submission)
 * @param habits the SIMULATED payers' habits ({@link Habits}) beside the random denial mix: off by
 *     default, so the default bytes (and the demo's first month) are unchanged
 */
public record GeneratorOptions(
        int claims,
        long seed,
        double denialRate,
        List<DenialReason> denialReasons,
        double reversalRate,
        double providerAdjustmentRate,
        int minLinesPerClaim,
        int maxLinesPerClaim,
        double adjustmentsPerClaim,
        int claimsPerTransaction,
        double secondaryRate,
        long targetRemitBytes,
        LocalDate baseDate,
        boolean lineBreaks,
        int submissionDays,
        boolean habits) {

    public GeneratorOptions {
        if (claims < 0) throw new IllegalArgumentException("claims must be >= 0: " + claims);
        rate("denialRate", denialRate);
        rate("reversalRate", reversalRate);
        rate("providerAdjustmentRate", providerAdjustmentRate);
        rate("secondaryRate", secondaryRate);
        Objects.requireNonNull(denialReasons, "denialReasons");
        denialReasons = List.copyOf(denialReasons);
        if (denialReasons.isEmpty() && denialRate > 0) {
            throw new IllegalArgumentException("denialReasons is empty but denialRate > 0");
        }
        if (minLinesPerClaim < 1 || maxLinesPerClaim < minLinesPerClaim || maxLinesPerClaim > 50) {
            throw new IllegalArgumentException(
                    "lines per claim must satisfy 1 <= min <= max <= 50: "
                            + minLinesPerClaim
                            + ".."
                            + maxLinesPerClaim);
        }
        if (!(adjustmentsPerClaim >= 0) || adjustmentsPerClaim > 100) {
            throw new IllegalArgumentException(
                    "adjustmentsPerClaim must be in [0, 100]: " + adjustmentsPerClaim);
        }
        if (claimsPerTransaction < 1) {
            throw new IllegalArgumentException(
                    "claimsPerTransaction must be >= 1: " + claimsPerTransaction);
        }
        if (targetRemitBytes < 0)
            throw new IllegalArgumentException("targetRemitBytes must be >= 0");
        if (submissionDays < 1 || submissionDays > 3650) {
            throw new IllegalArgumentException(
                    "submissionDays must be in [1, 3650]: " + submissionDays);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1))
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
    }

    public static GeneratorOptions defaults() {
        return new GeneratorOptions(
                100,
                1,
                0.2,
                DenialReason.defaults(),
                0.02,
                0.1,
                2,
                3,
                4.5,
                50,
                0.05,
                0,
                null,
                true,
                270,
                false);
    }

    /** The base date in use: {@link #baseDate()} or, when null, a day of 2024 fixed by the seed. */
    public LocalDate resolvedBaseDate() {
        if (baseDate != null) return baseDate;
        return LocalDate.of(2024, 1, 1).plusDays(Math.floorMod(Rng.mix(seed, 1), 365));
    }

    public GeneratorOptions withClaims(int v) {
        return new GeneratorOptions(
                v,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withSeed(long v) {
        return new GeneratorOptions(
                claims,
                v,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withDenialRate(double v) {
        return new GeneratorOptions(
                claims,
                seed,
                v,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withDenialReasons(List<DenialReason> v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                v,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withReversalRate(double v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                v,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withProviderAdjustmentRate(double v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                v,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withLinesPerClaim(int min, int max) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                min,
                max,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withAdjustmentsPerClaim(double v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                v,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withClaimsPerTransaction(int v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                v,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withSecondaryRate(double v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                v,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withTargetRemitBytes(long v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                v,
                baseDate,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withBaseDate(LocalDate v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                v,
                lineBreaks,
                submissionDays,
                habits);
    }

    public GeneratorOptions withLineBreaks(boolean v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                v,
                submissionDays,
                habits);
    }

    public GeneratorOptions withSubmissionDays(int v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                v,
                habits);
    }

    /** The same options with the SIMULATED payers' habits on or off ({@link Habits}). */
    public GeneratorOptions withHabits(boolean v) {
        return new GeneratorOptions(
                claims,
                seed,
                denialRate,
                denialReasons,
                reversalRate,
                providerAdjustmentRate,
                minLinesPerClaim,
                maxLinesPerClaim,
                adjustmentsPerClaim,
                claimsPerTransaction,
                secondaryRate,
                targetRemitBytes,
                baseDate,
                lineBreaks,
                submissionDays,
                v);
    }
}
