package org.reclaim.x12.synth;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reclaim.x12.claim.ClaimDocument;

/**
 * The SIMULATED payers' habits ({@link GeneratorOptions#habits()}): a few fictitious payers deny by
 * a rule of their own, every time its condition is failed and never when it is met, beside the
 * random denial mix — learnable patterns in the history, as a practice's real payers have. None of
 * this describes a real payer. docs/prevention.md "Payer habits" lists them.
 *
 * <ul>
 *   <li><b>authorization</b>: TEST COMMERCIAL HEALTH PLAN A denies the lumbar MRI ({@value
 *       #AUTH_PROCEDURE}) without a prior authorization number on the claim, CO-197 with N54; an
 *       MRI with one is paid. The payer's rules in config/payers.yml do not list it: the learner
 *       has to find it.
 *   <li><b>modifier</b>: TEST STATE MEDICAID PLAN denies therapeutic exercise ({@value
 *       #MODIFIER_PROCEDURE}) without the therapy modifier GP, CO-4 with N519; with GP it is paid.
 *   <li><b>filing window</b>: TEST COMMERCIAL HEALTH PLAN B denies a claim sent more than {@value
 *       #FILING_DAYS} days after its date of service, CO-29 at claim level (the COMMERCIAL window
 *       config/payers.yml assumes); some of its claims are sent late, some close to the window and
 *       paid.
 * </ul>
 */
public final class Habits {

    private Habits() {}

    /**
     * What a habit denies on a claim as the payer received it: the CARC (with its group and
     * remarks), whether at claim level, and the lines (0-based) it denies.
     */
    public record Denial(
            String group,
            String carc,
            List<String> rarcs,
            boolean claimLevel,
            List<Integer> lines) {
        public Denial {
            rarcs = List.copyOf(rarcs);
            lines = List.copyOf(lines);
        }
    }

    /**
     * The habit the claim fails, as its payer applies it on the day it receives the claim, or empty
     * when it meets every habit (or its payer has none). The same conditions the generator plants:
     * the authorization payer's MRI without a prior authorization number (REF*G1) on the claim; the
     * modifier payer's therapeutic exercise without GP; the filing payer's claim received more than
     * {@value #FILING_DAYS} days after its first date of service.
     */
    public static Optional<Denial> judge(ClaimDocument claim, LocalDate received) {
        String payer =
                claim.payer() == null || claim.payer().name() == null
                        ? null
                        : claim.payer().name().id();
        if (payer == null) return Optional.empty();
        if (payer.equals(Catalog.PAYERS[FILING_PAYER].id())) {
            LocalDate first = null;
            for (ClaimDocument.Line l : claim.lines())
                if (l.serviceFrom() != null && (first == null || l.serviceFrom().isBefore(first)))
                    first = l.serviceFrom();
            if (first != null && first.plusDays(FILING_DAYS).isBefore(received))
                return Optional.of(denial(LATE, List.of()));
            return Optional.empty();
        }
        boolean auth = payer.equals(Catalog.PAYERS[AUTH_PAYER].id());
        boolean modifier = payer.equals(Catalog.PAYERS[MODIFIER_PAYER].id());
        if (!auth && !modifier) return Optional.empty();
        String ref = claim.claim() == null ? null : claim.claim().priorAuthorization();
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < claim.lines().size(); i++) {
            ClaimDocument.Line l = claim.lines().get(i);
            if (auth && AUTH_PROCEDURE.equals(l.procedure()) && (ref == null || ref.isBlank()))
                failed.add(i);
            if (modifier
                    && MODIFIER_PROCEDURE.equals(l.procedure())
                    && !l.modifiers().contains(MODIFIER)) failed.add(i);
        }
        if (failed.isEmpty()) return Optional.empty();
        return Optional.of(denial(auth ? NO_AUTH : NO_MODIFIER, failed));
    }

    private static Denial denial(DenialReason r, List<Integer> lines) {
        return new Denial(r.group(), r.carc(), r.rarcs(), r.claimLevel(), lines);
    }

    static final int AUTH_PAYER = 2;
    static final String AUTH_PROCEDURE = "72148";
    static final Catalog.Procedure MRI =
            new Catalog.Procedure(AUTH_PROCEDURE, 120000, 1, new String[0], false);

    /** Share of the payer's claims carrying the MRI, and of those with an authorization. */
    static final double AUTH_SHARE = 0.4;

    static final double AUTHORIZED_SHARE = 0.5;
    static final DenialReason NO_AUTH = DenialReason.line("CO", "197", 1, "N54");

    static final int MODIFIER_PAYER = 1;
    static final String MODIFIER_PROCEDURE = "97110";
    static final String MODIFIER = "GP";

    /** Share of the payer's claims with therapeutic exercise, and of those billed with GP. */
    static final double MODIFIER_SHARE = 0.5;

    static final double WITH_MODIFIER_SHARE = 0.5;
    static final DenialReason NO_MODIFIER = DenialReason.line("CO", "4", 1, "N519");

    static final int FILING_PAYER = 3;
    static final int FILING_DAYS = 90;

    /** Share of the payer's claims sent past the window, and close to it (still in time). */
    static final double LATE_SHARE = 0.12;

    static final double NEAR_SHARE = 0.08;
    static final DenialReason LATE = DenialReason.claim("CO", "29", 1);

    static Catalog.Procedure therapy() {
        for (Catalog.Procedure p : Catalog.SERVICES)
            if (p.code().equals(MODIFIER_PROCEDURE)) return p;
        throw new IllegalStateException("no " + MODIFIER_PROCEDURE + " in the catalog");
    }
}
