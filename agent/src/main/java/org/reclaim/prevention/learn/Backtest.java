package org.reclaim.prevention.learn;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.reclaim.common.Money;
import org.reclaim.connector.records.Records;
import org.reclaim.prevention.RuleSource;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.scrub.Finding;
import org.reclaim.scrub.Scrubber;
import org.reclaim.x12.claim.ClaimLine;
import org.reclaim.x12.claim.Person;
import org.reclaim.x12.claim.Provider;
import org.reclaim.x12.claim.SubmittedClaim;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The backtest (issue 16 item 4): learn from the history stored up to a date, scrub the claims
 * first submitted after it — through the rules learned then and every other rule source (payer
 * rules, NCCI files; not the rules learned now, which have seen the answers) — and compare with how
 * those claims were in fact answered. A claim is flagged in a category when a finding predicts a
 * denial in it; it is caught when it was then denied in that category.
 */
@Service
public class Backtest {

    /**
     * The counts of the history up to {@code :until}, as the incremental tables would hold, over
     * the claims answered by then: a claim sent but not yet answered on {@code :until} is not yet
     * known to be paid, and counting it as paid would dilute every habit by the claims in flight.
     */
    private static final String CANDIDATES =
            """
            WITH o AS (SELECT * FROM learn_observation x WHERE x.practice_id = :p AND x.submitted_on <= :until
                         AND EXISTS (SELECT 1 FROM claim_payment_link k
                                     JOIN claim_payment cp ON cp.id = k.claim_payment_id
                                     JOIN remittance r ON r.id = cp.remittance_id
                                     WHERE k.submitted_claim_id = x.submitted_claim_id
                                       AND r.payment_date <= :until)),
            claims AS (
                SELECT o.payer, o.procedure,
                %1$s,
                       c.condition, count(*) AS claims
                FROM o CROSS JOIN generate_series(0, 15) AS m CROSS JOIN %2$s
                WHERE %3$s
                GROUP BY 1, 2, 3, 4, 5, 6, 7),
            denied AS (
                SELECT o.payer, o.procedure,
                %1$s,
                       n.condition, n.carc, max(n.category) AS category, count(*) AS denied, sum(n.amount) AS amount,
                       max(n.denied_on) AS last_seen,
                       (array_agg(n.denial_id ORDER BY n.denied_on DESC NULLS LAST, n.denial_id DESC))[1 : 20] AS denials
                FROM learn_outcome n JOIN o ON o.line_id = n.line_id CROSS JOIN generate_series(0, 15) AS m
                WHERE n.counted AND n.denied_on <= :until
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)
            SELECT d.*, c.claims
            FROM denied d JOIN claims c
                 ON (c.payer, c.procedure, c.modifiers, c.dx_category, c.pos, c.rendering, c.condition)
                  = (d.payer, d.procedure, d.modifiers, d.dx_category, d.pos, d.rendering, d.condition)"""
                    .formatted(
                            """
                            CASE WHEN m & 1 <> 0 THEN o.modifiers ELSE '*' END AS modifiers,
                            CASE WHEN m & 2 <> 0 THEN o.dx_category ELSE '*' END AS dx_category,
                            CASE WHEN m & 4 <> 0 THEN o.pos ELSE '*' END AS pos,
                            CASE WHEN m & 8 <> 0 THEN o.rendering ELSE '*' END AS rendering""",
                            Learner.CONDITIONS,
                            Learner.FAILS);

    /**
     * The practice's claims first submitted after {@code :until} (no earlier sending of the PCN).
     */
    private static final String LATER_CLAIMS =
            """
            SELECT c.* FROM submitted_claim c
            WHERE c.practice_id = :p AND coalesce(c.submission_date, c.service_from) > :until
              AND NOT EXISTS (SELECT 1 FROM submitted_claim e
                              WHERE e.practice_id = c.practice_id AND e.patient_control_number = c.patient_control_number
                                AND coalesce(e.submission_date, e.service_from) <= :until)
            ORDER BY c.id""";

    private final DatabaseClient db;
    private final LearnProperties properties;
    private final Records records;
    private final ObjectProvider<RuleSource> sources;

    Backtest(
            DatabaseClient db,
            LearnProperties properties,
            Records records,
            ObjectProvider<RuleSource> sources) {
        this.db = db;
        this.properties = properties;
        this.records = records;
        this.sources = sources;
    }

