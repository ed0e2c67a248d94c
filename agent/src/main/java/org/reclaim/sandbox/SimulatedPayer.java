package org.reclaim.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.reclaim.common.Json;
import org.reclaim.common.Money;
import org.reclaim.connector.payer.AuthorizationRecord;
import org.reclaim.connector.payer.CaseStatus;
import org.reclaim.connector.payer.ClaimStatusAnswer;
import org.reclaim.connector.payer.PortalReceipt;
import org.reclaim.remittance.Workability;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.remit.Adjustment;
import org.reclaim.x12.remit.ClaimPayment;
import org.reclaim.x12.remit.Payment;
import org.reclaim.x12.remit.ServiceLine;
import org.reclaim.x12.synth.Habits;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.ClaimStatusInquiryWriter;
import org.reclaim.x12.write.ClaimStatusResponseWriter;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.reclaim.x12.write.EligibilityResponseWriter;
import org.reclaim.x12.write.Envelope;
import org.reclaim.x12.write.RemittanceWriter835;

/**
 * SIMULATED — the sandbox's clearinghouse and payer, for the {@code demo} only; never part of a
 * production path. It reads what the service writes to {@code outbox/} (837s, 276s, 270s, appeal
 * and reopening packets), records everything it receives, and answers into {@code inbox/} after a
 * compressed delay: 999 + 277CA for every 837, a 277 for a 276, a 271 for a 270, and an 835 that
 * pays, partly pays or upholds — decided by a seeded draw per claim and action (never keyed by an
 * id the service made at random, such as an inquiry's trace number or a submission's idempotency
 * key), so a run is reproducible. It pays only in answer to an action. The demo may also let it act
 * as every payer's portal ({@link SimulatedPortal}): appeals and reopenings filed there are decided
 * the same way and their cases answer status look-ups; claim status and authorizations are looked
 * up in its books.
 */
public final class SimulatedPayer {

    /**
     * What the sandbox received: the idempotency key (packets) or the interchange (X12), and when.
     */
    public record Receipt(String kind, String key, String file, Instant at) {}

    private record Answer(Instant due, long order, String name, byte[] bytes) {}

    /**
     * How the payer decided an action: the share of the denied amount it pays, and when it says so.
     */
    private record Decision(double share, Instant decidedAt) {}

    private record Case(String pcn, Decision decision) {}

    private final Path dataDir;
    private final String slug;
    private final long seed;
    private final Workability payerRule = Workability.CONTRACT_DEFAULT;
    private final Map<String, ClaimDocument> claims = new HashMap<>();

    /** the payer's current adjudication of each claim, by patient control number */
    private final Map<String, ClaimPayment> adjudicated = new HashMap<>();

    private final Map<String, Payment> payments = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final PriorityQueue<Answer> answers =
            new PriorityQueue<>(Comparator.comparing(Answer::due).thenComparingLong(Answer::order));
    private final Map<String, String> pcnByPayerClaimNumber = new HashMap<>();
    private final Map<String, List<String>> pcnsByMember = new HashMap<>();
    private final Map<String, Case> cases = new HashMap<>();
    private final Map<String, String> caseByKey = new HashMap<>();

    /**
     * The keys each portal filing (the key's denial, claim and level; 0 a reopening) was taken
     * under.
     */
    private final Map<String, java.util.Set<String>> filedUnder = new HashMap<>();

    /** How many of each kind of action each claim has had: see {@link #nth}. */
    private final Map<String, Integer> asked = new HashMap<>();

    private long sequence;
    private long control = 500_000_000L;
    private final Merits merits;
    private final boolean portalAuthorizations;

    public SimulatedPayer(
            Path dataDir, String slug, long seed, byte[] claims837, byte[] remits835) {
        this(dataDir, slug, seed, claims837, remits835, false);
    }

