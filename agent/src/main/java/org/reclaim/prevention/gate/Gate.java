package org.reclaim.prevention.gate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.common.Money;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.connector.support.Hashes;
import org.reclaim.core.BadRequestException;
import org.reclaim.core.Ids;
import org.reclaim.core.LimitsProperties;
import org.reclaim.core.NotFoundException;
import org.reclaim.core.Times;
import org.reclaim.drafting.ClaimEdits;
import org.reclaim.drafting.FieldChange;
import org.reclaim.ingest.IngestService;
import org.reclaim.ingest.UnreadableFileException;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.partner.ControlNumbers;
import org.reclaim.partner.Submissions;
import org.reclaim.prevention.PracticeScrubber;
import org.reclaim.scrub.ClaimScrub;
import org.reclaim.scrub.Finding;
import org.reclaim.scrub.Scrubber;
import org.reclaim.scrub.Verdict;
import org.reclaim.tenancy.PracticeScope;
import org.reclaim.triage.TriageService;
import org.reclaim.x12.FileReport;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.X12Limits;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.write.ClaimWriter837P;
import org.reclaim.x12.write.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gate (docs/prevention.md, "Gate"): outgoing 837P claims scrubbed through {@link
 * PracticeScrubber} one by one. A CLEAN claim (and a WARN one under the send policy) is sent to the
 * practice's clearinghouse at once through the submission outbox, key {@code gate:<held id>}, and
 * the 837 sent is stored as claims on file like an upload; a HOLD claim (a WARN one under the hold
 * policy) is kept HELD for an operator to fix, release or drop. Every claim is kept in {@code
 * held_claim} once per practice and content, so the same claim submitted again is answered with
 * what became of it and never sent twice; a release moves HELD to RELEASED by compare-and-set, so
 * of two releases at once only one sends.
 */
@Service
public class Gate {

    private static final Logger log = LoggerFactory.getLogger(Gate.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
    private static final org.springframework.http.HttpStatusCode UNPROCESSABLE =
            org.springframework.http.HttpStatusCode.valueOf(422);

    /** The columns of a view; {@code shown} is SENT when the outbox relay sent a RELEASED claim. */
    private static final String COLUMNS =
            """
            h.id, h.practice_id, p.slug, h.patient_control_number, h.payer_id, h.payer_name, h.charge,
            h.document, h.verdict, h.findings::text AS findings, h.fixes::text AS fixes, h.source,
            h.received_at, h.decided_by, h.decided_at, h.reason, h.refusal,
            CASE WHEN h.status = 'RELEASED' AND s.status = 'SENT' THEN 'SENT' ELSE h.status END AS shown,
            coalesce(h.sent_at, s.sent_at) AS sent_at, coalesce(h.receipt, s.receipt) AS receipt
            FROM held_claim h JOIN practice p ON p.id = h.practice_id
            LEFT JOIN submission s ON s.idempotency_key = 'gate:' || h.id::text""";

    private final DatabaseClient db;
    private final PracticeScrubber scrubbers;
    private final Submissions submissions;
    private final ConnectorSettings settings;
    private final ControlNumbers numbers;
    private final IngestService ingest;
    private final TriageService triage;
    private final Clock clock;
    private final X12Limits limits;
    private final WarnPolicy policy;
    private final GateEligibility eligibility;
    private final List<org.reclaim.prevention.ClaimHeldListener> heldListeners;

    Gate(
            DatabaseClient db,
            PracticeScrubber scrubbers,
            Submissions submissions,
            ConnectorSettings settings,
            ControlNumbers numbers,
            IngestService ingest,
            TriageService triage,
            Clock clock,
            LimitsProperties limits,
            WarnPolicy policy,
            GateEligibility eligibility,
            List<org.reclaim.prevention.ClaimHeldListener> heldListeners) {
        this.heldListeners = List.copyOf(heldListeners);
        this.eligibility = eligibility;
        this.db = db;
        this.scrubbers = scrubbers;
        this.submissions = submissions;
        this.settings = settings;
        this.numbers = numbers;
        this.ingest = ingest;
        this.triage = triage;
        this.clock = clock;
        this.limits = limits.x12();
        this.policy = policy;
    }

    /** One claim of a file: its scrub and its parsed form. */
    private record Gated(ClaimScrub scrub, ClaimDocument document) {}

    /**
     * Every claim of an 837P file through the gate, in the file's order: the answer per claim is
     * its scrub ({@code patientControlNumber, payer, charge, verdict, findings}) with {@code id}
     * (the held-claim row), {@code outcome} ({@code sent}, {@code held}, or {@code released} when
     * the clearinghouse could not be reached: the outbox sends it again), and {@code duplicate}
     * when the same claim came through the gate before (nothing is done again).
     *
     * @param source {@code api} or {@code outgoing:<file name>}
     */
    public Mono<List<Map<String, Object>>> submit(
            UUID practiceId, String slug, Path file, String source) {
        LocalDate today = triage.today();
        return scrubbers
                .forPractice(practiceId, slug)
                .flatMap(
                        s ->
                                Mono.fromCallable(() -> read(file, s, today))
                                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMapMany(Flux::fromIterable)
                .concatMap(g -> gate(practiceId, slug, g, source))
                .collectList();
    }

    private List<Gated> read(Path file, Scrubber scrubber, LocalDate today) throws IOException {
        List<ClaimScrub> scrubs = new ArrayList<>();
        List<ClaimDocument> docs = new ArrayList<>();
        FileReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report =
                    X12Files.read(
                            in,
                            new X12Handler() {
                                @Override
                                public void submittedClaim(SubmittedClaim c) {
                                    scrubs.add(scrubber.scrub(c, today));
                                }

                                @Override
                                public void claimDocument(ClaimDocument d) {
                                    docs.add(d);
                                }
                            },
                            limits);
        }
        UnreadableFileException.check(report);
        if (!report.transactionTypes().containsKey("837P")) {
            if (report.transactionTypes().containsKey("837I"))
                throw new ResponseStatusException(
                        UNPROCESSABLE,
                        "the gate sends professional claims (837P, 005010X222A1) only: this file"
                                + " holds 837I claims; scrub them with POST /api/v1/claims/scrub");
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "the file holds no 837P claim transaction (it is " + report.type() + ")");
        }
        if (report.transactionTypes().containsKey("837I"))
            throw new ResponseStatusException(
                    UNPROCESSABLE,
                    "the gate sends professional claims (837P) only: this file also holds 837I"
                            + " claims; send those separately");
        List<Gated> out = new ArrayList<>();
        for (int i = 0; i < scrubs.size(); i++) {
            String pcn = scrubs.get(i).claim().patientControlNumber();
            ClaimDocument d = i < docs.size() ? docs.get(i) : null;
            if (d == null || !pcn.equals(d.claim().patientControlNumber()))
                throw new ResponseStatusException(
                        UNPROCESSABLE,
                        "claim " + (i + 1) + " (" + pcn + ") cannot be read whole to be sent");
            out.add(new Gated(scrubs.get(i), d));
        }
        return out;
    }