    /** Recall, precision and dollars kept, per category and overall (docs/prevention.md). */
    public Mono<Map<String, Object>> run(UUID practiceId, String slug, LocalDate until) {
        Mono<List<ClaimRule>> learned =
                db.sql(CANDIDATES)
                        .bind("p", practiceId)
                        .bind("until", until)
                        .map(LearnedRules::candidate)
                        .all()
                        .collectList()
                        .map(all -> Candidate.rules(all, properties))
                        .flatMap(
                                rules ->
                                        Mono.fromCallable(() -> OnFile.of(records, slug))
                                                .subscribeOn(Schedulers.boundedElastic())
                                                .map(
                                                        f ->
                                                                rules.stream()
                                                                        .map(
                                                                                c ->
                                                                                        (ClaimRule)
                                                                                                new LearnedRule(
                                                                                                        c,
                                                                                                        c,
                                                                                                        false,
                                                                                                        f))
                                                                        .toList()));
        Mono<List<ClaimRule>> others =
                Flux.fromStream(sources::orderedStream)
                        .filter(s -> !(s instanceof LearnedRules))
                        .concatMap(s -> s.rulesFor(practiceId, slug))
                        .collectList()
                        .map(ls -> ls.stream().flatMap(List::stream).toList());
        return Mono.zip(learned, others, claims(practiceId, until), denials(practiceId, until))
                .map(
                        t -> {
                            List<ClaimRule> all = new ArrayList<>(t.getT1());
                            all.addAll(t.getT2());
                            Scrubber scrubber = new Scrubber(all);
                            return report(until, t.getT1().size(), scrubber, t.getT3(), t.getT4());
                        });
    }

    private record Stored(UUID id, SubmittedClaim claim) {}