    /**
     * The payer of these claims and remittances; the causes of its denials are planted in the
     * records folder ({@link Merits}). With {@code portalAuthorizations}, a share of the
     * authorizations it issued are found only on its portal.
     */
    public SimulatedPayer(
            Path dataDir,
            String slug,
            long seed,
            byte[] claims837,
            byte[] remits835,
            boolean portalAuthorizations) {
        this.dataDir = dataDir;
        this.portalAuthorizations = portalAuthorizations;
        this.slug = slug;
        this.seed = seed;
        read(
                claims837,
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        claims.put(d.claim().patientControlNumber(), d);
                        if (d.subscriber() != null
                                && d.subscriber().name() != null
                                && d.subscriber().name().id() != null) {
                            pcnsByMember
                                    .computeIfAbsent(
                                            d.subscriber().name().id(), k -> new ArrayList<>())
                                    .add(d.claim().patientControlNumber());
                        }
                    }
                });
        read(
                remits835,
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment p, ClaimPayment c) {
                        if ("22".equals(c.status())) return;
                        adjudicated.put(c.patientControlNumber(), c);
                        payments.put(c.patientControlNumber(), p);
                        if (c.payerClaimNumber() != null)
                            pcnByPayerClaimNumber.put(
                                    c.payerClaimNumber(), c.patientControlNumber());
                    }
                });
        try {
            this.merits =
                    Merits.plant(dataDir, slug, seed, claims, adjudicated, portalAuthorizations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The judging payer's causes and books. */
    public Merits merits() {
        return merits;
    }

    /**
     * The 277CAs the payer sent when it accepted the original claims of its timely-filing denials
     * that were filed on time: the proof a practice's clearinghouse history holds, to be stored in
     * the service before the remittances arrive. Empty when there is none.
     */
    public synchronized byte[] originalAcknowledgments() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Merits.Cause c : merits.causes()) {
            if (!"29".equals(c.carc()) || !c.recoverable()) continue;
            ClaimDocument d = claims.get(c.pcn());
            ClaimPayment paid = adjudicated.get(c.pcn());
            LocalDate on = Merits.acceptedOn(d);
            if (d == null || on == null) continue;
            Instant at = on.atTime(9, 0).toInstant(ZoneOffset.UTC);
            out.writeBytes(
                    AcknowledgmentWriter.write277CA(
                            new AcknowledgmentWriter.ClaimAcknowledgment(
                                    d.payer().name(),
                                    d.receiver(),
                                    d.billingProvider().party().name(),
                                    c.pcn(),
                                    on,
                                    List.of(
                                            AcknowledgmentWriter.ClaimVerdict.accepted(
                                                    d,
                                                    paid == null
                                                            ? null
                                                            : paid.payerClaimNumber()))),
                            envelope(at)));
        }
        return out.toByteArray();
    }

    private static void read(byte[] bytes, X12Handler h) {
        try {
            X12Files.read(new ByteArrayInputStream(bytes), h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    /**
     * The kind of a receipt for a portal request under a key the portal took before: answered with
     * the first case ({@code repeated}), nothing filed again.
     */
    public static final String REPEAT = "portal-repeat";

    /**
     * Receipts whose key was taken more than once (a duplicate submission): a file received twice
     * under one key, or a portal filing taken twice. A portal request under a key already taken
     * ({@link #REPEAT}) is the sender's resend after a lost answer and files nothing: not counted
     * here ({@link #repeats}), nor is a portal appeal filed again under another key, which {@link
     * #duplicatePortalFilings} counts.
     */
    public synchronized long duplicateSubmissions() {
        Map<String, Integer> n = new HashMap<>();
        for (Receipt r : receipts)
            if (!r.kind().equals(REPEAT)) n.merge(r.kind() + "|" + r.key(), 1, Integer::sum);
        return n.values().stream().filter(v -> v > 1).count();
    }

    /** Portal requests under a key taken before, answered with its case. */
    public synchronized long repeats() {
        return receipts.stream().filter(r -> r.kind().equals(REPEAT)).count();
    }

    /**
     * Portal filings taken a second time under another key for the same denial, claim and level
     * (the same appeal filed twice: a second case at the payer).
     */
    public synchronized long duplicatePortalFilings() {
        return filedUnder.values().stream().filter(keys -> keys.size() > 1).count();
    }

    /** The earliest answer still to be delivered, or {@link Instant#MAX}. */
    public synchronized Instant nextAnswer() {
        Answer a = answers.peek();
        return a == null ? Instant.MAX : a.due();
    }

    /**
     * Reads what is new in the outbox and schedules the answers. Returns how many items it
     * received.
     */
    public synchronized int receive(Instant now) {
        Path outbox = dataDir.resolve("outbox").resolve(slug);
        if (!Files.isDirectory(outbox)) return 0;
        int n = 0;
        try (Stream<Path> files = Files.list(outbox)) {
            // only what is new is sorted: the outbox keeps everything the demo ever sent
            for (Path f :
                    files.filter(p -> !seen.contains(p.getFileName().toString()))
                            .sorted()
                            .toList()) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f)
                        || name.startsWith(".")
                        || !name.endsWith(".x12")
                        || !seen.add(name)) continue;
                n++;
                byte[] bytes = Files.readAllBytes(f);
                String type = name.split("-")[1];
                receipts.add(
                        new Receipt(type, name.substring(name.lastIndexOf('-') + 1), name, now));
                switch (type) {
                    case "837" -> answerClaims(bytes, now);
                    case "276" -> answerStatus(bytes, now);
                    case "270" -> answerEligibility(bytes, now);
                    default -> {}
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path packets = outbox.resolve("packets");
        if (Files.isDirectory(packets)) {
            try (Stream<Path> files = Files.list(packets)) {
                for (Path f :
                        files.filter(p -> !seen.contains("packet:" + p.getFileName()))
                                .sorted()
                                .toList()) {
                    String name = f.getFileName().toString();
                    if (!name.endsWith(".json") || !seen.add("packet:" + name)) continue;
                    n++;
                    Map<String, Object> json =
                            Json.parseObject(Files.readString(f, StandardCharsets.UTF_8));
                    String key = (String) json.get("idempotencyKey");
                    receipts.add(new Receipt("packet", key, name, now));
                    String pcn = (String) json.get("patientControlNumber");
                    int level = ((Number) json.get("appealLevel")).intValue();
                    List<String> enclosures = new ArrayList<>();
                    if (json.get("attachments") instanceof List<?> list) {
                        for (Object a : list) enclosures.add(String.valueOf(a));
                    }
                    if ("reopening".equals(json.get("kind"))) {
                        // a reopening is judged by what its letter asks the payer to correct
                        Path pdf = packets.resolve(name.replaceFirst("\\.json$", ".pdf"));
                        String letter =
                                Files.isRegularFile(pdf)
                                        ? org.reclaim.connector.records.RecordFacts.text(
                                                        pdf.getFileName().toString(),
                                                        Files.readAllBytes(pdf))
                                                .text()
                                        : null;
                        String action = nth(pcn, "reopening");
                        Merits.Verdict v = merits.judgeReopening(pcn, letter);
                        decideAndPay(
                                pcn, action, v != null && v.pays() ? 1.0 : 0.0, 0.0, now, 10, 30);
                        continue;
                    }
                    String action = nth(pcn, "appeal" + level);
                    Merits.Verdict v =
                            merits.judgeAppeal(
                                    pcn, enclosures, level, draw(pcn, action + "|error"));
                    decideAndPay(pcn, action, v != null && v.pays() ? 1.0 : 0.0, 0.0, now, 15, 40);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    /**
     * Writes the answers due by {@code now} into {@code inbox/<slug>/}, one file per kind of answer
     * with one interchange per answer (as a clearinghouse batches its deliveries). Returns how many
     * answers.
     */
    public synchronized int deliver(Instant now) {
        return deliver(now, dataDir.resolve("inbox").resolve(slug));
    }

    /**
     * {@link #deliver(Instant)} into {@code inbox} instead of the practice's inbox (a SIMULATED
     * REST clearinghouse's mailbox, from which the service polls them).
     */
    public synchronized int deliver(Instant now, Path inbox) {
        int n = 0;
        Map<String, ByteArrayOutputStream> files = new java.util.TreeMap<>();
        while (!answers.isEmpty() && !answers.peek().due().isAfter(now)) {
            Answer a = answers.poll();
            String kind = a.name().substring(a.name().lastIndexOf('-') + 1, a.name().length() - 4);
            // acknowledgments before status answers before payments, so links form in order
            String order =
                    switch (kind) {
                        case "277ca" -> "1";
                        case "277", "271" -> "2";
                        default -> "3";
                    };
            files.computeIfAbsent(order + "-" + kind, k -> new ByteArrayOutputStream())
                    .writeBytes(a.bytes());
            n++;
        }
        try {
            Files.createDirectories(inbox);
            for (Map.Entry<String, ByteArrayOutputStream> f : files.entrySet()) {
                String name =
                        String.format("sandbox-%08d-%s.x12", ++sequence, f.getKey().substring(2));
                Path tmp = inbox.resolve("." + name + ".tmp");
                Files.write(tmp, f.getValue().toByteArray());
                Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    // ---------------------------------------------------------------- answers

    private void answerClaims(byte[] x12, Instant now) {
        List<ClaimDocument> docs = new ArrayList<>();
        read(
                x12,
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        docs.add(d);
                    }
                });
        for (ClaimDocument d : docs) {
            String pcn = d.claim().patientControlNumber();
            ClaimPayment c = adjudicated.get(pcn);
            ClaimPayment planned = c == null ? expected.get(pcn) : null;
            if (c == null && planned != null) c = planned;
            schedule(
                    now.plus(Duration.ofDays(1)),
                    "277ca",
                    AcknowledgmentWriter.write277CA(
                            new AcknowledgmentWriter.ClaimAcknowledgment(
                                    d.payer().name(),
                                    d.receiver(),
                                    d.billingProvider().party().name(),
                                    pcn,
                                    day(now),
                                    List.of(
                                            AcknowledgmentWriter.ClaimVerdict.accepted(
                                                    d, c == null ? null : c.payerClaimNumber()))),
                            envelope(now)));
            if (c == null) continue;
            if (planned != null) {
                adjudicateNew(pcn, d, planned, now);
                continue;
            }
            boolean toOtherPayer =
                    payments.get(pcn) != null
                            && payments.get(pcn).payer() != null
                            && d.payer() != null
                            && d.payer().name() != null
                            && d.payer().name().id() != null
                            && !d.payer().name().id().equals(payments.get(pcn).payer().id());
            if (toOtherPayer) continue; // billed to another payer: not this payer's to pay
            Merits.Verdict v = merits.judgeClaim(pcn, d, claims.get(pcn), c.payerClaimNumber());
            // on the merits: the right correction is paid in full, anything else is upheld
            decideAndPay(
                    pcn,
                    "claim|" + d.claim().frequency(),
                    v != null && v.pays() ? 1.0 : 0.0,
                    0.0,
                    now,
                    10,
                    30);
        }
    }

    // ---------------------------------------------------------------- a new batch (demo --months
    // 2)

    /** How the payer first adjudicated a claim of a new batch ({@link #expect}). */
    public record FirstPass(String pcn, String payerId, boolean denied, boolean habitDenied) {}

    /** A new batch's claims as generated (with the generator's adjudication, the random mix). */
    private final Map<String, ClaimPayment> expected = new HashMap<>();

    private final Map<String, Payment> expectedPayments = new HashMap<>();
    private final Map<String, ClaimDocument> expectedClaims = new HashMap<>();
    private final Map<String, LocalDate> expectedSentOn = new HashMap<>();
    private final Map<String, FirstPass> firstPasses = new java.util.LinkedHashMap<>();

    /**
     * SIMULATED: a new batch of claims the practice will send (the demo's second month), with the
     * generator's adjudication of each as the payer's random mix. Nothing is answered until a claim
     * is sent: the payer then adjudicates the claim as it received it ({@link #adjudicateNew}).
     */
    public synchronized void expect(byte[] claims837, byte[] remits835) {
        read(
                claims837,
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        expectedClaims.put(d.claim().patientControlNumber(), d);
                    }

                    @Override
                    public void submittedClaim(org.reclaim.x12.claim.SubmittedClaim c) {
                        expectedSentOn.put(c.patientControlNumber(), c.submissionDate());
                    }
                });
        read(
                remits835,
                new X12Handler() {
                    @Override
                    public void remittanceClaim(Payment p, ClaimPayment c) {
                        if ("22".equals(c.status())
                                || expected.containsKey(c.patientControlNumber())) return;
                        expected.put(c.patientControlNumber(), c);
                        expectedPayments.put(c.patientControlNumber(), p);
                    }
                });
    }

    /** The first adjudication of each claim of a new batch the payer received, in order. */
    public synchronized List<FirstPass> firstPasses() {
        return List.copyOf(firstPasses.values());
    }

    /**
     * A new claim adjudicated as received: its payer's habit ({@link Habits#judge}, the generator's
     * own conditions) is applied to the claim as sent, on the day it arrives; beside it, the random
     * mix the generator drew for the claim. A claim the habit denied as generated but that meets
     * the habit as sent (the authorization number added, the modifier) is paid what the habit
     * denied; a claim that fails a habit is denied by it. Answered once per claim: a resend of it
     * is not adjudicated again.
     */
    private void adjudicateNew(String pcn, ClaimDocument sent, ClaimPayment planned, Instant now) {
        if (firstPasses.containsKey(pcn)) return;
        ClaimDocument generated = expectedClaims.get(pcn);
        LocalDate plannedOn = expectedSentOn.get(pcn);
        Optional<Habits.Denial> was =
                generated == null || plannedOn == null
                        ? Optional.empty()
                        : Habits.judge(generated, plannedOn);
        Optional<Habits.Denial> is = Habits.judge(sent, day(now));
        ClaimPayment decided;
        if (is.isPresent()) {
            decided =
                    was.isPresent() && was.get().equals(is.get())
                            ? planned
                            : deniedByHabit(planned, is.get());
        } else if (was.isPresent()) {
            decided = readjudicate(planned, 1.0);
        } else {
            decided = planned;
        }
        Payment p = expectedPayments.get(pcn);
        adjudicated.put(pcn, decided);
        payments.put(pcn, p);
        claims.put(pcn, sent);
        if (decided.payerClaimNumber() != null)
            pcnByPayerClaimNumber.put(decided.payerClaimNumber(), pcn);
        boolean denied = decided.adjustments().stream().anyMatch(payerRule::workable);
        for (ServiceLine l : decided.lines())
            denied |= l.adjustments().stream().anyMatch(payerRule::workable);
        String payerId = sent.payer() == null ? null : sent.payer().name().id();
        firstPasses.put(pcn, new FirstPass(pcn, payerId, denied, is.isPresent()));
        long days = 14 + (long) (draw(pcn, "first|delay") * 21);
        ClaimDocument.Name patient =
                sent.patient() != null
                        ? new ClaimDocument.Name(
                                "1",
                                sent.patient().name().last(),
                                sent.patient().name().first(),
                                null,
                                null,
                                "MI",
                                sent.subscriber().name().id())
                        : sent.subscriber().name();
        String originator = p.traceOriginator();
        String payerTaxId =
                originator != null && originator.matches("1\\d{9}")
                        ? originator.substring(1)
                        : "990000100";
        Instant due = now.plus(Duration.ofDays(days));
        schedule(
                due,
                "835",
                RemittanceWriter835.write(
                        new RemittanceWriter835.Remittance(
                                ClaimDocument.Name.organization(
                                        p.payer().name(), "XV", p.payer().id()),
                                null,
                                payerTaxId,
                                ClaimDocument.Name.organization(
                                        p.payee().name(), "XX", p.payee().id()),
                                null,
                                decided.paid().signum() > 0 ? "CHK" : "NON",
                                "SBX" + (++sequence),
                                day(due),
                                List.of(remit(decided, false, patient)),
                                List.of()),
                        envelope(now)));
    }

    /** The claim denied as a habit denies it: at claim level, or on the lines it names. */
    private static ClaimPayment deniedByHabit(ClaimPayment c, Habits.Denial h) {
        if (h.claimLevel()) {
            return new ClaimPayment(
                    c.index(),
                    c.patientControlNumber(),
                    "4",
                    c.charge(),
                    Money.ZERO,
                    Money.ZERO,
                    c.filingIndicator(),
                    c.payerClaimNumber(),
                    c.facilityType(),
                    c.frequency(),
                    c.serviceFrom(),
                    c.serviceTo(),
                    c.received(),
                    List.of(new Adjustment(h.group(), h.carc(), c.charge(), null)),
                    List.of(),
                    h.rarcs(),
                    c.originalPayerClaimNumber(),
                    c.segment(),
                    c.offset());
        }
        List<ServiceLine> lines = new ArrayList<>();
        long paid = 0;
        for (int i = 0; i < c.lines().size(); i++) {
            ServiceLine l = c.lines().get(i);
            if (h.lines().contains(i)) {
                l =
                        new ServiceLine(
                                l.index(),
                                l.procedureQualifier(),
                                l.procedure(),
                                l.modifiers(),
                                l.charge(),
                                Money.ZERO,
                                l.revenueCode(),
                                l.units(),
                                l.serviceFrom(),
                                l.serviceTo(),
                                null,
                                List.of(new Adjustment(h.group(), h.carc(), l.charge(), null)),
                                h.rarcs(),
                                l.controlNumber(),
                                l.segment());
            }
            paid += l.paid().cents();
            lines.add(l);
        }
        return new ClaimPayment(
                c.index(),
                c.patientControlNumber(),
                paid == 0 ? "4" : c.status(),
                c.charge(),
                new Money(paid),
                c.patientResponsibility(),
                c.filingIndicator(),
                c.payerClaimNumber(),
                c.facilityType(),
                c.frequency(),
                c.serviceFrom(),
                c.serviceTo(),
                c.received(),
                c.adjustments(),
                lines,
                c.remarks(),
                c.originalPayerClaimNumber(),
                c.segment(),
                c.offset());
    }

    /**
     * A 277 about the claim asked after: not found, paid or denied as adjudicated. A claim denied
     * as a duplicate (CARC 18) is denied (status 54, a duplicate of a claim already processed), and
     * when the payer paid the claim it duplicates ({@link Merits#original}), that claim is in the
     * answer too, in a claim status loop of its own: paid, with its payer claim number, amount and
     * payment date. A duplicate of a claim billed under other identifiers finds no other claim.
     */
    private void answerStatus(byte[] x12, Instant now) {
        String pcn = element(x12, "TRN", 2);
        ClaimDocument d = claims.get(pcn);
        ClaimPayment c = adjudicated.get(pcn);
        if (d == null) return;
        List<ClaimStatusResponseWriter.StatusAnswer> a = new ArrayList<>();
        if (c == null) {
            a.add(
                    new ClaimStatusResponseWriter.StatusAnswer(
                            "A4", "35", null, day(now), null, null, null));
        } else if (isDuplicate(pcn)) {
            a.add(
                    new ClaimStatusResponseWriter.StatusAnswer(
                            "F2", "54", null, day(now), c.payerClaimNumber(), c.paid(), day(now)));
            Merits.Original o = merits.original(pcn);
            if (o != null) {
                LocalDate on = o.paidOn() == null ? day(now) : o.paidOn();
                a.add(
                        new ClaimStatusResponseWriter.StatusAnswer(
                                "F1",
                                "65",
                                null,
                                on,
                                o.payerClaimNumber(),
                                new Money(o.paidCents()),
                                on));
            }
        } else {
            a.add(
                    c.paid().signum() > 0
                            ? new ClaimStatusResponseWriter.StatusAnswer(
                                    "F1",
                                    "65",
                                    null,
                                    day(now),
                                    c.payerClaimNumber(),
                                    c.paid(),
                                    day(now))
                            : new ClaimStatusResponseWriter.StatusAnswer(
                                    "F2",
                                    "65",
                                    null,
                                    day(now),
                                    c.payerClaimNumber(),
                                    Money.ZERO,
                                    day(now)));
        }
        schedule(
                now.plus(Duration.ofDays(2)),
                "277",
                ClaimStatusResponseWriter.write(
                        ClaimStatusInquiryWriter.StatusInquiry.of(
                                d, c == null ? null : c.payerClaimNumber()),
                        a,
                        envelope(now)));
    }

    /** Whether the payer denied one of these claims for coverage that was not in effect. */
    private boolean coverageEnded(List<String> pcns) {
        if (pcns == null) return false;
        for (String p : pcns) {
            Merits.Cause c = merits.cause(p);
            if (c != null && List.of("26", "27", "200").contains(c.carc())) return true;
        }
        return false;
    }

    private boolean isDuplicate(String pcn) {
        Merits.Cause c = merits.cause(pcn);
        return c != null && "18".equals(c.carc());
    }

    /**
     * A 271 on the merits: a member id the payer cannot match (a member-id cause) is not found; an
     * inquiry by the subscriber's name and date of birth finds the member id the payer knows; a
     * member whose coverage ended (CARC 26, 27, 200) is inactive; anyone else is active.
     */
    private void answerEligibility(byte[] x12, Instant now) {
        String trace = element(x12, "TRN", 2);
        String member = element(x12, "NM1", 9, "IL");
        String last = element(x12, "NM1", 3, "IL");
        String first = element(x12, "NM1", 4, "IL");
        String born = element(x12, "DMG", 2, "D8");
        List<String> ofMember = member == null ? null : pcnsByMember.get(member);
        String pcn = ofMember == null || ofMember.isEmpty() ? null : ofMember.get(0);
        String knownAs = null;
        if (pcn != null && merits.trueMemberId(pcn) != null) {
            pcn = null; // the id on the claim is not one the payer knows
        }
        if (pcn == null) {
            pcn = byNameAndBirth(last, first, born);
            knownAs = pcn == null ? null : merits.trueMemberId(pcn);
            if (knownAs == null) pcn = null;
        }
        ClaimDocument d = pcn == null ? anyOf(ofMember) : claims.get(pcn);
        if (d == null) return;
        LocalDate dos = d.lines().isEmpty() ? day(now) : d.lines().get(0).serviceFrom();
        Merits.Cause cause = pcn == null ? null : merits.cause(pcn);
        EligibilityResponseWriter.Coverage cov;
        if (pcn == null) {
            cov = EligibilityResponseWriter.Coverage.notFound();
        } else if ((cause != null && List.of("26", "27", "200").contains(cause.carc()))
                || coverageEnded(ofMember)) {
            cov =
                    EligibilityResponseWriter.Coverage.inactive(
                            "SIMULATED PLAN", dos.minusYears(2), dos.minusMonths(1));
        } else {
            cov =
                    new EligibilityResponseWriter.Coverage(
                            true, "SIMULATED PLAN", dos.minusYears(1), null, knownAs, null);
        }
        schedule(
                now.plus(Duration.ofDays(1)),
                "271",
                EligibilityResponseWriter.write(
                        EligibilityInquiryWriter.EligibilityInquiry.of(d, trace, dos),
                        cov,
                        envelope(now)));
    }

    /**
     * Pays in full with probability {@code full}, half with {@code partial}, else upholds: an 835
     * that reverses the payer's current adjudication of the claim and adjudicates it again.
     */
    private Decision decideAndPay(
            String pcn,
            String action,
            double full,
            double partial,
            Instant now,
            int minDays,
            int maxDays) {
        ClaimPayment c = adjudicated.get(pcn);
        Payment p = payments.get(pcn);
        if (c == null || p == null) return null;
        double r = draw(pcn, action);
        double share = r < full ? 1.0 : r < full + partial ? 0.5 : 0.0;
        ClaimPayment next = readjudicate(c, share);
        adjudicated.put(pcn, next);
        long days = minDays + (long) (draw(pcn, action + "|delay") * (maxDays - minDays));
        ClaimDocument doc = claims.get(pcn);
        ClaimDocument.Name patient =
                doc == null
                        ? ClaimDocument.Name.person("SIMULATED", "PATIENT", "MI", "UNKNOWN")
                        : doc.patient() != null
                                ? new ClaimDocument.Name(
                                        "1",
                                        doc.patient().name().last(),
                                        doc.patient().name().first(),
                                        null,
                                        null,
                                        "MI",
                                        doc.subscriber().name().id())
                                : doc.subscriber().name();
        RemittanceWriter835.RemitClaim reversal = remit(c, true, patient);
        RemittanceWriter835.RemitClaim corrected = remit(next, false, patient);
        String originator = p.traceOriginator();
        String payerTaxId =
                originator != null && originator.matches("1\\d{9}")
                        ? originator.substring(1)
                        : "990000100";
        RemittanceWriter835.Remittance remittance =
                new RemittanceWriter835.Remittance(
                        ClaimDocument.Name.organization(p.payer().name(), "XV", p.payer().id()),
                        null,
                        payerTaxId,
                        ClaimDocument.Name.organization(p.payee().name(), "XX", p.payee().id()),
                        null,
                        next.paid().minus(c.paid()).signum() > 0 ? "CHK" : "NON",
                        "SBX" + (++sequence),
                        day(now.plus(Duration.ofDays(days))),
                        List.of(reversal, corrected),
                        List.of());
        schedule(
                now.plus(Duration.ofDays(days)),
                "835",
                RemittanceWriter835.write(remittance, envelope(now)));
        // the decision is known a few days before its remittance arrives
        return new Decision(share, now.plus(Duration.ofDays(Math.max(1, days - 3))));
    }

    // ---------------------------------------------------------------- the SIMULATED portal
    // (SimulatedPortal)

    /**
     * An appeal (or, {@code level} 0, a reopening) filed through the portal: decided as a packet
     * would be.
     */
    synchronized PortalReceipt portalFiling(
            String key, String pcn, int level, String packetText, Instant now) {
        String known = caseByKey.get(key);
        // a key it took before is answered with its case (the contract's idempotency): the
        // sender's resend after a lost answer, not a second filing; kept apart from the filings
        receipts.add(
                new Receipt(
                        known != null ? REPEAT : "portal",
                        key,
                        level == 0 ? "portal-reopening" : "portal-appeal",
                        now));
        if (known != null) return PortalReceipt.accepted(known, true);
        if (!adjudicated.containsKey(pcn))
            return PortalReceipt.refused(null, "SIMULATED: no such claim");
        String action = nth(pcn, level == 0 ? "reopening" : "appeal" + level);
        // the packet's text (its enclosures are listed in it) or the reopening's correction
        Merits.Verdict v =
                level == 0
                        ? merits.judgeReopening(pcn, packetText)
                        : merits.judgeAppeal(
                                pcn, List.of(packetText), level, draw(pcn, action + "|error"));
        double pays = v != null && v.pays() ? 1.0 : 0.0;
        Decision d =
                level == 0
                        ? decideAndPay(pcn, action, pays, 0.0, now, 10, 30)
                        : decideAndPay(pcn, action, pays, 0.0, now, 15, 40);
        if (d == null)
            return PortalReceipt.refused(null, "SIMULATED: the claim has no payment on file");
        String id = "SBX-CASE-" + (++sequence);
        cases.put(id, new Case(pcn, d));
        caseByKey.put(key, id);
        // the service's keys begin with the denial's id (WorkContext's step keys): one denial's
        // filing at one level taken under two keys is the same appeal filed twice
        filedUnder
                .computeIfAbsent(
                        key.split(":", 2)[0] + "|" + pcn + "|" + level,
                        k -> new java.util.HashSet<>())
                .add(key);
        return PortalReceipt.accepted(id, false);
    }

    synchronized CaseStatus caseStatus(String caseId, Instant now) {
        Case c = cases.get(caseId);
        if (c == null)
            return new CaseStatus(
                    caseId, CaseStatus.State.UNKNOWN, null, null, "case not found", null);
        if (now.isBefore(c.decision().decidedAt())) {
            return new CaseStatus(
                    caseId, CaseStatus.State.IN_REVIEW, "in review", null, null, null);
        }
        LocalDate on = day(c.decision().decidedAt());
        double share = c.decision().share();
        if (share <= 0) {
            return new CaseStatus(
                    caseId,
                    CaseStatus.State.UPHELD,
                    "upheld",
                    null,
                    "SIMULATED: the payer keeps its decision",
                    on);
        }
        ClaimPayment claim = adjudicated.get(c.pcn());
        return new CaseStatus(
                caseId,
                share >= 1 ? CaseStatus.State.OVERTURNED : CaseStatus.State.PARTIALLY_OVERTURNED,
                share >= 1 ? "overturned" : "partially overturned",
                claim == null ? null : claim.paid(),
                null,
                on);
    }

    /** The claim as the 277 would tell it (paid, or denied), or not found. */
    synchronized ClaimStatusAnswer portalClaimStatus(String payerClaimNumber, Instant now) {
        String pcn = pcnByPayerClaimNumber.get(payerClaimNumber);
        ClaimPayment c = pcn == null ? null : adjudicated.get(pcn);
        if (c == null)
            return new ClaimStatusAnswer(
                    payerClaimNumber, ClaimStatusAnswer.Category.NOT_FOUND, "A4", null, null);
        // a claim denied as a duplicate is denied: the claim it duplicates has its own number
        boolean paid = c.paid().signum() > 0 && !isDuplicate(pcn);
        return paid
                ? new ClaimStatusAnswer(
                        payerClaimNumber, ClaimStatusAnswer.Category.PAID, "F1", c.paid(), null)
                : new ClaimStatusAnswer(
                        payerClaimNumber,
                        ClaimStatusAnswer.Category.DENIED,
                        "F2",
                        Money.ZERO,
                        null);
    }

    /**
     * An authorization the payer has on file for one of the member's claims denied for lack of one:
     * a seeded half of those (the records folder holds another half, independently drawn).
     */
    synchronized Optional<AuthorizationRecord> portalAuthorization(
            String memberId, String procedure, LocalDate serviceDate) {
        for (String pcn : pcnsByMember.getOrDefault(memberId, List.of())) {
            ClaimDocument d = claims.get(pcn);
            if (d == null || !merits.authorizationOnPortal(pcn)) continue;
            for (ClaimDocument.Line l : d.lines()) {
                if (l.procedure().equals(procedure) && l.serviceFrom().equals(serviceDate)) {
                    return Optional.of(
                            new AuthorizationRecord(
                                    merits.cause(pcn).value(),
                                    memberId,
                                    procedure,
                                    serviceDate.minusDays(10),
                                    serviceDate.plusDays(30)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The claim with the given share of its workable (non-contractual, non-patient) adjustments
     * paid.
     */
    private ClaimPayment readjudicate(ClaimPayment c, double share) {
        long extra = 0;
        List<Adjustment> claimAdj = new ArrayList<>();
        for (Adjustment a : c.adjustments()) {
            long pay = payerRule.workable(a) ? Math.round(a.amount().cents() * share) : 0;
            extra += pay;
            if (a.amount().cents() - pay != 0)
                claimAdj.add(
                        new Adjustment(
                                a.group(),
                                a.carc(),
                                new Money(a.amount().cents() - pay),
                                a.quantity()));
        }
        List<ServiceLine> lines = new ArrayList<>();
        for (ServiceLine l : c.lines()) {
            long linePay = 0;
            List<Adjustment> adj = new ArrayList<>();
            for (Adjustment a : l.adjustments()) {
                long pay = payerRule.workable(a) ? Math.round(a.amount().cents() * share) : 0;
                linePay += pay;
                if (a.amount().cents() - pay != 0)
                    adj.add(
                            new Adjustment(
                                    a.group(),
                                    a.carc(),
                                    new Money(a.amount().cents() - pay),
                                    a.quantity()));
            }
            extra += linePay;
            lines.add(
                    new ServiceLine(
                            l.index(),
                            l.procedureQualifier(),
                            l.procedure(),
                            l.modifiers(),
                            l.charge(),
                            new Money(l.paid().cents() + linePay),
                            l.revenueCode(),
                            l.units(),
                            l.serviceFrom(),
                            l.serviceTo(),
                            l.allowed(),
                            adj,
                            linePay > 0 ? List.of() : l.rarcs(),
                            l.controlNumber(),
                            l.segment()));
        }
        String status = "4".equals(c.status()) && extra > 0 ? "1" : c.status();
        return new ClaimPayment(
                c.index(),
                c.patientControlNumber(),
                status,
                c.charge(),
                new Money(c.paid().cents() + extra),
                c.patientResponsibility(),
                c.filingIndicator(),
                c.payerClaimNumber(),
                c.facilityType(),
                c.frequency(),
                c.serviceFrom(),
                c.serviceTo(),
                c.received(),
                claimAdj,
                lines,
                extra > 0 ? List.of() : c.remarks(),
                c.originalPayerClaimNumber(),
                c.segment(),
                c.offset());
    }

    private static RemittanceWriter835.RemitClaim remit(
            ClaimPayment c, boolean reversal, ClaimDocument.Name patient) {
        int sign = reversal ? -1 : 1;
        List<RemittanceWriter835.RemitLine> lines = new ArrayList<>();
        for (ServiceLine l : c.lines()) {
            lines.add(
                    new RemittanceWriter835.RemitLine(
                            l.procedureQualifier() == null ? "HC" : l.procedureQualifier(),
                            l.procedure(),
                            l.modifiers(),
                            times(l.charge(), sign),
                            times(l.paid(), sign),
                            l.units(),
                            l.serviceFrom(),
                            l.controlNumber(),
                            null,
                            negate(l.adjustments(), sign),
                            reversal ? List.of() : l.rarcs()));
        }
        return new RemittanceWriter835.RemitClaim(
                c.patientControlNumber(),
                reversal ? "22" : c.status(),
                times(c.charge(), sign),
                times(c.paid(), sign),
                c.patientResponsibility() == null ? null : times(c.patientResponsibility(), sign),
                c.filingIndicator(),
                c.payerClaimNumber(),
                c.facilityType(),
                c.frequency(),
                patient,
                null,
                c.serviceFrom(),
                c.serviceTo(),
                negate(c.adjustments(), sign),
                reversal ? List.of() : c.remarks(),
                lines);
    }

    private static Money times(Money m, int sign) {
        return sign < 0 ? m.negate() : m;
    }

    private static List<Adjustment> negate(List<Adjustment> list, int sign) {
        if (sign > 0) return list;
        List<Adjustment> out = new ArrayList<>();
        for (Adjustment a : list)
            out.add(new Adjustment(a.group(), a.carc(), a.amount().negate(), a.quantity()));
        return out;
    }

    private void schedule(Instant due, String type, byte[] bytes) {
        long n = ++sequence;
        answers.add(new Answer(due, n, String.format("sandbox-%08d-%s.x12", n, type), bytes));
    }

    private Envelope envelope(Instant now) {
        long c = ++control;
        return new Envelope(
                "ZZ",
                "SANDBOXPAYER",
                "ZZ",
                "RECLAIM",
                "SANDBOXPAYER",
                "RECLAIM",
                Envelope.Usage.TEST,
                c,
                c,
                c,
                LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    private static LocalDate day(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC);
    }

    /**
     * The action as the n-th of its kind for this claim ({@code appeal1|2}: the claim's second
     * first-level appeal): what a draw is keyed by, instead of the submission's idempotency key,
     * which is made of random ids; the denials of a claim take turns, so the count is the same in
     * every run.
     */
    private String nth(String pcn, String action) {
        return action + "|" + asked.merge(pcn + "|" + action, 1, Integer::sum);
    }

    /** A seeded draw in [0, 1) for this claim and action: the same seed always decides the same. */
    private double draw(String pcn, String action) {
        long h = seed;
        for (char ch : (pcn + "|" + action).toCharArray()) h = h * 31 + ch;
        return new SplittableRandom(h).nextDouble();
    }

    // ---------------------------------------------------------------- reading what the service
    // sent

    private ClaimDocument anyOf(List<String> pcns) {
        return pcns == null || pcns.isEmpty() ? null : claims.get(pcns.get(0));
    }

    /**
     * The claim of a member with a member-id cause, found by the subscriber's name and birth date.
     */
    private String byNameAndBirth(String last, String first, String born) {
        if (last == null || born == null) return null;
        for (Merits.Cause c : merits.causes()) {
            if (merits.trueMemberId(c.pcn()) == null) continue;
            ClaimDocument d = claims.get(c.pcn());
            ClaimDocument.Subscriber s = d == null ? null : d.subscriber();
            if (s == null || s.name() == null || s.birthDate() == null) continue;
            if (last.equalsIgnoreCase(s.name().last())
                    && (first == null
                            || first.isEmpty()
                            || first.equalsIgnoreCase(s.name().first()))
                    && born.equals(
                            s.birthDate()
                                    .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE))) {
                return c.pcn();
            }
        }
        return null;
    }

    /**
     * Element {@code n} of the first segment {@code id} (whose first element is {@code first}, when
     * given).
     */
    private static String element(byte[] x12, String id, int n, String... first) {
        String text = new String(x12, StandardCharsets.ISO_8859_1);
        char sep = text.charAt(3);
        char term = text.charAt(105);
        for (String seg : text.split(java.util.regex.Pattern.quote(String.valueOf(term)))) {
            String[] e = seg.strip().split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
            if (e[0].equals(id) && (first.length == 0 || (e.length > 1 && e[1].equals(first[0])))) {
                return e.length > n ? e[n] : null;
            }
        }
        return null;
    }
}