    /** What the gate found of the member's eligibility: state null when it did not look. */
    private record Check(String state, GateEligibility.Answer answer) {
        static final Check NONE = new Check(null, null);
    }

    private Mono<Map<String, Object>> gate(UUID practiceId, String slug, Gated g, String source) {
        String member = GateEligibility.memberId(g.scrub().claim());
        if (member == null || !eligibility.on(slug))
            return gate(practiceId, slug, g, source, Check.NONE);
        return eligibility
                .onFile(practiceId, g.scrub().claim())
                .map(a -> new Check(a.active() ? "ACTIVE" : "INACTIVE", a))
                .defaultIfEmpty(new Check("AWAITING", null))
                .flatMap(c -> gate(practiceId, slug, g, source, c));
    }

    private Mono<Map<String, Object>> gate(
            UUID practiceId, String slug, Gated g, String source, Check check) {
        ClaimScrub scrub = g.scrub();
        if ("AWAITING".equals(check.state()) || "INACTIVE".equals(check.state())) {
            List<Finding> more = new ArrayList<>(scrub.findings());
            more.add(
                    "AWAITING".equals(check.state())
                            ? GateEligibility.awaiting()
                            : GateEligibility.inactive(check.answer()));
            scrub = new ClaimScrub(scrub.claim(), Verdict.of(more), more);
        }
        String text = g.document().toText();
        String pcn = scrub.claim().patientControlNumber();
        String claimKey = Hashes.sha256(practiceId + "|" + pcn + "|" + text);
        List<String> unwritable = ClaimWriter837P.problems(g.document());
        if (!unwritable.isEmpty()) {
            List<Finding> more = new ArrayList<>(scrub.findings());
            more.add(
                    Finding.error(
                            "gate.unwritable",
                            "missing-data",
                            null,
                            "the claim cannot be written as an 837P to be sent: "
                                    + String.join("; ", unwritable)));
            scrub = new ClaimScrub(scrub.claim(), Verdict.HOLD, more);
        }
        boolean send =
                scrub.verdict() == Verdict.CLEAN
                        || (scrub.verdict() == Verdict.WARN && policy.sends(slug));
        UUID id = Ids.next();
        OffsetDateTime now = Times.utc(clock.instant());
        boolean awaiting = "AWAITING".equals(check.state());
        var insert =
                db.sql(
                                """
                        INSERT INTO held_claim (id, practice_id, claim_key, patient_control_number, payer_id, payer_name,
                                                charge, document, verdict, findings, status, source, received_at,
                                                decided_by, decided_at, reason, eligibility, eligibility_trace)
                        VALUES (:id, :p, :key, :pcn, :payerId, :payerName, :charge, :doc, :verdict,
                                CAST(:findings AS jsonb), :status, :source, :now, :by, :at, :reason,
                                :eligibility, :trace)
                        ON CONFLICT (practice_id, claim_key) DO NOTHING
                        RETURNING id""")
                        .bind("id", id)
                        .bind("p", practiceId)
                        .bind("key", claimKey)
                        .bind("pcn", pcn)
                        .bind("doc", text)
                        .bind("verdict", scrub.verdict().name())
                        .bind("findings", findingsJson(scrub.findings()))
                        .bind("status", send ? "RELEASED" : "HELD")
                        .bind("source", source)
                        .bind("now", now);
        insert = nullable(insert, "payerId", payerId(scrub), String.class);
        insert = nullable(insert, "payerName", payerName(scrub), String.class);
        insert =
                nullable(
                        insert,
                        "charge",
                        scrub.claim().charge() == null
                                ? null
                                : scrub.claim().charge().toBigDecimal(),
                        java.math.BigDecimal.class);
        insert = nullable(insert, "by", send ? "gate" : null, String.class);
        insert = nullable(insert, "at", send ? now : null, OffsetDateTime.class);
        insert =
                nullable(
                        insert,
                        "reason",
                        send
                                ? (scrub.verdict() == Verdict.CLEAN
                                        ? "clean"
                                        : "warnings only; the practice's warn policy is send")
                                : awaiting ? "awaiting eligibility" : null,
                        String.class);
        insert = nullable(insert, "eligibility", check.state(), String.class);
        insert =
                nullable(
                        insert, "trace", awaiting ? GateEligibility.trace(id) : null, String.class);
        String member = GateEligibility.memberId(scrub.claim());
        ClaimDocument doc = g.document();
        org.reclaim.prevention.ClaimHeld held =
                send
                        ? null
                        : new org.reclaim.prevention.ClaimHeld(
                                id,
                                practiceId,
                                payerId(scrub),
                                scrub.claim().charge() == null
                                        ? null
                                        : scrub.claim().charge().toBigDecimal(),
                                scrub.verdict().name(),
                                scrub.findings().stream().map(Finding::rule).distinct().toList(),
                                awaiting,
                                now.toInstant());
        return insert.map(r -> r.get("id", UUID.class))
                .one()
                .flatMap(inserted -> tellHeld(held).thenReturn(inserted))
                .flatMap(
                        inserted ->
                                (send
                                                ? send(inserted)
                                                : awaiting
                                                        ? eligibility.ask(
                                                                practiceId,
                                                                slug,
                                                                inserted,
                                                                doc,
                                                                member)
                                                        : Mono.<Void>empty())
                                        .then(view(PracticeScope.ALL, inserted))
                                        .map(v -> answer(v, false)))
                .switchIfEmpty(
                        Mono.defer(
                                () ->
                                        db.sql(
                                                        "SELECT id FROM held_claim WHERE practice_id = :p"
                                                                + " AND claim_key = :key")
                                                .bind("p", practiceId)
                                                .bind("key", claimKey)
                                                .map(r -> r.get("id", UUID.class))
                                                .one()
                                                .flatMap(known -> view(PracticeScope.ALL, known))
                                                .map(v -> answer(v, true))));
    }