    private Map<String, Object> report(
            LocalDate until,
            int learnedRules,
            Scrubber scrubber,
            List<Stored> claims,
            Map<UUID, Map<String, BigDecimal>> denied) {
        Map<String, long[]> counts = new TreeMap<>(); // denied, flagged, caught
        Map<String, BigDecimal[]> dollars = new TreeMap<>(); // denied, kept
        long[] overall = new long[3];
        BigDecimal[] overallDollars = {BigDecimal.ZERO, BigDecimal.ZERO};
        for (Stored s : claims) {
            Set<String> flagged = new TreeSet<>();
            // scrubbed on the day it was sent, as the gate would have: a window that closed by
            // the day of the backtest had not closed then
            LocalDate sent = s.claim().submissionDate();
            LocalDate today = sent != null && sent.isAfter(until) ? sent : until;
            for (Finding f : scrubber.scrub(s.claim(), today).findings()) {
                if (f.category() != null
                        && !f.rule().startsWith("tx.")
                        && !f.rule().startsWith("scrub.")) flagged.add(f.category());
            }
            Map<String, BigDecimal> d = denied.getOrDefault(s.id(), Map.of());
            Set<String> categories = new HashSet<>(flagged);
            categories.addAll(d.keySet());
            boolean caughtAny = false;
            for (String k : categories) {
                long[] c = counts.computeIfAbsent(k, x -> new long[3]);
                BigDecimal[] m =
                        dollars.computeIfAbsent(
                                k, x -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                boolean isDenied = d.containsKey(k);
                boolean isFlagged = flagged.contains(k);
                if (isDenied) {
                    c[0]++;
                    m[0] = m[0].add(d.get(k));
                    overallDollars[0] = overallDollars[0].add(d.get(k));
                }
                if (isFlagged) c[1]++;
                if (isDenied && isFlagged) {
                    c[2]++;
                    caughtAny = true;
                    m[1] = m[1].add(d.get(k));
                    overallDollars[1] = overallDollars[1].add(d.get(k));
                }
            }
            if (!d.isEmpty()) overall[0]++;
            if (!flagged.isEmpty()) overall[1]++;
            if (caughtAny) overall[2]++;
        }
        Map<String, Object> byCategory = new LinkedHashMap<>();
        counts.forEach((k, c) -> byCategory.put(k, metrics(c, dollars.get(k))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("until", until.toString());
        out.put("learnedRules", learnedRules);
        out.put("claims", claims.size());
        out.put("overall", metrics(overall, overallDollars));
        out.put("categories", byCategory);
        return out;
    }

    private static Map<String, Object> metrics(long[] c, BigDecimal[] dollars) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("denied", c[0]);
        m.put("flagged", c[1]);
        m.put("caught", c[2]);
        m.put("falseAlarms", c[1] - c[2]);
        m.put("recall", c[0] == 0 ? null : LearnedRule.round((double) c[2] / c[0]));
        m.put("precision", c[1] == 0 ? null : LearnedRule.round((double) c[2] / c[1]));
        m.put("deniedAmount", dollars[0].setScale(2, java.math.RoundingMode.HALF_UP));
        m.put("keptAmount", dollars[1].setScale(2, java.math.RoundingMode.HALF_UP));
        return m;
    }

    /** Per later claim: its denials' amounts by category (any payment date). */
    private Mono<Map<UUID, Map<String, BigDecimal>>> denials(UUID practiceId, LocalDate until) {
        return db.sql(
                        """
                        SELECT k.submitted_claim_id, coalesce(d.category, 'OTHER') AS category, sum(d.amount) AS amount
                        FROM denial d JOIN claim_payment_link k ON k.claim_payment_id = d.claim_payment_id
                        WHERE d.practice_id = :p AND k.submitted_claim_id IN (%s)
                        GROUP BY 1, 2"""
                                .formatted(
                                        LATER_CLAIMS
                                                .replace("c.*", "c.id")
                                                .replace("ORDER BY c.id", "")))
                .bind("p", practiceId)
                .bind("until", until)
                .map(
                        r ->
                                Map.entry(
                                        r.get("submitted_claim_id", UUID.class),
                                        Map.entry(
                                                LearnedRule.category(
                                                        r.get("category", String.class)),
                                                r.get("amount", BigDecimal.class))))
                .all()
                .collectList()
                .map(
                        rows -> {
                            Map<UUID, Map<String, BigDecimal>> m = new HashMap<>();
                            for (var e : rows)
                                m.computeIfAbsent(e.getKey(), x -> new HashMap<>())
                                        .merge(
                                                e.getValue().getKey(),
                                                e.getValue().getValue(),
                                                BigDecimal::add);
                            return m;
                        });
    }

    private Mono<List<Stored>> claims(UUID practiceId, LocalDate until) {
        Mono<Map<UUID, List<ClaimLine>>> lines =
                db.sql(
                                """
                                SELECT l.* FROM submitted_claim_line l
                                WHERE l.submitted_claim_id IN (%s) ORDER BY l.submitted_claim_id, l.line_index"""
                                        .formatted(
                                                LATER_CLAIMS
                                                        .replace("c.*", "c.id")
                                                        .replace("ORDER BY c.id", "")))
                        .bind("p", practiceId)
                        .bind("until", until)
                        .map(r -> Map.entry(r.get("submitted_claim_id", UUID.class), line(r)))
                        .all()
                        .collectList()
                        .map(
                                rows -> {
                                    Map<UUID, List<ClaimLine>> m = new HashMap<>();
                                    for (var e : rows)
                                        m.computeIfAbsent(e.getKey(), x -> new ArrayList<>())
                                                .add(e.getValue());
                                    return m;
                                });
        return lines.flatMap(
                byClaim ->
                        db.sql(LATER_CLAIMS)
                                .bind("p", practiceId)
                                .bind("until", until)
                                .map(
                                        r -> {
                                            UUID id = r.get("id", UUID.class);
                                            return new Stored(
                                                    id,
                                                    claim(r, byClaim.getOrDefault(id, List.of())));
                                        })
                                .all()
                                .collectList());
    }

    private static ClaimLine line(Readable r) {
        String[] modifiers = r.get("modifiers", String[].class);
        Integer[] pointers = r.get("diagnosis_pointers", Integer[].class);
        BigDecimal charge = r.get("charge", BigDecimal.class);
        return new ClaimLine(
                r.get("line_index", Integer.class),
                r.get("procedure_qualifier", String.class),
                r.get("procedure", String.class),
                modifiers == null ? List.of() : Arrays.asList(modifiers),
                charge == null ? Money.ZERO : Money.of(charge),
                r.get("unit_qualifier", String.class),
                r.get("units", BigDecimal.class),
                r.get("service_from", LocalDate.class),
                r.get("service_to", LocalDate.class),
                r.get("revenue_code", String.class),
                r.get("place_of_service", String.class),
                pointers == null ? List.of() : Arrays.asList(pointers),
                r.get("control_number", String.class),
                0);
    }

    /** The claim as stored (what the 837 said that the tables keep). */
    private static SubmittedClaim claim(Readable r, List<ClaimLine> lines) {
        String[] dx = r.get("diagnoses", String[].class);
        String patientLast = r.get("patient_last_name", String.class);
        BigDecimal charge = r.get("charge", BigDecimal.class);
        return new SubmittedClaim(
                r.get("variant", String.class),
                1,
                r.get("control_number", String.class),
                null,
                r.get("submission_date", LocalDate.class),
                new Provider(null, r.get("submitter_id", String.class), null, null),
                new Provider(null, r.get("receiver_id", String.class), null, null),
                new Provider(
                        "XX",
                        r.get("billing_provider_id", String.class),
                        r.get("billing_provider_name", String.class),
                        r.get("billing_provider_tax_id", String.class)),
                r.get("rendering_provider_id", String.class) == null
                        ? null
                        : new Provider(
                                "XX",
                                r.get("rendering_provider_id", String.class),
                                r.get("rendering_provider_name", String.class),
                                null),
                new Provider(
                        "PI",
                        r.get("payer_id", String.class),
                        r.get("payer_name", String.class),
                        null),
                new Person(
                        r.get("subscriber_member_id", String.class),
                        r.get("subscriber_last_name", String.class),
                        r.get("subscriber_first_name", String.class),
                        r.get("subscriber_birth_date", LocalDate.class),
                        r.get("subscriber_gender", String.class),
                        null),
                patientLast == null
                        ? null
                        : new Person(
                                null,
                                patientLast,
                                r.get("patient_first_name", String.class),
                                r.get("patient_birth_date", LocalDate.class),
                                r.get("patient_gender", String.class),
                                r.get("patient_relationship", String.class)),
                r.get("patient_control_number", String.class),
                charge == null ? Money.ZERO : Money.of(charge),
                r.get("facility_code", String.class),
                r.get("frequency", String.class),
                dx == null ? List.of() : Arrays.asList(dx),
                r.get("prior_authorization", String.class),
                r.get("referral", String.class),
                r.get("payer_claim_number", String.class),
                r.get("service_from", LocalDate.class),
                r.get("service_to", LocalDate.class),
                lines,
                r.get("segment", Long.class) == null ? 0 : r.get("segment", Long.class),
                0);
    }
}
