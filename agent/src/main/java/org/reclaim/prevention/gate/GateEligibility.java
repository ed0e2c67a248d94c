package org.reclaim.prevention.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.connector.support.Hashes;
import org.reclaim.core.Times;
import org.reclaim.partner.ConnectorSettings;
import org.reclaim.partner.ControlNumbers;
import org.reclaim.partner.Submissions;
import org.reclaim.scrub.Finding;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.claim.SubmittedClaim;
import org.reclaim.x12.write.EligibilityInquiryWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Eligibility up front in the gate (docs/prevention.md, "Eligibility up front"): on for every
 * practice with {@code reclaim.prevention.eligibility-up-front=on} and for one with {@code
 * reclaim.prevention.eligibility-up-front-for.<slug>} (off by default: a practice whose
 * clearinghouse does not answer 270s would have every claim wait). The 271 on file for a member is
 * the newest one with its member id (and the claim's payer, when the 271 names one) received within
 * 30 days; without one, a 270 goes out through the practice's clearinghouse connector, once per
 * claim, member and day (the submission key).
 */
@Component
class GateEligibility {

    private static final Logger log = LoggerFactory.getLogger(GateEligibility.class);

    static final Duration ON_FILE_FOR = Duration.ofDays(30);
    static final String AWAITING_RULE = "gate.eligibility-awaiting";
    static final String INACTIVE_RULE = "gate.eligibility-inactive";
    static final String MEMBER_ID_RULE = "gate.eligibility-member-id";

    /** What a 271 said of the member: coverage, the member id it names, when it came. */
    record Answer(boolean active, String memberId, OffsetDateTime receivedAt, String plan) {}

    private final Environment env;
    private final DatabaseClient db;
    private final Submissions submissions;
    private final ConnectorSettings settings;
    private final ControlNumbers numbers;
    private final Clock clock;

    GateEligibility(
            Environment env,
            DatabaseClient db,
            Submissions submissions,
            ConnectorSettings settings,
            ControlNumbers numbers,
            Clock clock) {
        this.env = env;
        this.db = db;
        this.submissions = submissions;
        this.settings = settings;
        this.numbers = numbers;
        this.clock = clock;
        on("reclaim.prevention.eligibility-up-front", "off");
    }

    /** Whether the gate checks eligibility up front for this practice's claims. */
    boolean on(String slug) {
        String key = "reclaim.prevention.eligibility-up-front-for." + slug;
        return env.containsProperty(key)
                ? on(key, null)
                : on("reclaim.prevention.eligibility-up-front", "off");
    }

    private boolean on(String key, String fallback) {
        String v = env.getProperty(key, fallback == null ? "" : fallback);
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalStateException(key + " must be on or off, not '" + v + "'");
        };
    }

    static String memberId(SubmittedClaim c) {
        return c.subscriber() == null ? null : c.subscriber().memberId();
    }

    /** The newest 271 on file for the claim's member within 30 days; empty when there is none. */
    Mono<Answer> onFile(UUID practice, SubmittedClaim claim) {
        String member = memberId(claim);
        if (member == null) return Mono.empty();
        return db.sql(
                        """
                        SELECT e.active, e.member_id, e.plan_name, f.received_at
                        FROM eligibility_response e JOIN x12_file f ON f.id = e.file_id
                        WHERE e.practice_id = :p AND e.member_id = :m
                          AND (e.payer_id IS NULL OR :payer = '' OR e.payer_id = :payer)
                          AND f.received_at >= :since
                        ORDER BY f.received_at DESC, e.id DESC LIMIT 1""")
                .bind("p", practice)
                .bind("m", member)
                .bind(
                        "payer",
                        claim.payer() == null || claim.payer().id() == null
                                ? ""
                                : claim.payer().id())
                .bind("since", Times.utc(clock.instant().minus(ON_FILE_FOR)))
                .map(
                        r ->
                                new Answer(
                                        Boolean.TRUE.equals(r.get("active", Boolean.class)),
                                        r.get("member_id", String.class),
                                        r.get("received_at", OffsetDateTime.class),
                                        r.get("plan_name", String.class)))
                .one();
    }

    /** The trace number of the 270 the gate sends for held claim {@code id} (TRN02). */
    static String trace(UUID id) {
        return "G" + id.toString().replace("-", "");
    }

    /** The key of the 270 for this claim, member and day: asked again, nothing is sent twice. */
    String key(UUID id, String memberId) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // the member id is not kept in a key in the clear
        return "gate-270:" + id + ":" + Hashes.sha256(memberId).substring(0, 16) + ":" + day;
    }

    /**
     * Sends the 270 for held claim {@code id} through the outbox (kind {@code 270}, no denial). A
     * fault is logged: the submission is kept, and the outbox relay sends it again.
     */
    Mono<Void> ask(UUID practice, String slug, UUID id, ClaimDocument doc, String memberId) {
        String key = key(id, memberId);
        LocalDate dos =
                doc.lines().isEmpty() || doc.lines().get(0).serviceFrom() == null
                        ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                        : doc.lines().get(0).serviceFrom();
        Mono<Submissions.Built> build =
                settings.tradingPartner(practice)
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
                                envelope ->
                                        Mono.fromCallable(
                                                        () ->
                                                                new Submissions.Built(
                                                                        String.format(
                                                                                "%09d",
                                                                                envelope
                                                                                        .interchangeControlNumber()),
                                                                        EligibilityInquiryWriter
                                                                                .write(
                                                                                        EligibilityInquiryWriter
                                                                                                .EligibilityInquiry
                                                                                                .of(
                                                                                                        doc,
                                                                                                        trace(
                                                                                                                id),
                                                                                                        dos),
                                                                                        envelope),
                                                                        null))
                                                .subscribeOn(Schedulers.boundedElastic()));
        return settings.clearinghouse(practice)
                .flatMap(
                        ch ->
                                submissions.offerFile(
                                        practice,
                                        null,
                                        key,
                                        "clearinghouse",
                                        "270",
                                        build,
                                        file -> {
                                            SubmissionReceipt r =
                                                    ch.submit(
                                                            new OutgoingFile(
                                                                    slug,
                                                                    key,
                                                                    "270",
                                                                    file.controlNumber(),
                                                                    file.bytes(),
                                                                    file.builtAt()));
                                            return r.accepted()
                                                    ? Submissions.Answer.taken(r.id())
                                                    : Submissions.Answer.refused(r.reason());
                                        }))
                .doOnNext(
                        a -> {
                            if (a instanceof Submissions.Answer.Refused r)
                                log.warn(
                                        "the clearinghouse refused the 270 for held claim {}: {}",
                                        id,
                                        r.reason());
                        })
                .onErrorResume(
                        e -> {
                            log.warn(
                                    "the 270 for held claim {} is not sent now (the outbox relay"
                                            + " sends it again): {}",
                                    id,
                                    e.toString());
                            return Mono.empty();
                        })
                .then();
    }

    static Finding awaiting() {
        return Finding.error(
                AWAITING_RULE,
                "eligibility",
                null,
                "awaiting eligibility: the member has no 271 on file within 30 days, so a 270"
                        + " was sent; the claim is scrubbed again when its 271 arrives");
    }

    static Finding inactive(Answer a) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("271ReceivedAt", a.receivedAt() == null ? null : a.receivedAt().toString());
        if (a.plan() != null) evidence.put("plan", a.plan());
        return Finding.error(
                        INACTIVE_RULE,
                        "eligibility",
                        "27",
                        "the member has no active coverage: the 271 of "
                                + (a.receivedAt() == null
                                        ? "the payer"
                                        : a.receivedAt().toLocalDate().toString())
                                + " says so; check the patient's insurance before sending")
                .withEvidence(evidence);
    }
}