    private Mono<Void> tellHeld(org.reclaim.prevention.ClaimHeld held) {
        if (held == null) return Mono.empty();
        return reactor.core.publisher.Flux.fromIterable(heldListeners)
                .concatMap(l -> l.held(held))
                .then();
    }

    private static Map<String, Object> answer(HeldClaim v, boolean duplicate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patientControlNumber", v.patientControlNumber());
        Map<String, Object> payer = new LinkedHashMap<>();
        payer.put("id", v.payerId());
        payer.put("name", v.payerName());
        m.put("payer", payer);
        m.put("charge", v.charge());
        m.put("verdict", v.verdict());
        m.put("findings", v.findings());
        m.put("outcome", v.status().toLowerCase());
        m.put("id", v.id());
        m.put("duplicate", duplicate);
        if (v.refusal() != null) m.put("refusal", v.refusal());
        return m;
    }

    /**
     * Sends the RELEASED claim {@code id} through the outbox: its 837P is built once (a new
     * envelope from the practice's trading partner) and kept with the key {@code gate:<id>}. Taken:
     * the claim is SENT and the file stored as claims on file; refused: the claim is HELD again
     * with the clearinghouse's reason; a fault is logged and leaves it RELEASED, its submission
     * pending for the outbox relay.
     */
    private Mono<Void> send(UUID id) {
        return db.sql(
                        "SELECT h.practice_id, p.slug, h.document FROM held_claim h"
                                + " JOIN practice p ON p.id = h.practice_id WHERE h.id = :id")
                .bind("id", id)
                .map(
                        r ->
                                new Object[] {
                                    r.get("practice_id", UUID.class),
                                    r.get("slug", String.class),
                                    r.get("document", String.class)
                                })
                .one()
                .flatMap(
                        row -> {
                            UUID practice = (UUID) row[0];
                            String slug = (String) row[1];
                            ClaimDocument doc = ClaimDocument.parse((String) row[2]);
                            String key = "gate:" + id;
                            return settings.clearinghouse(practice)
                                    .flatMap(
                                            ch ->
                                                    submissions.offerFile(
                                                            practice,
                                                            null,
                                                            key,
                                                            "clearinghouse",
                                                            "837",
                                                            build(practice, doc),
                                                            file -> {
                                                                SubmissionReceipt r =
                                                                        ch.submit(
                                                                                new OutgoingFile(
                                                                                        slug,
                                                                                        key,
                                                                                        "837",
                                                                                        file
                                                                                                .controlNumber(),
                                                                                        file
                                                                                                .bytes(),
                                                                                        file
                                                                                                .builtAt()));
                                                                return r.accepted()
                                                                        ? Submissions.Answer.taken(
                                                                                r.id())
                                                                        : Submissions.Answer
                                                                                .refused(
                                                                                        r.reason());
                                                            }))
                                    .flatMap(answer -> recorded(id, practice, key, answer));
                        })
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "held claim {} stays RELEASED, not sent now (the outbox relay"
                                            + " sends its submission again once written): {}",
                                    id,
                                    e.toString());
                            return Mono.empty();
                        });
    }

    private Mono<Submissions.Built> build(UUID practice, ClaimDocument doc) {
        return settings.tradingPartner(practice)
                .flatMap(
                        partner ->
                                numbers.next(partner.senderId())
                                        .map(
                                                n ->
                                                        partner.envelope(
                                                                n,
                                                                LocalDateTime.ofInstant(
                                                                        clock.instant(),
                                                                        ZoneOffset.UTC))))
                .flatMap(
                        env ->
                                Mono.fromCallable(
                                                () ->
                                                        new Submissions.Built(
                                                                String.format(
                                                                        "%09d",
                                                                        env
                                                                                .interchangeControlNumber()),
                                                                ClaimWriter837P.write(doc, env),
                                                                null))
                                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<Void> recorded(UUID id, UUID practice, String key, Submissions.Answer answer) {
        OffsetDateTime now = Times.utc(clock.instant());
        if (answer instanceof Submissions.Answer.Refused r)
            return db.sql(
                            "UPDATE held_claim SET status = 'HELD', refusal = :why WHERE id = :id"
                                    + " AND status = 'RELEASED'")
                    .bind("why", org.reclaim.core.Texts.storable(r.reason()))
                    .bind("id", id)
                    .then();
        String receipt = answer instanceof Submissions.Answer.Taken t ? t.receipt() : "";
        return db.sql(
                        "UPDATE held_claim SET status = 'SENT', sent_at = :now, receipt = :r,"
                                + " refusal = NULL WHERE id = :id AND status = 'RELEASED'")
                .bind("now", now)
                .bind("r", org.reclaim.core.Texts.storable(receipt))
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .flatMap(n -> n == 1 ? stored(id, practice, key) : Mono.empty());
    }

    /** The 837 sent, stored as claims on file (source {@code gate}) like an upload. */
    private Mono<Void> stored(UUID id, UUID practice, String key) {
        return db.sql("SELECT payload FROM submission WHERE idempotency_key = :key")
                .bind("key", key)
                .map(r -> r.get("payload", byte[].class))
                .one()
                .flatMap(
                        bytes ->
                                Mono.usingWhen(
                                        Mono.fromCallable(
                                                        () -> {
                                                            Path tmp =
                                                                    Files.createTempFile(
                                                                            "reclaim-gate-",
                                                                            ".x12");
                                                            Files.write(tmp, bytes);
                                                            return tmp;
                                                        })
                                                .subscribeOn(Schedulers.boundedElastic()),
                                        tmp ->
                                                ingest.ingest(
                                                        tmp,
                                                        "gate-" + id + ".837",
                                                        "gate",
                                                        practice),
                                        tmp ->
                                                Mono.fromCallable(() -> Files.deleteIfExists(tmp))
                                                        .subscribeOn(Schedulers.boundedElastic())))
                .then()
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "held claim {} was sent but its 837 could not be stored as a"
                                            + " claim on file: {}",
                                    id,
                                    e.toString());
                            return Mono.empty();
                        });
    }

    /** A held claim in scope; empty when there is none the scope sees. */
    public Mono<HeldClaim> view(PracticeScope scope, UUID id) {
        return scope.bind(
                        db.sql(
                                "SELECT "
                                        + COLUMNS
                                        + " WHERE h.id = :id AND "
                                        + scope.sql("h.practice_id")))
                .bind("id", id)
                .map(Gate::row)
                .one();
    }

    /** The claims in scope with this status (as shown), newest first, and how many there are. */
    public Mono<org.reclaim.core.Page<HeldClaim>> list(
            PracticeScope scope, String status, org.reclaim.core.Page.Request paging) {
        String where =
                " WHERE (CASE WHEN h.status = 'RELEASED' AND s.status = 'SENT' THEN 'SENT' ELSE"
                        + " h.status END) = :status AND "
                        + scope.sql("h.practice_id");
        Mono<List<HeldClaim>> rows =
                scope.bind(
                                db.sql(
                                        "SELECT "
                                                + COLUMNS
                                                + where
                                                + " ORDER BY h.received_at DESC, h.id DESC"
                                                + " LIMIT :limit OFFSET :offset"))
                        .bind("status", status)
                        .bind("limit", paging.size())
                        .bind("offset", paging.offset())
                        .map(Gate::row)
                        .all()
                        .collectList();
        Mono<Long> count =
                scope.bind(
                                db.sql(
                                        "SELECT count(*) FROM held_claim h LEFT JOIN submission s"
                                                + " ON s.idempotency_key = 'gate:' || h.id::text"
                                                + where))
                        .bind("status", status)
                        .map(r -> r.get(0, Long.class))
                        .one();
        return org.reclaim.core.Page.of(paging, rows, count);
    }

    private static HeldClaim row(io.r2dbc.spi.Readable r) {
        return new HeldClaim(
                r.get("id", UUID.class),
                r.get("slug", String.class),
                r.get("patient_control_number", String.class),
                r.get("payer_id", String.class),
                r.get("payer_name", String.class),
                r.get("charge", java.math.BigDecimal.class),
                r.get("verdict", String.class),
                JSON.readValue(r.get("findings", String.class), LIST),
                JSON.readValue(r.get("fixes", String.class), LIST),
                r.get("shown", String.class),
                r.get("source", String.class),
                r.get("received_at", OffsetDateTime.class).toInstant(),
                r.get("decided_by", String.class),
                instant(r.get("decided_at", OffsetDateTime.class)),
                r.get("reason", String.class),
                r.get("refusal", String.class),
                instant(r.get("sent_at", OffsetDateTime.class)),
                r.get("receipt", String.class),
                ClaimEdits.fields(ClaimDocument.parse(r.get("document", String.class))));
    }

    /**
     * An operator's fix of a HELD claim: field edits in the review vocabulary ({@code
     * priorAuthorization}, {@code line[2].modifiers}, {@code diagnosis[1]}, {@code
     * subscriber.memberId}, …) and the fixes the findings of {@code applyFixes} (rule ids) carry,
     * applied in that order; the claim is then scrubbed again and its findings replaced. Every
     * change is recorded on the claim with who made it.
     */
    public Mono<HeldClaim> fix(
            PracticeScope scope,
            UUID id,
            String operator,
            Map<String, String> edits,
            List<String> applyFixes) {
        if ((edits == null || edits.isEmpty()) && (applyFixes == null || applyFixes.isEmpty()))
            throw new BadRequestException("a fix needs edits or applyFixes (rule ids)");
        if (edits != null)
            for (String k : edits.keySet())
                if (k == null || !k.matches("[A-Za-z0-9._\\[\\]-]{1,64}"))
                    throw new BadRequestException(
                            "edit names are field names like line[2].modifiers, not '" + k + "'");
        return scope.bind(
                        db.sql(
                                "SELECT h.practice_id, p.slug, h.status, h.document,"
                                        + " h.findings::text AS findings, h.eligibility FROM"
                                        + " held_claim h JOIN"
                                        + " practice p ON p.id = h.practice_id WHERE h.id = :id AND "
                                        + scope.sql("h.practice_id")))
                .bind("id", id)
                .map(
                        r ->
                                new Object[] {
                                    r.get("practice_id", UUID.class),
                                    r.get("slug", String.class),
                                    r.get("status", String.class),
                                    r.get("document", String.class),
                                    r.get("findings", String.class),
                                    r.get("eligibility", String.class)
                                })
                .one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("held claim", id)))
                .flatMap(
                        row -> {
                            if (!"HELD".equals(row[2]))
                                return Mono.error(
                                        new ResponseStatusException(
                                                HttpStatus.CONFLICT,
                                                "held claim "
                                                        + id
                                                        + " is "
                                                        + row[2]
                                                        + ": only a HELD claim is fixed"));
                            UUID practice = (UUID) row[0];
                            ClaimDocument before = ClaimDocument.parse((String) row[3]);
                            List<Map<String, Object>> findings =
                                    JSON.readValue((String) row[4], LIST);
                            List<FieldChange> changes =
                                    changes(before, edits, applyFixes, findings);
                            ClaimDocument after = applied(before, changes);
                            String state = (String) row[5];
                            return rescrub(practice, (String) row[1], after)
                                    .map(scrub -> withEligibility(scrub, state))
                                    .flatMap(
                                            scrub ->
                                                    saveFix(
                                                            scope, id, operator, after, changes,
                                                            scrub))
                                    .then(Mono.defer(() -> view(scope, id)));
                        });
    }

    /**
     * A fixed claim keeps what the gate knows of its eligibility: still awaiting its 271, or
     * without active coverage (the scrubber alone knows neither).
     */
    private static ClaimScrub withEligibility(ClaimScrub scrub, String state) {
        if (!"AWAITING".equals(state) && !"INACTIVE".equals(state)) return scrub;
        List<Finding> more = new ArrayList<>(scrub.findings());
        more.add(
                "AWAITING".equals(state)
                        ? GateEligibility.awaiting()
                        : GateEligibility.inactive(
                                new GateEligibility.Answer(false, null, null, null)));
        return new ClaimScrub(scrub.claim(), Verdict.of(more), more);
    }

    /** The changes asked, each from the claim's value now to the one asked. */
    private static List<FieldChange> changes(
            ClaimDocument doc,
            Map<String, String> edits,
            List<String> applyFixes,
            List<Map<String, Object>> findings) {
        Map<String, String> now = ClaimEdits.fields(doc);
        now.put("charge", doc.claim().charge() == null ? null : doc.claim().charge().toString());
        Map<String, String> asked = new LinkedHashMap<>();
        if (edits != null) asked.putAll(edits);
        if (applyFixes != null)
            for (String rule : applyFixes) {
                boolean found = false;
                for (Map<String, Object> f : findings) {
                    if (!rule.equals(f.get("rule"))
                            || !(f.get("fix") instanceof Map<?, ?> fix)
                            || fix.isEmpty()) continue;
                    found = true;
                    fix.forEach((k, v) -> asked.put(String.valueOf(k), fixValue(v)));
                }
                if (!found)
                    throw new BadRequestException(
                            "applyFixes: no finding of rule '" + rule + "' on the claim has a fix");
            }
        List<FieldChange> out = new ArrayList<>();
        asked.forEach(
                (field, v) ->
                        out.add(
                                new FieldChange(
                                        field,
                                        now.get(field),
                                        v == null || v.isEmpty() ? null : v)));
        return out;
    }

    private static String fixValue(Object v) {
        if (v instanceof Number n)
            return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        return v == null ? null : v.toString();
    }

    /** The claim with the changes, or a 400 naming the change that cannot be made. */
    private static ClaimDocument applied(ClaimDocument doc, List<FieldChange> changes) {
        ClaimDocument out = doc;
        List<FieldChange> rest = new ArrayList<>();
        try {
            for (FieldChange c : changes) {
                if (c.field().equals("charge")) {
                    if (c.to() == null)
                        throw new IllegalArgumentException("charge cannot be empty");
                    out = out.withClaim(out.claim().withCharge(Money.parse(c.to())));
                } else {
                    rest.add(c);
                }
            }
            out = ClaimEdits.apply(out, rest);
        } catch (RuntimeException e) {
            throw new BadRequestException("the fix cannot be applied: " + e.getMessage());
        }
        List<String> problems = ClaimWriter837P.problems(out);
        if (!problems.isEmpty())
            throw new BadRequestException(
                    "the fixed claim does not pass the 837P checks: "
                            + String.join("; ", problems));
        return out;
    }

    /** The claim scrubbed as it would be sent: written as an 837P and read back. */
    private Mono<ClaimScrub> rescrub(UUID practice, String slug, ClaimDocument doc) {
        LocalDate today = triage.today();
        return Mono.zip(scrubbers.forPractice(practice, slug), settings.tradingPartner(practice))
                .flatMap(
                        t ->
                                Mono.fromCallable(
                                                () -> {
                                                    Envelope env =
                                                            t.getT2()
                                                                    .envelope(
                                                                            1,
                                                                            LocalDateTime.ofInstant(
                                                                                    clock.instant(),
                                                                                    ZoneOffset
                                                                                            .UTC));
                                                    byte[] bytes = ClaimWriter837P.write(doc, env);
                                                    AtomicReference<ClaimScrub> one =
                                                            new AtomicReference<>();
                                                    t.getT1()
                                                            .scrubFile(
                                                                    new ByteArrayInputStream(bytes),
                                                                    today,
                                                                    limits,
                                                                    one::set);
                                                    if (one.get() == null)
                                                        throw new IllegalStateException(
                                                                "the fixed claim could not be read"
                                                                        + " back");
                                                    return one.get();
                                                })
                                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<Void> saveFix(
            PracticeScope scope,
            UUID id,
            String operator,
            ClaimDocument after,
            List<FieldChange> changes,
            ClaimScrub scrub) {
        String at = clock.instant().toString();
        List<Map<String, Object>> changed = new ArrayList<>();
        for (FieldChange c : changes) {
            boolean phi = c.field().equals(org.reclaim.drafting.ClaimFields.MEMBER_ID);
            Map<String, Object> m = new HashMap<>();
            m.put("at", at);
            m.put("by", operator);
            m.put("field", c.field());
            m.put("from", phi ? "(member id)" : c.from());
            m.put("to", phi ? "(member id)" : c.to());
            changed.add(m);
        }
        return scope.bind(
                        db.sql(
                                """
                        UPDATE held_claim SET document = :doc, verdict = :verdict, findings = CAST(:findings AS jsonb),
                                              charge = :charge, fixes = fixes || CAST(:fixes AS jsonb)
                        WHERE id = :id AND status = 'HELD'"""
                                        + " AND "
                                        + scope.sql("practice_id")))
                .bind("doc", after.toText())
                .bind("verdict", scrub.verdict().name())
                .bind("findings", findingsJson(scrub.findings()))
                .bind("charge", after.claim().charge().toBigDecimal())
                .bind("fixes", JSON.writeValueAsString(changed))
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n ->
                                n == 1
                                        ? Mono.<Void>empty()
                                        : Mono.error(
                                                new ResponseStatusException(
                                                        HttpStatus.CONFLICT,
                                                        "held claim "
                                                                + id
                                                                + " was released or dropped"
                                                                + " meanwhile")));
    }

    /**
     * The 271 answering the 270 of held claim {@code id} arrived. A claim still HELD and AWAITING
     * is scrubbed again: active coverage, with the member id the 271 names applied when it differs
     * (a deterministic fix, recorded in {@code fixes} by {@code gate (271)}), and the claim is sent
     * when it is now clean (or WARN under the send policy); no active coverage, and it stays HELD
     * with the finding {@code gate.eligibility-inactive}. By compare-and-set on AWAITING: a 271
     * told twice, or a claim an operator released or dropped meanwhile, is left as it is.
     */
    Mono<Void> eligibilityAnswered(UUID id, GateEligibility.Answer answer) {
        return db.sql(
                        "SELECT h.practice_id, p.slug, h.document FROM held_claim h JOIN practice p"
                                + " ON p.id = h.practice_id WHERE h.id = :id AND h.status = 'HELD'"
                                + " AND h.eligibility = 'AWAITING'")
                .bind("id", id)
                .map(
                        r ->
                                new Object[] {
                                    r.get("practice_id", UUID.class),
                                    r.get("slug", String.class),
                                    r.get("document", String.class)
                                })
                .one()
                .flatMap(
                        row -> {
                            UUID practice = (UUID) row[0];
                            String slug = (String) row[1];
                            ClaimDocument before = ClaimDocument.parse((String) row[2]);
                            List<FieldChange> changes = new ArrayList<>();
                            String had =
                                    before.subscriber() == null
                                                    || before.subscriber().name() == null
                                            ? null
                                            : before.subscriber().name().id();
                            String named = answer.memberId();
                            if (answer.active()
                                    && named != null
                                    && had != null
                                    && !normalized(named).equals(normalized(had)))
                                changes.add(
                                        new FieldChange(
                                                org.reclaim.drafting.ClaimFields.MEMBER_ID,
                                                had,
                                                named.strip()));
                            ClaimDocument after =
                                    changes.isEmpty() ? before : ClaimEdits.apply(before, changes);
                            return rescrub(practice, slug, after)
                                    .flatMap(
                                            scrub -> {
                                                ClaimScrub judged = scrub;
                                                if (!answer.active()) {
                                                    List<Finding> more =
                                                            new ArrayList<>(scrub.findings());
                                                    more.add(GateEligibility.inactive(answer));
                                                    judged =
                                                            new ClaimScrub(
                                                                    scrub.claim(),
                                                                    Verdict.of(more),
                                                                    more);
                                                }
                                                return answered(
                                                        id,
                                                        slug,
                                                        after,
                                                        changes,
                                                        judged,
                                                        answer.active());
                                            });
                        });
    }

    private static String normalized(String memberId) {
        return memberId.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    }

    private Mono<Void> answered(
            UUID id,
            String slug,
            ClaimDocument after,
            List<FieldChange> changes,
            ClaimScrub scrub,
            boolean active) {
        OffsetDateTime now = Times.utc(clock.instant());
        List<Map<String, Object>> changed = new ArrayList<>();
        for (FieldChange c : changes) {
            Map<String, Object> m = new HashMap<>();
            m.put("at", clock.instant().toString());
            m.put("by", "gate (271)");
            m.put("field", c.field());
            m.put("from", "(member id)");
            m.put("to", "(member id: as the payer's 271 names it)");
            changed.add(m);
        }
        boolean sends =
                active
                        && (scrub.verdict() == Verdict.CLEAN
                                || (scrub.verdict() == Verdict.WARN && policy.sends(slug)));
        return db.sql(
                        """
                        UPDATE held_claim SET document = :doc, verdict = :verdict, findings = CAST(:findings AS jsonb),
                                              fixes = fixes || CAST(:fixes AS jsonb), eligibility = :state,
                                              reason = :reason
                        WHERE id = :id AND status = 'HELD' AND eligibility = 'AWAITING'""")
                .bind("doc", after.toText())
                .bind("verdict", scrub.verdict().name())
                .bind("findings", findingsJson(scrub.findings()))
                .bind("fixes", JSON.writeValueAsString(changed))
                .bind("state", active ? "ACTIVE" : "INACTIVE")
                .bind("reason", active ? "eligibility active (271)" : "no active coverage (271)")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n -> {
                            if (n != 1 || !sends) return Mono.<Void>empty();
                            return db.sql(
                                            "UPDATE held_claim SET status = 'RELEASED', decided_by"
                                                    + " = 'gate', decided_at = :now, reason = :reason"
                                                    + " WHERE id = :id AND status = 'HELD'")
                                    .bind("now", now)
                                    .bind(
                                            "reason",
                                            scrub.verdict() == Verdict.CLEAN
                                                    ? "clean once the 271 said the coverage is"
                                                            + " active"
                                                    : "warnings only once the 271 said the"
                                                            + " coverage is active; the practice's"
                                                            + " warn policy is send")
                                    .bind("id", id)
                                    .fetch()
                                    .rowsUpdated()
                                    .flatMap(m -> m == 1 ? send(id) : Mono.<Void>empty());
                        });
    }

    /**
     * Releases a HELD claim with the operator's reason and sends it. Only the caller that moves it
     * from HELD sends; a claim already released or sent is answered as it is, sent nothing again.
     */
    public Mono<HeldClaim> release(PracticeScope scope, UUID id, String operator, String reason) {
        return decide(scope, id, operator, reason, "RELEASED")
                .flatMap(moved -> moved ? send(id) : Mono.empty())
                .then(Mono.defer(() -> view(scope, id)));
    }

    /** Drops a HELD claim with the operator's reason: it is never sent. */
    public Mono<HeldClaim> drop(PracticeScope scope, UUID id, String operator, String reason) {
        return decide(scope, id, operator, reason, "DROPPED")
                .then(Mono.defer(() -> view(scope, id)));
    }

    /**
     * HELD to {@code to} by compare-and-set: true when this call moved it; false when it is already
     * {@code to} (or, for a release, on its way or sent); 404 when the scope sees no such claim,
     * 409 when it went the other way.
     */
    private Mono<Boolean> decide(
            PracticeScope scope, UUID id, String operator, String reason, String to) {
        if (reason == null || reason.isBlank())
            throw new BadRequestException(
                    (to.equals("RELEASED") ? "a release" : "a drop") + " needs a reason");
        if (reason.length() > 2000)
            throw new BadRequestException("the reason is longer than 2000 characters");
        return scope.bind(
                        db.sql(
                                "UPDATE held_claim SET status = :to, decided_by = :by, decided_at = :now,"
                                        + " reason = :reason WHERE id = :id AND status = 'HELD' AND "
                                        + scope.sql("practice_id")))
                .bind("to", to)
                .bind("by", operator)
                .bind("now", Times.utc(clock.instant()))
                .bind("reason", reason.strip())
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .flatMap(
                        n -> {
                            if (n == 1) return Mono.just(true);
                            return view(scope, id)
                                    .switchIfEmpty(
                                            Mono.error(
                                                    () -> new NotFoundException("held claim", id)))
                                    .flatMap(
                                            v -> {
                                                boolean same =
                                                        to.equals("DROPPED")
                                                                ? v.status().equals("DROPPED")
                                                                : !v.status().equals("DROPPED");
                                                return same
                                                        ? Mono.just(false)
                                                        : Mono.error(
                                                                new ResponseStatusException(
                                                                        HttpStatus.CONFLICT,
                                                                        "held claim "
                                                                                + id
                                                                                + " is "
                                                                                + v.status()));
                                            });
                        });
    }

    private static String findingsJson(List<Finding> findings) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Finding f : findings) list.add(f.toMap());
        return JSON.writeValueAsString(list);
    }

    private static String payerId(ClaimScrub s) {
        return s.claim().payer() == null ? null : s.claim().payer().id();
    }

    private static String payerName(ClaimScrub s) {
        return s.claim().payer() == null ? null : s.claim().payer().name();
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(
            DatabaseClient.GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }
}
