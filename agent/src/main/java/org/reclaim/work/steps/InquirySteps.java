package org.reclaim.work.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.reclaim.connector.ConnectorException;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.payer.ClaimStatusAnswer;
import org.reclaim.connector.payer.PayerPortal;
import org.reclaim.connector.records.RecordFact;
import org.reclaim.core.Ids;
import org.reclaim.denial.DenialStatus;
import org.reclaim.partner.Submissions;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.StepKind;
import org.reclaim.work.ClaimOnFile;
import org.reclaim.work.StepExecutor;
import org.reclaim.work.StepResult;
import org.reclaim.x12.write.ClaimStatusInquiryWriter;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The inquiry steps: a 276 or 270 goes out through the clearinghouse, the step waits (a durable
 * timer) and reads the 277 or 271 that came back (ingested like any file and found by the claim's
 * patient control number or the inquiry's trace number), asking again up to {@code attempts} times.
 * Where the payer has a portal configured for the practice (and the step's {@code channel} allows
 * it), the claim status comes from the portal's status call instead, and the follow-up of an appeal
 * or reopening filed through the portal asks the portal about its case; when the portal cannot be
 * reached, or does not know the answer, the 276/277 way is taken.
 */
final class InquirySteps {

    private static final Logger log = LoggerFactory.getLogger(InquirySteps.class);

    private InquirySteps() {}

    abstract static class Inquiry implements StepExecutor {
        final DatabaseClient db;
        final ClaimOnFile claims;
        final Outgoing outgoing;
        final Submissions submissions;
        final org.reclaim.partner.ConnectorSettings clearinghouses;

        Inquiry(
                DatabaseClient db,
                ClaimOnFile claims,
                Outgoing outgoing,
                Submissions submissions,
                org.reclaim.partner.ConnectorSettings clearinghouses) {
            this.db = db;
            this.claims = claims;
            this.outgoing = outgoing;
            this.submissions = submissions;
            this.clearinghouses = clearinghouses;
        }

        abstract String type();

        abstract byte[] write(
                Step s,
                org.reclaim.x12.claim.ClaimDocument doc,
                org.reclaim.x12.write.Envelope env,
                String trace,
                Map<String, String> prepared);

        /**
         * What the inquiry is asked with beyond the claim, found before it is written; kept in the
         * step's context (a null value clears a key) and given to {@link #write}. None by default.
         */
        Mono<Map<String, String>> prepare(Step s) {
            return Mono.just(Map.of());
        }

        /** How the step log describes what {@link #prepare} found; empty by default. */
        String sentNote(Map<String, String> prepared) {
            return "";
        }

        /**
         * The answer to the inquiry first sent as {@code after}, or empty while there is none. An
         * inquiry asked again keeps its first marker, and {@code traces} lists the trace numbers of
         * every attempt so far: an answer to an earlier attempt that arrives after the inquiry was
         * sent again (a payer that answers a day late) is an answer all the same.
         */
        abstract Mono<StepResult> answer(Step s, UUID after, List<String> traces);

        /** The trace number of attempt {@code n} (1-based) of this step's inquiry. */
        static String trace(Step s, int n) {
            return s.item().denialId().toString().replace("-", "").substring(0, 20) + n;
        }

        static List<String> traces(Step s, int asked) {
            List<String> out = new java.util.ArrayList<>();
            for (int n = 1; n <= Math.max(1, asked); n++) out.add(trace(s, n));
            return out;
        }

        Duration defaultWait() {
            return Duration.ofDays(7);
        }

        @Override
        public Mono<StepResult> run(Step s) {
            if (s.item().status() == DenialStatus.UPHELD) {
                return Mono.just(
                        StepResult.outcome(Playbook.Outcome.UPHELD, "the payer upheld the denial"));
            }
            String prefix = type() + "." + s.step().id();
            String sent = s.item().context().get(prefix + ".sent");
            Duration wait = s.step().waitTime() == null ? defaultWait() : s.step().waitTime();
            int attempts =
                    s.step().parameters().get("attempts") == null
                            ? 1
                            : (Integer) s.step().parameters().get("attempts");
            int asked =
                    s.item().context().get(prefix + ".asked") == null
                            ? 0
                            : Integer.parseInt(s.item().context().get(prefix + ".asked"));
            if (sent != null) {
                UUID after = UUID.fromString(sent);
                return answer(s, after, traces(s, asked))
                        .switchIfEmpty(
                                Mono.defer(
                                        () -> {
                                            Instant due =
                                                    Instant.parse(
                                                            s.item()
                                                                    .context()
                                                                    .get(prefix + ".due"));
                                            if (s.now().isBefore(due))
                                                return Mono.just(
                                                        StepResult.waitUntil(
                                                                due,
                                                                "waiting for the " + answerType()));
                                            if (asked < attempts)
                                                return send(s, prefix, wait, asked);
                                            Map<String, String> clear = new HashMap<>();
                                            clear.put(prefix + ".sent", null);
                                            clear.put(prefix + ".asked", null);
                                            String unanswered = unansweredReason(s, asked);
                                            if (unanswered != null)
                                                clear.put("escalate.reason", unanswered);
                                            return Mono.just(
                                                    StepResult.outcome(
                                                                    Playbook.Outcome.NO_RESPONSE,
                                                                    "no "
                                                                            + answerType()
                                                                            + " after "
                                                                            + asked
                                                                            + " inquiry(ies)")
                                                            .withContext(clear));
                                        }));
            }
            return send(s, prefix, wait, asked);
        }

        /**
         * What a person does when the inquiry went unanswered, for the escalation that follows;
         * null when the playbook goes on some other way (none by default).
         */
        String unansweredReason(Step s, int asked) {
            return null;
        }

        String answerType() {
            return type().equals("276") ? "277" : "271";
        }

        /** The inquiry as a person calls it. */
        String inquiryName() {
            return type().equals("276") ? "276 claim status inquiry" : "270 eligibility inquiry";
        }

        private Mono<StepResult> send(Step s, String prefix, Duration wait, int asked) {
            return prepare(s).flatMap(prepared -> send(s, prefix, wait, asked, prepared));
        }

        private Mono<StepResult> send(
                Step s, String prefix, Duration wait, int asked, Map<String, String> prepared) {
            // asked again: the first marker stays, so that a late answer to the first still counts
            String first = s.item().context().get(prefix + ".sent");
            UUID marker = asked > 0 && first != null ? UUID.fromString(first) : Ids.next();
            String trace = trace(s, asked + 1);
            String key = s.key(type() + ":" + (asked + 1));
            // the bytes of this attempt are built once and kept with its key: a run again after a
            // crash sends exactly them (the clearinghouse refuses a key used for other content)
            return clearinghouses
                    .clearinghouse(s.item().practiceId())
                    .flatMap(
                            ch ->
                                    claims.of(s.item())
                                            .flatMap(
                                                    doc ->
                                                            submissions.offerFile(
                                                                    s.item().practiceId(),
                                                                    s.item().denialId(),
                                                                    key,
                                                                    "clearinghouse",
                                                                    type(),
                                                                    outgoing.envelope(
                                                                                    s.item()
                                                                                            .practiceId(),
                                                                                    s.now())
                                                                            .map(
                                                                                    env ->
                                                                                            new Submissions
                                                                                                    .Built(
                                                                                                    Outgoing
                                                                                                            .icn(
                                                                                                                    env),
                                                                                                    write(
                                                                                                            s,
                                                                                                            doc,
                                                                                                            env,
                                                                                                            trace,
                                                                                                            prepared),
                                                                                                    null)),
                                                                    file ->
                                                                            Answers.of(
                                                                                    ch.submit(
                                                                                            new OutgoingFile(
                                                                                                    s.item()
                                                                                                            .practiceSlug(),
                                                                                                    key,
                                                                                                    type(),
                                                                                                    file
                                                                                                            .controlNumber(),
                                                                                                    file
                                                                                                            .bytes(),
                                                                                                    file
                                                                                                            .builtAt()))))))
                    .map(
                            answer ->
                                    Answers.result(
                                            answer,
                                            StepResult.Partner.CLEARINGHOUSE,
                                            inquiryName(),
                                            receipt -> {
                                                Instant due = s.now().plus(wait);
                                                Map<String, String> c = new HashMap<>();
                                                // what prepare found is kept, but for what only
                                                // the writing needed ("_" keys)
                                                prepared.forEach(
                                                        (k, v) -> {
                                                            if (!k.startsWith("_")) c.put(k, v);
                                                        });
                                                c.put(prefix + ".sent", marker.toString());
                                                c.put(prefix + ".trace", trace);
                                                c.put(prefix + ".due", due.toString());
                                                c.put(prefix + ".asked", String.valueOf(asked + 1));
                                                return StepResult.waitUntil(
                                                                due,
                                                                type()
                                                                        + " sent ("
                                                                        + (asked + 1)
                                                                        + ")"
                                                                        + sentNote(prepared))
                                                        .withContext(c);
                                            }))
                    .switchIfEmpty(
                            Mono.fromSupplier(
                                    () ->
                                            StepResult.done("no claim on file for the inquiry")
                                                    .reviewing(
                                                            "the "
                                                                    + type()
                                                                    + " inquiry needs the original claim: attach it (action ATTACH, kind "
                                                                    + "original-claim)")));
        }
    }

    /** CHECK_CLAIM_STATUS and FOLLOW_UP: the payer's portal, or 276 out, 277 in. */
    abstract static class ClaimStatus extends Inquiry {
        final Portals portals;

        ClaimStatus(
                DatabaseClient db,
                ClaimOnFile claims,
                Outgoing outgoing,
                Submissions submissions,
                org.reclaim.partner.ConnectorSettings clearinghouses,
                Portals portals) {
            super(db, claims, outgoing, submissions, clearinghouses);
            this.portals = portals;
        }

        /**
         * The step's outcome for the portal's answer; null when it tells nothing (ask by 276
         * instead).
         */
        abstract Playbook.Outcome outcome(ClaimStatusAnswer.Category category);

        /**
         * Whether the step asks about the claim a duplicate denial duplicates: a 276 about the
         * denied claim, whose 277 lists every claim the payer found (a portal's status call by the
         * payer claim number tells only about the claim denied).
         */
        boolean searchesOriginal(Step s) {
            return false;
        }

        @Override
        public Mono<StepResult> run(Step s) {
            // upheld meanwhile, or a 276 already out (its 277 is awaited): the 276/277 way goes on
            if (s.item().status() == DenialStatus.UPHELD
                    || s.item().payerClaimNumber() == null
                    || searchesOriginal(s)
                    || s.item().context().get(type() + "." + s.step().id() + ".sent") != null) {
                return super.run(s);
            }
            return portals.forStep(s)
                    .flatMap(p -> p.isEmpty() ? super.run(s) : byPortal(s, p.get()));
        }

        Mono<StepResult> byPortal(Step s, PayerPortal portal) {
            return portals.call(() -> portal.claimStatus(s.item().payerClaimNumber()))
                    .flatMap(
                            a -> {
                                Playbook.Outcome o = outcome(a.category());
                                if (o == null) return super.run(s);
                                return Mono.just(
                                        StepResult.outcome(
                                                        o,
                                                        "the payer's portal says "
                                                                + Portals.said(a))
                                                .withContext(
                                                        Map.of(
                                                                "claimStatus",
                                                                "portal:" + a.category().name())));
                            })
                    .onErrorResume(
                            ConnectorException.class,
                            e -> {
                                log.info(
                                        "the payer's portal gave no claim status for denial {} ({}): asking by 276",
                                        s.item().denialId(),
                                        e.kind());
                                return super.run(s);
                            });
        }

        @Override
        String type() {
            return "276";
        }

        @Override
        byte[] write(
                Step s,
                org.reclaim.x12.claim.ClaimDocument doc,
                org.reclaim.x12.write.Envelope env,
                String trace,
                Map<String, String> prepared) {
            return ClaimStatusInquiryWriter.write(
                    ClaimStatusInquiryWriter.StatusInquiry.of(doc, s.item().payerClaimNumber()),
                    env);
        }

        abstract Playbook.Outcome outcome(String category);

        @Override
        Mono<StepResult> answer(Step s, UUID after, List<String> traces) {
            return db.sql(
                            """
                            SELECT i.code, i.status FROM acknowledgment_item i
                            JOIN acknowledgment a ON a.id = i.acknowledgment_id
                            WHERE i.practice_id = :p AND a.type = '277' AND i.kind = 'claim'
                              AND i.patient_control_number = :pcn AND i.id > :after
                            ORDER BY i.id DESC LIMIT 1""")
                    .bind("p", s.item().practiceId())
                    .bind("pcn", s.item().patientControlNumber())
                    .bind("after", after)
                    .map(r -> r.get("code", String.class) + ":" + r.get("status", String.class))
                    .one()
                    .map(
                            code -> {
                                String category = code.substring(0, code.indexOf(':'));
                                Map<String, String> clear = new HashMap<>();
                                clear.put("276." + s.step().id() + ".sent", null);
                                clear.put("276." + s.step().id() + ".asked", null);
                                clear.put("claimStatus", code);
                                return StepResult.outcome(outcome(category), "277 says " + code)
                                        .withContext(clear);
                            });
        }
    }

    @Component
    static class CheckClaimStatus extends ClaimStatus {
        CheckClaimStatus(
                DatabaseClient db,
                ClaimOnFile claims,
                Outgoing outgoing,
                Submissions submissions,
                org.reclaim.partner.ConnectorSettings clearinghouses,
                Portals portals) {
            super(db, claims, outgoing, submissions, clearinghouses, portals);
        }

        /**
         * As the 277 categories below: paid; rejected or unknown to the payer; anything else known.
         */
        @Override
        Playbook.Outcome outcome(ClaimStatusAnswer.Category category) {
            return switch (category) {
                case PAID -> Playbook.Outcome.PAID;
                case REJECTED, NOT_FOUND -> Playbook.Outcome.NOT_FOUND;
                case UNKNOWN -> null;
                default -> Playbook.Outcome.DONE;
            };
        }

        @Override
        public StepKind kind() {
            return StepKind.CHECK_CLAIM_STATUS;
        }

        /** A denial as a duplicate (CO-18 and kin): the payer is asked for the original. */
        @Override
        boolean searchesOriginal(Step s) {
            return "DUPLICATE".equals(s.item().category());
        }

        @Override
        Mono<StepResult> answer(Step s, UUID after, List<String> traces) {
            return searchesOriginal(s) ? original(s, after) : super.answer(s, after, traces);
        }

        @Override
        String unansweredReason(Step s, int asked) {
            return searchesOriginal(s)
                    ? "duplicate, the payer did not answer "
                            + asked
                            + " claim status inquiries: ask the payer (phone or portal) which"
                            + " claim this one duplicates and whether it was paid"
                    : null;
        }

        /** One claim a 277 reported on. */
        record Found(
                String code,
                String status,
                String payerClaimNumber,
                java.time.LocalDate statusDate,
                java.math.BigDecimal paid,
                java.time.LocalDate paidOn) {
            boolean paidClaim() {
                return "F1".equals(code) || "F3".equals(code);
            }

            boolean finalized() {
                return code != null && code.startsWith("F");
            }
        }

        /**
         * The newest 277 about the denied claim, read for the claim it duplicates: another claim
         * the payer found (a claim status of its own, with another payer claim number) paid: the
         * denial is a true duplicate and is closed with that evidence (nothing is owed, nothing is
         * written off); denied or not paid: a person works that claim's denial; none: a person
         * looks for the claim the payer took it to duplicate. Each way the step says what it saw.
         */
        private Mono<StepResult> original(Step s, UUID after) {
            String own = s.item().payerClaimNumber();
            String pcn = s.item().patientControlNumber();
            return db.sql(
                            """
                            SELECT i.code, i.status, i.payer_claim_number, i.status_date, i.paid,
                                   i.paid_on
                            FROM acknowledgment_item i
                            WHERE i.acknowledgment_id = (
                                SELECT a.id FROM acknowledgment_item x
                                JOIN acknowledgment a ON a.id = x.acknowledgment_id
                                WHERE x.practice_id = :p AND a.type = '277' AND x.kind = 'claim'
                                  AND x.patient_control_number = :pcn AND x.id > :after
                                ORDER BY x.id DESC LIMIT 1)
                              AND i.kind = 'claim' AND i.patient_control_number = :pcn
                            ORDER BY i.id""")
                    .bind("p", s.item().practiceId())
                    .bind("pcn", pcn)
                    .bind("after", after)
                    .map(
                            r ->
                                    new Found(
                                            r.get("code", String.class),
                                            r.get("status", String.class),
                                            r.get("payer_claim_number", String.class),
                                            r.get("status_date", java.time.LocalDate.class),
                                            r.get("paid", java.math.BigDecimal.class),
                                            r.get("paid_on", java.time.LocalDate.class)))
                    .all()
                    .collectList()
                    .filter(l -> !l.isEmpty())
                    .map(found -> judgeOriginal(s, own, pcn, found));
        }

        private static StepResult judgeOriginal(Step s, String own, String pcn, List<Found> found) {
            Map<String, String> context = new HashMap<>();
            context.put("276." + s.step().id() + ".sent", null);
            context.put("276." + s.step().id() + ".asked", null);
            List<Found> others =
                    found.stream()
                            .filter(
                                    f ->
                                            f.payerClaimNumber() != null
                                                    && !f.payerClaimNumber().equals(own))
                            .toList();
            Found paid = others.stream().filter(Found::paidClaim).findFirst().orElse(null);
            if (paid != null) {
                String amount =
                        paid.paid() == null
                                ? "an amount not given"
                                : "$" + paid.paid().toPlainString();
                java.time.LocalDate on = paid.paidOn() != null ? paid.paidOn() : paid.statusDate();
                String why =
                        "a true duplicate: the payer's 277 shows claim "
                                + pcn
                                + " paid as "
                                + paid.payerClaimNumber()
                                + " on "
                                + on
                                + ", "
                                + amount
                                + "; nothing is owed for the duplicate";
                context.put("claimStatus", paid.code() + ":" + paid.status());
                context.put(
                        "draft.evidence",
                        "277 claim status: claim "
                                + pcn
                                + ", payer claim number "
                                + paid.payerClaimNumber()
                                + ", paid "
                                + on
                                + ", "
                                + amount);
                return StepResult.outcome(Playbook.Outcome.PAID, "277 says the original is paid")
                        .withContext(context)
                        .moving(DenialStatus.CLOSED, why);
            }
            Found other = others.isEmpty() ? null : others.get(0);
            if (other != null) {
                context.put("claimStatus", other.code() + ":" + other.status());
                context.put(
                        "escalate.reason",
                        "the claim this one duplicates, payer claim number "
                                + other.payerClaimNumber()
                                + ", is "
                                + (other.finalized() ? "denied or not paid" : "still pending")
                                + " (277 "
                                + other.code()
                                + ":"
                                + other.status()
                                + "): work that claim's denial (correct it as a replacement of "
                                + other.payerClaimNumber()
                                + ", or appeal it), then close this duplicate");
                return StepResult.outcome(
                                Playbook.Outcome.DONE, "277 says the original is not paid")
                        .withContext(context);
            }
            Found self = found.get(0);
            context.put("claimStatus", self.code() + ":" + self.status());
            context.put(
                    "escalate.reason",
                    "duplicate with no original found: the payer's 277 lists no other claim for"
                            + " this patient, service date and charge; find the claim it"
                            + " duplicates in the practice-management system (billed under another"
                            + " account or member id), or, if none was paid, ask the payer to"
                            + " reprocess this claim");
            return StepResult.outcome(Playbook.Outcome.NOT_FOUND, "277 finds no other claim")
                    .withContext(context);
        }

        /**
         * F1/F3 paid; A4 (and the rejection categories) not found; anything else: status known, go
         * on.
         */
        @Override
        Playbook.Outcome outcome(String category) {
            return switch (category) {
                case "F1", "F3" -> Playbook.Outcome.PAID;
                case "A4", "A3", "A6", "A7", "A8" -> Playbook.Outcome.NOT_FOUND;
                default -> Playbook.Outcome.DONE;
            };
        }
    }

    @Component
    static class FollowUp extends ClaimStatus {
        FollowUp(
                DatabaseClient db,
                ClaimOnFile claims,
                Outgoing outgoing,
                Submissions submissions,
                org.reclaim.partner.ConnectorSettings clearinghouses,
                Portals portals) {
            super(db, claims, outgoing, submissions, clearinghouses, portals);
        }

        /**
         * As the 277 categories below: finalized; rejected or unknown to the payer; still pending.
         */
        @Override
        Playbook.Outcome outcome(ClaimStatusAnswer.Category category) {
            return switch (category) {
                case PAID, DENIED, NO_PAYMENT -> Playbook.Outcome.DONE;
                case REJECTED, NOT_FOUND -> Playbook.Outcome.REJECTED;
                case RECEIVED, PENDING, INFORMATION_REQUESTED -> Playbook.Outcome.NO_RESPONSE;
                case UNKNOWN -> null;
            };
        }

        /** An appeal or reopening filed through the portal: its case is followed there. */
        @Override
        public Mono<StepResult> run(Step s) {
            String caseId = s.item().context().get(Portals.CASE);
            if (caseId == null || s.item().status() == DenialStatus.UPHELD) return super.run(s);
            return portals.forStep(s)
                    .flatMap(p -> p.isEmpty() ? super.run(s) : followCase(s, p.get(), caseId));
        }

        /**
         * Asks the portal about the case: upheld, dismissed or more information wanted end the wait
         * (see {@link Portals#ending}); decided for the practice: DONE (the remittance brings the
         * payment); still open or no answer: asked again after {@code wait}, up to {@code attempts}
         * times, then NO_RESPONSE.
         */
        private Mono<StepResult> followCase(Step s, PayerPortal portal, String caseId) {
            String prefix = "case." + s.step().id();
            String due = s.item().context().get(prefix + ".due");
            if (due != null && s.now().isBefore(Instant.parse(due))) {
                return Mono.just(
                        StepResult.waitUntil(
                                Instant.parse(due), "waiting to ask the payer's portal again"));
            }
            Map<String, String> clear = new HashMap<>();
            clear.put(prefix + ".asked", null);
            clear.put(prefix + ".due", null);
            return portals.call(() -> portal.appealStatus(caseId))
                    .map(
                            c ->
                                    Portals.ending(s, c, clear)
                                            .orElseGet(
                                                    () -> {
                                                        String said =
                                                                "the payer's portal says "
                                                                        + Portals.said(
                                                                                c.state(),
                                                                                c.payerStatus())
                                                                        + " for case "
                                                                        + c.caseId();
                                                        if (c.state().decided()) {
                                                            Map<String, String> decided =
                                                                    new HashMap<>(clear);
                                                            decided.put(
                                                                    Portals.DECISION,
                                                                    c.state().name());
                                                            return StepResult.done(
                                                                            said
                                                                                    + "; the remittance brings the payment")
                                                                    .withContext(decided);
                                                        }
                                                        return askAgain(s, prefix, clear, said);
                                                    }))
                    .onErrorResume(
                            ConnectorException.class,
                            e ->
                                    Mono.just(
                                            askAgain(
                                                    s,
                                                    prefix,
                                                    clear,
                                                    "the payer's portal could not be reached ("
                                                            + e.kind()
                                                            + ")")));
        }

        private StepResult askAgain(Step s, String prefix, Map<String, String> clear, String said) {
            Duration wait = s.step().waitTime() == null ? defaultWait() : s.step().waitTime();
            int attempts =
                    s.step().parameters().get("attempts") == null
                            ? 1
                            : (Integer) s.step().parameters().get("attempts");
            String before = s.item().context().get(prefix + ".asked");
            int asked = (before == null ? 0 : Integer.parseInt(before)) + 1;
            if (asked < attempts) {
                Instant next = s.now().plus(wait);
                return StepResult.waitUntil(
                                next, said + "; asking again (" + asked + " of " + attempts + ")")
                        .withContext(
                                Map.of(
                                        prefix + ".asked",
                                        String.valueOf(asked),
                                        prefix + ".due",
                                        next.toString()));
            }
            return StepResult.outcome(
                            Playbook.Outcome.NO_RESPONSE, said + " after " + asked + " look(s)")
                    .withContext(clear);
        }

        @Override
        public StepKind kind() {
            return StepKind.FOLLOW_UP;
        }

        @Override
        Duration defaultWait() {
            return Duration.ofDays(14);
        }

        /**
         * Finalized (paid or not): the remittance will tell; pending: ask again; unknown to the
         * payer: rejected.
         */
        @Override
        Playbook.Outcome outcome(String category) {
            if (category.startsWith("F")) return Playbook.Outcome.DONE;
            if (category.equals("A4")
                    || category.equals("A3")
                    || category.startsWith("A6")
                    || category.equals("A7")
                    || category.equals("A8")) {
                return Playbook.Outcome.REJECTED;
            }
            return Playbook.Outcome.NO_RESPONSE;
        }
    }

    /**
     * VERIFY_ELIGIBILITY: 270 out, 271 in; active coverage → the member id it names, none →
     * NOT_FOUND.
     *
     * <p>Eligibility discovery: when the denial questions who the member is ({@link
     * DocumentFacts#questionsTheMember}: CARC 31 or 140, or a remark such as MA27, MA61, N382), the
     * member id the payer did not accept is not asked about again. The 270 asks by the subscriber's
     * name and date of birth, with the member id the practice's documents state when they agree on
     * one (a candidate, read by {@link DocumentFacts}); the claim's date of birth, else the
     * documents'. The member id then used is the one the 271 returns: a records fact is never used
     * unless the 271 confirms it, and a 271 that finds no coverage leaves the claim as it was.
     */
    @Component
    static class VerifyEligibility extends Inquiry {

        static final String SEARCH = "_search";
        static final String CANDIDATE = "eligibility.candidate";
        static final String CANDIDATE_SOURCE = "eligibility.candidate.source";
        static final String BIRTH_DATE = "_birthDate";
        static final String BIRTH_DATE_SOURCE = "_birthDate.source";
        static final String UNREAD = "_unread";
        static final String SOURCE = "eligibleMemberId.source";

        private final DocumentFacts documents;

        VerifyEligibility(
                DatabaseClient db,
                ClaimOnFile claims,
                Outgoing outgoing,
                Submissions submissions,
                org.reclaim.partner.ConnectorSettings clearinghouses,
                DocumentFacts documents) {
            super(db, claims, outgoing, submissions, clearinghouses);
            this.documents = documents;
        }

        @Override
        public StepKind kind() {
            return StepKind.VERIFY_ELIGIBILITY;
        }

        @Override
        Duration defaultWait() {
            return Duration.ofDays(2);
        }

        @Override
        String type() {
            return "270";
        }

        @Override
        Mono<Map<String, String>> prepare(Step s) {
            if (!DocumentFacts.questionsTheMember(s.item())) return Mono.just(Map.of());
            return documents
                    .of(s.item())
                    .map(
                            found -> {
                                Map<String, String> c = new HashMap<>();
                                Optional<RecordFact> id = found.agreed(RecordFact.Kind.MEMBER_ID);
                                Optional<RecordFact> birth =
                                        found.agreed(RecordFact.Kind.SUBSCRIBER_BIRTH_DATE);
                                c.put(
                                        SEARCH,
                                        id.isPresent()
                                                ? "the member id the records state, name and date of birth"
                                                : "name and date of birth");
                                c.put(CANDIDATE, id.map(RecordFact::value).orElse(null));
                                c.put(CANDIDATE_SOURCE, id.map(RecordFact::source).orElse(null));
                                c.put(BIRTH_DATE, birth.map(RecordFact::value).orElse(null));
                                c.put(
                                        BIRTH_DATE_SOURCE,
                                        birth.map(RecordFact::source).orElse(null));
                                c.put(
                                        UNREAD,
                                        found.problems().isEmpty()
                                                ? null
                                                : String.join("; ", found.problems()));
                                return c;
                            });
        }

        @Override
        String sentNote(Map<String, String> prepared) {
            if (prepared.get(SEARCH) == null) return "";
            String note =
                    prepared.get(CANDIDATE) != null
                            ? " by name, date of birth and the member id the records state ("
                                    + prepared.get(CANDIDATE_SOURCE)
                                    + "), not the one the payer refused"
                            : " by name and date of birth, not the member id the payer refused";
            if (prepared.get(UNREAD) != null)
                note += "; record document(s) not read: " + prepared.get(UNREAD);
            return note;
        }

        @Override
        byte[] write(
                Step s,
                org.reclaim.x12.claim.ClaimDocument doc,
                org.reclaim.x12.write.Envelope env,
                String trace,
                Map<String, String> prepared) {
            EligibilityInquiryWriter.EligibilityInquiry q =
                    EligibilityInquiryWriter.EligibilityInquiry.of(
                            doc, trace, s.item().serviceDate());
            if (prepared.get(SEARCH) != null && q.subscriber() != null) {
                var n = q.subscriber();
                String candidate = prepared.get(CANDIDATE);
                java.time.LocalDate birth =
                        q.birthDate() != null
                                ? q.birthDate()
                                : prepared.get(BIRTH_DATE) == null
                                        ? null
                                        : java.time.LocalDate.parse(prepared.get(BIRTH_DATE));
                q =
                        new EligibilityInquiryWriter.EligibilityInquiry(
                                q.payer(),
                                q.provider(),
                                new org.reclaim.x12.claim.ClaimDocument.Name(
                                        n.entityType(),
                                        n.last(),
                                        n.first(),
                                        n.middle(),
                                        n.suffix(),
                                        candidate == null ? null : "MI",
                                        candidate),
                                birth,
                                q.gender(),
                                q.traceNumber(),
                                q.traceOriginator(),
                                q.serviceDate(),
                                q.serviceTypes());
            }
            return EligibilityInquiryWriter.write(q, env);
        }

        @Override
        Mono<StepResult> answer(Step s, UUID after, List<String> traces) {
            return db.sql(
                            """
                            SELECT active, member_id, trace_number FROM eligibility_response
                            WHERE practice_id = :p AND trace_number = ANY(:traces) AND id > :after
                            ORDER BY id DESC LIMIT 1""")
                    .bind("p", s.item().practiceId())
                    .bind("traces", traces.toArray(String[]::new))
                    .bind("after", after)
                    .map(
                            r ->
                                    new Object[] {
                                        r.get("active", Boolean.class),
                                        r.get("member_id", String.class),
                                        r.get("trace_number", String.class)
                                    })
                    .one()
                    .map(
                            o -> {
                                Map<String, String> c = new HashMap<>();
                                c.put("270." + s.step().id() + ".sent", null);
                                c.put("270." + s.step().id() + ".asked", null);
                                String candidate = s.item().context().get(CANDIDATE);
                                String records =
                                        candidate == null
                                                ? ""
                                                : "; the member id the records state ("
                                                        + s.item().context().get(CANDIDATE_SOURCE)
                                                        + ")";
                                if (Boolean.TRUE.equals(o[0])) {
                                    String member = (String) o[1];
                                    if (member == null) {
                                        return StepResult.done(
                                                        "271: coverage active"
                                                                + (candidate == null
                                                                        ? ""
                                                                        : records
                                                                                + " is not confirmed: the 271 names no member id, so it is not used"))
                                                .withContext(c);
                                    }
                                    c.put("eligibleMemberId", member);
                                    c.put(SOURCE, "271 (trace " + o[2] + ")");
                                    String said =
                                            candidate == null
                                                    ? ""
                                                    : same(candidate, member)
                                                            ? records + " is confirmed by it"
                                                            : records
                                                                    + " is not confirmed: the payer's member id is used instead";
                                    return StepResult.done("271: coverage active" + said)
                                            .withContext(c);
                                }
                                return StepResult.outcome(
                                                Playbook.Outcome.NOT_FOUND,
                                                "271: no active coverage"
                                                        + (candidate == null
                                                                ? ""
                                                                : records
                                                                        + " is not confirmed, so it is not used"))
                                        .withContext(c);
                            });
        }

        private static boolean same(String a, String b) {
            return a.replaceAll("[\\s-]", "").equalsIgnoreCase(b.replaceAll("[\\s-]", ""));
        }
    }
}
