package org.reclaim.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.reclaim.remittance.Workability;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.ServiceLine;

/**
 * SIMULATED — the judging payer's knowledge of why it denied each claim, for the demo and tests
 * only. Every denied claim gets a <em>cause</em>, by the payer's largest workable reason code and a
 * seeded draw: either a fix exists and the evidence for it is planted where a practice would hold
 * it (an authorization on file, a visit note, an insurance card in the records folder, the 277CA
 * that accepted the original claim), or nothing the practice holds fixes it (a true duplicate, a
 * non-covered service, patient responsibility, filed late with no proof), often with a misleading
 * document beside it. The payer pays only an action that fixes the cause through the channel the
 * cause needs, with the right claim frequency and content; every other action is upheld and counted
 * as wasted, with its reason ({@link Waste}). The causes are invented for a simulation: they say
 * nothing about any real payer.
 */
public final class Merits {

    /** How a cause is fixed. */
    public enum Fix {
        /** a corrected claim carrying {@link Cause#field} = {@link Cause#value} */
        CLAIM,
        /** an appeal whose enclosures include a document named with {@link Cause#enclosure} */
        APPEAL,
        /** nothing the practice holds fixes it */
        NONE
    }

    /** Why a submission could not win. */
    public enum Waste {
        /** a corrected claim with the same content the payer already adjudicated */
        unchanged,
        /** sent without the fix, or without the enclosure, that the denial needed */
        noEvidence,
        /** a corrected claim with the wrong frequency or original reference */
        wrongFrequency,
        /** a corrected claim where an appeal was needed, or an appeal where a correction was */
        wrongChannel,
        /** nothing the practice holds can overturn this denial */
        notRecoverable,
        /** the payer had already paid what the denial asked */
        afterResolved
    }

    /** The claim fields a {@link Fix#CLAIM} cause can need. */
    static final String MEMBER_ID = "memberId";

    static final String AUTHORIZATION = "authorization";
    static final String MODIFIER = "modifier";

    /**
     * Why the payer denied a claim and what would fix it.
     *
     * @param field for {@link Fix#CLAIM}: {@link #MEMBER_ID}, {@link #AUTHORIZATION} or {@link
     *     #MODIFIER}
     * @param value the value the corrected claim must carry (for a modifier: any of a
     *     comma-separated list, on {@code line})
     * @param line the 1-based claim line a modifier goes on
     * @param newOriginal the payer never took the claim (unprocessable): only a new original (1)
     *     fixes it, never a replacement
     * @param enclosure for {@link Fix#APPEAL}: a text the name of one enclosure must contain
     * @param recoverableCents what the payer pays for the right action (the claim's workable denied
     *     amount), 0 for {@link Fix#NONE}
     */
    public record Cause(
            String pcn,
            String carc,
            String kind,
            Fix fix,
            String field,
            String value,
            int line,
            boolean newOriginal,
            String enclosure,
            long recoverableCents) {

        public boolean recoverable() {
            return fix != Fix.NONE;
        }
    }

    /** How the payer judged one submission: paid, or wasted with a reason. */
    public record Verdict(boolean pays, Waste waste) {
        static final Verdict PAY = new Verdict(true, null);

        static Verdict wasted(Waste w) {
            return new Verdict(false, w);
        }
    }

    private static final Set<String> EVALUATION_AND_MANAGEMENT_PREFIXES = Set.of("992", "993");

    /**
     * Procedures a distinct-procedure modifier (59, XS) can unbundle: surgery, radiology and the
     * medicine section's procedures (numeric codes 10004-79999 and 90281-99199, E/M aside) — not a
     * laboratory test, a drug (J code) or an E/M.
     */
    /**
     * Services a same-day visit is bundled into unless modifier 25 marks it separately
     * identifiable: a procedure (10004-69990, the venipuncture 36415-36416 aside), a drug
     * administration (96360-96379) or an immunization's administration (90460-90474) — CMS NCCI
     * Policy Manual, Chapter I §D and Chapter XI §B.
     */
    static final java.util.function.Predicate<String> BUNDLES_A_VISIT =
            code -> {
                if (code == null || !code.matches("[0-9]{5}")) return false;
                int n = Integer.parseInt(code);
                return (n >= 10004 && n <= 69990 && n != 36415 && n != 36416)
                        || (n >= 96360 && n <= 96379)
                        || (n >= 90460 && n <= 90474);
            };

    static final java.util.function.Predicate<String> DISTINCT_PROCEDURE =
            code -> {
                if (code == null || !code.matches("[0-9]{5}")) return false;
                int n = Integer.parseInt(code);
                return (n >= 10004 && n <= 79999) || (n >= 90281 && n <= 99199);
            };

    private final Map<String, Cause> causes = new LinkedHashMap<>();

    /** the original member id the payer cannot match, by claim, for member-id causes */
    private final Map<String, String> trueMemberIds = new HashMap<>();

    /**
     * The claim a true duplicate duplicates, as the payer holds it: paid, with its own payer claim
     * number, payment date and amount (SIMULATED).
     */
    public record Original(String payerClaimNumber, LocalDate paidOn, long paidCents) {}

    private final Map<String, Original> originals = new HashMap<>();

    private final Set<String> portalAuthorizations = new HashSet<>();
    private final Set<String> resolved = new HashSet<>();
    private final Map<Waste, Integer> wasted = new EnumMap<>(Waste.class);
    private final Map<String, Long> paidCents = new HashMap<>();
    private final Map<String, Integer> wastedByCause = new java.util.TreeMap<>();
    private final List<String> wastedClaims = new ArrayList<>();
    private int judged;
    private int payerErrors;

    private Merits() {}

    /**
     * The causes of the denials in {@code remits835} of the claims in {@code claims837}, drawn from
     * {@code seed}; the evidence goes into {@code records/<slug>/} under {@code dataDir}. With
     * {@code portal}, half the authorizations the payer issued are on its portal only.
     */
    public static Merits plant(
            Path dataDir,
            String slug,
            long seed,
            Map<String, ClaimDocument> claims,
            Map<String, ClaimPayment> adjudicated,
            boolean portal)
            throws IOException {
        Merits m = new Merits();
        Path records = dataDir.resolve("records").resolve(slug);
        Files.createDirectories(records);
        StringBuilder auths =
                new StringBuilder(
                        "patientControlNumber,memberId,payerId,procedure,from,to,authorizationNumber\n");
        for (Map.Entry<String, ClaimPayment> e : adjudicated.entrySet()) {
            String pcn = e.getKey();
            ClaimPayment c = e.getValue();
            ClaimDocument d = claims.get(pcn);
            Adjustment reason = largestWorkable(c);
            if (reason == null || d == null) continue;
            long cents = workableCents(c);
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + pcn.hashCode());
            boolean holds = r.nextDouble() < 0.6;
            Path folder = records.resolve(pcn);
            Cause cause =
                    m.cause(
                            pcn,
                            d,
                            c,
                            reason,
                            holds,
                            cents,
                            folder,
                            auths,
                            portal && r.nextDouble() < 0.5);
            if (cause != null) m.causes.put(pcn, cause);
            else m.enrollmentClaim(pcn, d, c, reason, cents);
        }
        Files.writeString(records.resolve("authorizations.csv"), auths);
        m.plantRoster(records, seed);
        return m;
    }

    /** A provider enrollment denial, judged once the roster is planted. */
    private record EnrollmentClaim(
            String pcn, String carc, String npi, String payerId, LocalDate day, long cents) {}

    private final List<EnrollmentClaim> enrollmentClaims = new ArrayList<>();

    private void enrollmentClaim(
            String pcn, ClaimDocument d, ClaimPayment c, Adjustment reason, long cents) {
        int line = deniedLine(c, reason);
        ClaimDocument.Line l =
                line > 0 && line <= d.lines().size() ? d.lines().get(line - 1) : null;
        ClaimDocument.Party rendering = l == null ? null : l.renderingProvider();
        if (rendering == null) rendering = d.claim().renderingProvider();
        if (rendering == null && d.billingProvider() != null)
            rendering = d.billingProvider().party();
        String npi = rendering == null || rendering.name() == null ? null : rendering.name().id();
        LocalDate day =
                l != null
                        ? l.serviceFrom()
                        : d.lines().isEmpty() ? null : d.lines().get(0).serviceFrom();
        String payer = d.payer() == null || d.payer().name() == null ? null : d.payer().name().id();
        enrollmentClaims.add(new EnrollmentClaim(pcn, reason.carc(), npi, payer, day, cents));
    }

    /**
     * The practice's provider roster ({@code enrollments.csv}), one history per rendering provider
     * and payer, drawn from the seed: most were enrolled from before every denied service (the
     * payer erred: an appeal enclosing the confirmation wins), some only from a date between the
     * services or after them, some are PENDING, TERMINATED before the services, or missing; a
     * misleading row (the same provider ENROLLED with another payer, an old TERMINATED spell) sits
     * beside several. A denial is recoverable exactly when the roster, as written, shows the
     * provider ENROLLED with its payer on its date of service.
     */
    private void plantRoster(Path records, long seed) throws IOException {
        Map<String, List<EnrollmentClaim>> groups = new java.util.TreeMap<>();
        for (EnrollmentClaim e : enrollmentClaims)
            groups.computeIfAbsent(e.npi() + "|" + e.payerId(), k -> new ArrayList<>()).add(e);
        StringBuilder csv =
                new StringBuilder(
                        "renderingNpi,payerId,status,effectiveFrom,effectiveTo,confirmation\n");
        record Spell(String status, LocalDate from, LocalDate to, String confirmation) {}
        for (Map.Entry<String, List<EnrollmentClaim>> g : groups.entrySet()) {
            List<EnrollmentClaim> claims = g.getValue();
            EnrollmentClaim first = claims.get(0);
            List<LocalDate> days =
                    claims.stream()
                            .map(EnrollmentClaim::day)
                            .filter(java.util.Objects::nonNull)
                            .sorted()
                            .toList();
            List<Spell> spells = new ArrayList<>();
            if (first.npi() != null && first.payerId() != null && !days.isEmpty()) {
                SplittableRandom r = new SplittableRandom(seed * 7_919L + g.getKey().hashCode());
                LocalDate min = days.get(0);
                LocalDate max = days.get(days.size() - 1);
                String ref = "ENR-" + Math.abs((g.getKey() + seed).hashCode() % 10_000_000);
                double u = r.nextDouble();
                if (u < 0.55)
                    spells.add(
                            new Spell("ENROLLED", min.minusDays(30 + r.nextInt(300)), null, ref));
                else if (u < 0.65)
                    // enrolled from a date between the services, or after them all
                    spells.add(
                            new Spell(
                                    "ENROLLED",
                                    days.size() > 1
                                            ? days.get(days.size() / 2).plusDays(1)
                                            : max.plusDays(1 + r.nextInt(60)),
                                    null,
                                    ref));
                else if (u < 0.77)
                    spells.add(new Spell("PENDING", min.minusDays(r.nextInt(60)), null, ""));
                else if (u < 0.87)
                    spells.add(
                            new Spell(
                                    "TERMINATED",
                                    min.minusDays(400 + r.nextInt(200)),
                                    min.minusDays(1 + r.nextInt(60)),
                                    ref));
                // else: no row for this provider with this payer
                if (r.nextDouble() < 0.5) {
                    // misleading: the same provider enrolled with another payer
                    csv.append(first.npi())
                            .append(",SBXOTHER")
                            .append(Math.abs(first.payerId().hashCode() % 100))
                            .append(",ENROLLED,")
                            .append(min.minusDays(365))
                            .append(",,ENR-O")
                            .append(Math.abs(g.getKey().hashCode() % 100_000))
                            .append('\n');
                }
                for (Spell sp : spells) {
                    csv.append(first.npi())
                            .append(',')
                            .append(first.payerId())
                            .append(',')
                            .append(sp.status())
                            .append(',')
                            .append(sp.from())
                            .append(',')
                            .append(sp.to() == null ? "" : sp.to().toString())
                            .append(',')
                            .append(sp.confirmation())
                            .append('\n');
                }
            }
            for (EnrollmentClaim e : claims) {
                Spell covering =
                        spells.stream()
                                .filter(
                                        sp ->
                                                e.day() != null
                                                        && !sp.confirmation().isEmpty()
                                                        && ("ENROLLED".equals(sp.status())
                                                                || "TERMINATED".equals(sp.status())
                                                                        && sp.to() != null)
                                                        && !e.day().isBefore(sp.from())
                                                        && (sp.to() == null
                                                                || !e.day().isAfter(sp.to())))
                                .findFirst()
                                .orElse(null);
                causes.put(
                        e.pcn(),
                        covering == null
                                ? none(
                                        e.pcn(),
                                        e.carc(),
                                        spells.isEmpty()
                                                ? "provider not enrolled with the payer"
                                                : "provider not enrolled on the date of service ("
                                                        + spells.get(0).status()
                                                        + ")")
                                : new Cause(
                                        e.pcn(),
                                        e.carc(),
                                        "provider enrolled on the date of service",
                                        Fix.APPEAL,
                                        null,
                                        null,
                                        0,
                                        false,
                                        "enrollment-confirmation",
                                        e.cents()));
            }
        }
        Files.writeString(records.resolve("enrollments.csv"), csv);
    }

    private Cause cause(
            String pcn,
            ClaimDocument d,
            ClaimPayment c,
            Adjustment reason,
            boolean holds,
            long cents,
            Path folder,
            StringBuilder auths,
            boolean onPortalOnly)
            throws IOException {
        String carc = reason.carc();
        boolean unprocessable = c.remarks().contains("MA130");
        // the remittance says the subscriber data is what is missing or invalid
        boolean memberRemark =
                c.remarks().stream().anyMatch(List.of("MA27", "MA61", "N382", "MA36")::contains);
        switch (carc) {
            case "197", "15" -> {
                String number = "AUTH" + Math.abs(pcn.hashCode() % 1_000_000);
                if (!holds) {
                    write(
                            folder,
                            "authorization-request.txt",
                            "SIMULATED phone log: authorization requested, payer said it was"
                                    + " pending. No number was given.\n");
                    return none(pcn, carc, "no authorization was ever issued");
                }
                if (onPortalOnly) {
                    portalAuthorizations.add(pcn);
                } else {
                    for (ClaimDocument.Line l : d.lines()) {
                        auths.append(pcn)
                                .append(',')
                                .append(d.subscriber().name().id())
                                .append(',')
                                .append(d.payer().name().id())
                                .append(',')
                                .append(l.procedure())
                                .append(',')
                                .append(l.serviceFrom().minusDays(10))
                                .append(',')
                                .append(l.serviceFrom().plusDays(30))
                                .append(',')
                                .append(number)
                                .append('\n');
                    }
                }
                return new Cause(
                        pcn,
                        carc,
                        onPortalOnly
                                ? "authorization on the payer's portal"
                                : "authorization on file",
                        Fix.CLAIM,
                        AUTHORIZATION,
                        number,
                        0,
                        false,
                        null,
                        cents);
            }
            case "16", "31" -> {
                if (!"31".equals(carc) && !memberRemark) {
                    return none(pcn, carc, "the missing information is not on file");
                }
                String wrong = d.subscriber().name().id();
                if (!holds || wrong == null) {
                    write(
                            folder,
                            "intake-form.txt",
                            "SIMULATED intake form: patient to bring insurance card at next visit.\n");
                    return none(pcn, carc, "no document states the member's data");
                }
                String right = "W" + Math.abs((pcn + "member").hashCode() % 100_000_000);
                trueMemberIds.put(pcn, right);
                write(
                        folder,
                        "insurance-card.txt",
                        "SIMULATED insurance card (front)\nPlan: SIMULATED PLAN\nMember ID: "
                                + right
                                + "\nGroup No.: SBX"
                                + Math.abs(pcn.hashCode() % 10_000)
                                + "\n");
                return new Cause(
                        pcn,
                        carc,
                        unprocessable ? "unprocessable: wrong member id" : "wrong member id",
                        Fix.CLAIM,
                        MEMBER_ID,
                        right,
                        0,
                        unprocessable,
                        null,
                        cents);
            }
            case "4" -> {
                return visitBesideProcedure(
                        pcn, carc, d, deniedLine(c, reason), holds, cents, folder);
            }
            case "97", "234", "236" -> {
                int line = deniedLine(c, reason);
                if (line > 0
                        && line <= d.lines().size()
                        && isVisit(d.lines().get(line - 1).procedure())) {
                    // an E/M bundled into a same-day procedure: modifier 25 is what can unbundle
                    // it (59 and the X modifiers are never for an E/M: CMS NCCI Policy Manual,
                    // Chapter XI, §D and Chapter I, §E)
                    return visitBesideProcedure(pcn, carc, d, line, holds, cents, folder);
                }
                boolean distinctable =
                        line > 0
                                && line <= d.lines().size()
                                && DISTINCT_PROCEDURE.test(d.lines().get(line - 1).procedure());
                boolean marked =
                        line > 0
                                && line <= d.lines().size()
                                && d.lines().get(line - 1).modifiers().stream()
                                        .anyMatch(List.of("59", "XE", "XS", "XP", "XU")::contains);
                if (!holds || !distinctable || marked) {
                    write(
                            folder,
                            "procedure-note.txt",
                            "SIMULATED procedure note: both services performed at the same site in"
                                    + " one session.\n");
                    return none(pcn, carc, "the services were bundled rightly");
                }
                write(
                        folder,
                        "procedure-note.txt",
                        "SIMULATED procedure note: the second procedure was performed at a"
                                + " separate anatomic site, through a separate incision.\n");
                return new Cause(
                        pcn,
                        carc,
                        "distinct procedure not marked",
                        Fix.CLAIM,
                        MODIFIER,
                        "59,XS",
                        line,
                        false,
                        null,
                        cents);
            }
            case "50", "55", "151" -> {
                if (!holds) {
                    write(
                            folder,
                            "clinical-note.txt",
                            "SIMULATED clinical note: patient seen, service performed.\n");
                    return none(pcn, carc, "the records do not show medical necessity");
                }
                write(
                        folder,
                        "clinical-note.txt",
                        "SIMULATED clinical note: six weeks of conservative therapy failed;"
                                + " symptoms worsened; the service was medically necessary under"
                                + " the payer's policy criteria.\n");
                return new Cause(
                        pcn,
                        carc,
                        "necessity documented",
                        Fix.APPEAL,
                        null,
                        null,
                        0,
                        false,
                        "clinical-note",
                        cents);
            }
            case "226", "252" -> {
                if (!holds) return none(pcn, carc, "the requested records do not exist");
                write(
                        folder,
                        "requested-records.txt",
                        "SIMULATED operative report and history requested by the payer.\n");
                return new Cause(
                        pcn,
                        carc,
                        "records requested",
                        Fix.APPEAL,
                        null,
                        null,
                        0,
                        false,
                        "requested-records",
                        cents);
            }
            case "29" -> {
                if (!holds) {
                    write(
                            folder,
                            "billing-log.txt",
                            "SIMULATED billing log: claim believed sent on time.\n");
                    return none(pcn, carc, "filed late, no proof of timely filing");
                }
                // the proof is the 277CA the payer sent for the original claim, stored in the
                // service: SimulatedPayer.originalAcknowledgments
                return new Cause(
                        pcn,
                        carc,
                        "filed on time, 277CA on file",
                        Fix.APPEAL,
                        null,
                        null,
                        0,
                        false,
                        "277CA",
                        cents);
            }
            case "18" -> {
                if (!holds) {
                    // the claim it duplicates went under other identifiers (another account or
                    // member id): a 276 about this claim finds no other claim
                    return none(pcn, carc, "a duplicate of a claim billed under other identifiers");
                }
                // the payer paid the claim this one duplicates, but its 835 is not in the service
                // (paid before the practice used it): a 276 about this claim finds it
                LocalDate accepted = acceptedOn(d);
                originals.put(
                        pcn,
                        new Original(
                                "SBXO" + Math.abs((pcn + "original").hashCode() % 100_000_000),
                                accepted == null ? null : accepted.plusDays(10),
                                cents));
                return none(pcn, carc, "a true duplicate of a claim the payer paid");
            }
            case "170", "171", "172", "183", "184", "185", "52", "8", "B7" -> {
                // decided with the practice's provider roster: plantRoster
                return null;
            }
            case "96", "119", "204" -> {
                write(
                        folder,
                        "patient-notice.txt",
                        "SIMULATED: no advance beneficiary notice was signed for this service.\n");
                return none(pcn, carc, "non-covered service without a notice");
            }
            default -> {
                return none(pcn, carc, "nothing on file fixes it");
            }
        }
    }

    /**
     * A visit (E/M) line denied beside a procedure on the same claim: modifier 25 fixes it when the
     * visit note says the E/M was significant and separately identifiable.
     */
    private static Cause visitBesideProcedure(
            String pcn,
            String carc,
            ClaimDocument d,
            int line,
            boolean holds,
            long cents,
            Path folder)
            throws IOException {
        boolean visitBesideProcedure =
                line > 0
                        && line <= d.lines().size()
                        && isVisit(d.lines().get(line - 1).procedure())
                        && !d.lines().get(line - 1).modifiers().contains("25")
                        && d.lines().stream()
                                .map(ClaimDocument.Line::procedure)
                                .anyMatch(BUNDLES_A_VISIT);
        if (!holds || !visitBesideProcedure) {
            write(
                    folder,
                    "visit-note.txt",
                    "SIMULATED visit note: routine visit before the planned procedure; no"
                            + " other problem addressed.\n");
            return none(pcn, carc, "the visit was part of the procedure");
        }
        write(
                folder,
                "visit-note.txt",
                "SIMULATED visit note\nAssessment: new complaint evaluated and treated. The"
                        + " E/M service was significant and separately identifiable from"
                        + " the procedure performed the same day.\n");
        return new Cause(
                pcn,
                carc,
                "modifier 25 missing",
                Fix.CLAIM,
                MODIFIER,
                "25",
                line,
                false,
                null,
                cents);
    }

    private static Cause none(String pcn, String carc, String kind) {
        return new Cause(pcn, carc, kind, Fix.NONE, null, null, 0, false, null, 0);
    }

    private static void write(Path folder, String name, String text) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), text);
    }

    private static boolean isVisit(String procedure) {
        return procedure != null
                && procedure.length() == 5
                && EVALUATION_AND_MANAGEMENT_PREFIXES.contains(procedure.substring(0, 3));
    }

    /** The 1-based index of the claim line the adjustment is on, or 0 at claim level. */
    static int deniedLine(ClaimPayment c, Adjustment a) {
        for (int i = 0; i < c.lines().size(); i++) {
            if (c.lines().get(i).adjustments().contains(a)) return i + 1;
        }
        return 0;
    }

    static Adjustment largestWorkable(ClaimPayment c) {
        Adjustment best = null;
        List<Adjustment> all = new ArrayList<>(c.adjustments());
        for (ServiceLine l : c.lines()) all.addAll(l.adjustments());
        for (Adjustment a : all) {
            if (Workability.CONTRACT_DEFAULT.workable(a)
                    && (best == null || a.amount().cents() > best.amount().cents())) {
                best = a;
            }
        }
        return best;
    }

    private static long workableCents(ClaimPayment c) {
        long n = 0;
        for (Adjustment a : c.adjustments()) {
            if (Workability.CONTRACT_DEFAULT.workable(a)) n += a.amount().cents();
        }
        for (ServiceLine l : c.lines()) {
            for (Adjustment a : l.adjustments()) {
                if (Workability.CONTRACT_DEFAULT.workable(a)) n += a.amount().cents();
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ judging

    public Cause cause(String pcn) {
        return causes.get(pcn);
    }

    /** The member id the payer knows for a claim whose member id it could not match, or null. */
    String trueMemberId(String pcn) {
        return trueMemberIds.get(pcn);
    }

    /** The paid claim that {@code pcn} (denied as a duplicate) duplicates, or null. */
    public Original original(String pcn) {
        return originals.get(pcn);
    }

    boolean authorizationOnPortal(String pcn) {
        return portalAuthorizations.contains(pcn);
    }

    /**
     * A corrected claim for {@code pcn}: pays when it carries the fix with the right frequency (a
     * replacement, 7 with REF*F8 = {@code payerClaimNumber}, or a new original, 1, for a claim the
     * payer never took).
     */
    Verdict judgeClaim(
            String pcn, ClaimDocument sent, ClaimDocument original, String payerClaimNumber) {
        Cause c = causes.get(pcn);
        if (c == null) return null; // not a denied claim: no judgement
        Verdict v;
        if (resolved.contains(pcn)) v = Verdict.wasted(Waste.afterResolved);
        else if (c.fix() == Fix.NONE) v = Verdict.wasted(Waste.notRecoverable);
        else if (c.fix() == Fix.APPEAL) v = Verdict.wasted(Waste.wrongChannel);
        else if (!rightFrequency(c, sent, payerClaimNumber))
            v = Verdict.wasted(Waste.wrongFrequency);
        else if (sameContent(sent, original)) v = Verdict.wasted(Waste.unchanged);
        else if (!carriesFix(c, sent)) v = Verdict.wasted(Waste.noEvidence);
        else v = Verdict.PAY;
        return record(pcn, v);
    }

    /**
     * An appeal for {@code pcn} with these enclosure names: pays when one answers the cause. At the
     * first level a seeded share of right appeals is upheld anyway (the payer's error), and
     * overturned at the next level.
     */
    Verdict judgeAppeal(String pcn, List<String> enclosures, int level, double draw) {
        Cause c = causes.get(pcn);
        if (c == null) return null;
        Verdict v;
        if (resolved.contains(pcn)) v = Verdict.wasted(Waste.afterResolved);
        else if (c.fix() == Fix.NONE) v = Verdict.wasted(Waste.notRecoverable);
        else if (c.fix() == Fix.CLAIM) v = Verdict.wasted(Waste.wrongChannel);
        else if (enclosures.stream()
                .noneMatch(
                        e ->
                                e.toLowerCase(Locale.ROOT)
                                        .contains(c.enclosure().toLowerCase(Locale.ROOT)))) {
            v = Verdict.wasted(Waste.noEvidence);
        } else if (level <= 1 && draw < 0.1) {
            judged++;
            payerErrors++;
            return new Verdict(false, null); // the payer's error: right, upheld, not wasted
        } else v = Verdict.PAY;
        return record(pcn, v);
    }

    /**
     * A reopening request for {@code pcn} whose correction reads {@code correction}: pays when a
     * claim fix's value is in it (a clerical correction the payer makes itself).
     */
    Verdict judgeReopening(String pcn, String correction) {
        Cause c = causes.get(pcn);
        if (c == null) return null;
        String text = correction == null ? "" : correction;
        Verdict v;
        if (resolved.contains(pcn)) v = Verdict.wasted(Waste.afterResolved);
        else if (c.fix() == Fix.NONE) v = Verdict.wasted(Waste.notRecoverable);
        else if (c.fix() == Fix.APPEAL || c.newOriginal()) {
            // a claim the payer never took cannot be reopened: only a new original fixes it
            v = Verdict.wasted(Waste.wrongChannel);
        } else if (List.of(c.value().split(",")).stream().noneMatch(text::contains)) {
            v = Verdict.wasted(Waste.noEvidence);
        } else v = Verdict.PAY;
        return record(pcn, v);
    }

    private Verdict record(String pcn, Verdict v) {
        judged++;
        if (v.pays()) {
            resolved.add(pcn);
            paidCents.merge(pcn, causes.get(pcn).recoverableCents(), Long::sum);
        } else {
            wasted.merge(v.waste(), 1, Integer::sum);
            wastedClaims.add(pcn + " " + v.waste());
            wastedByCause.merge(
                    causes.get(pcn).carc() + " " + causes.get(pcn).kind() + ": " + v.waste(),
                    1,
                    Integer::sum);
        }
        return v;
    }

    private static boolean rightFrequency(Cause c, ClaimDocument sent, String payerClaimNumber) {
        String f = sent.claim().frequency();
        if (c.newOriginal()) return "1".equals(f);
        return "7".equals(f)
                && payerClaimNumber != null
                && payerClaimNumber.equals(sent.claim().payerClaimNumber());
    }

    /** The content the payer adjudicates: member, authorization, lines with their modifiers. */
    private static boolean sameContent(ClaimDocument a, ClaimDocument b) {
        if (b == null) return false;
        return java.util.Objects.equals(a.subscriber().name().id(), b.subscriber().name().id())
                && java.util.Objects.equals(
                        a.claim().priorAuthorization(), b.claim().priorAuthorization())
                && java.util.Objects.equals(a.claim().diagnoses(), b.claim().diagnoses())
                && lines(a).equals(lines(b));
    }

    private static List<String> lines(ClaimDocument d) {
        List<String> out = new ArrayList<>();
        for (ClaimDocument.Line l : d.lines()) {
            out.add(
                    l.procedure()
                            + "|"
                            + l.modifiers()
                            + "|"
                            + (l.units() == null
                                    ? ""
                                    : l.units().stripTrailingZeros().toPlainString())
                            + "|"
                            + l.diagnosisPointers());
        }
        return out;
    }

    private static boolean carriesFix(Cause c, ClaimDocument sent) {
        return switch (c.field()) {
            case MEMBER_ID -> c.value().equals(sent.subscriber().name().id());
            case AUTHORIZATION -> c.value().equals(sent.claim().priorAuthorization());
            case MODIFIER ->
                    c.line() <= sent.lines().size()
                            && sent.lines().get(c.line() - 1).modifiers().stream()
                                    .anyMatch(m -> List.of(c.value().split(",")).contains(m));
            default -> false;
        };
    }

    // ------------------------------------------------------------------ the books

    /** Dollars (in cents) the payer would pay for the right actions. */
    public long recoverableCents() {
        return causes.values().stream().mapToLong(Cause::recoverableCents).sum();
    }

    /** Dollars (in cents) the payer paid for right actions. */
    public long recoveredCents() {
        return paidCents.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Each wasted submission, in order: the claim's patient control number and the waste. */
    public List<String> wastedClaims() {
        return List.copyOf(wastedClaims);
    }

    /** Whether the payer has paid {@code pcn} for a right action. */
    public boolean paid(String pcn) {
        return resolved.contains(pcn);
    }

    public int judged() {
        return judged;
    }

    public int payerErrors() {
        return payerErrors;
    }

    public int wastedSubmissions() {
        return wasted.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Wasted submissions by reason, every reason listed. */
    public Map<String, Integer> wastedByReason() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Waste w : Waste.values()) m.put(w.name(), wasted.getOrDefault(w, 0));
        return m;
    }

    /** Wasted submissions by the denial's reason code, cause and waste. */
    public Map<String, Integer> wastedByCause() {
        return Map.copyOf(wastedByCause);
    }

    /** Recoverable claims the payer has not paid, by reason code and cause. */
    public Map<String, Integer> unrecoveredByCause() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (Cause c : causes.values()) {
            if (c.recoverable() && !resolved.contains(c.pcn())) {
                m.merge(c.carc() + " " + c.kind(), 1, Integer::sum);
            }
        }
        return m;
    }

    /** The causes by kind: how many denials of each, and how many recoverable. */
    public Map<String, Integer> causesByKind() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (Cause c : causes.values()) m.merge(c.kind(), 1, Integer::sum);
        return m;
    }

    public int recoverableClaims() {
        return (int) causes.values().stream().filter(Cause::recoverable).count();
    }

    public List<Cause> causes() {
        return List.copyOf(causes.values());
    }

    /** The day after which a claim's 277CA accepted it: its first service date plus a few days. */
    static LocalDate acceptedOn(ClaimDocument d) {
        LocalDate first = d.lines().isEmpty() ? null : d.lines().get(0).serviceFrom();
        return first == null ? null : first.plusDays(4);
    }
}
