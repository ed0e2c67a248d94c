package org.reclaim.prevention.learn;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.reclaim.connector.records.Records;
import org.reclaim.core.Times;
import org.reclaim.prevention.RuleSource;
import org.reclaim.scrub.ClaimRule;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The rules learned from a practice's history, as its counts stand now: the {@link RuleSource}
 * serving its enabled ones to the scrubber, and what operators list, disable and enable. A rule's
 * id is its pattern, condition and CARC hashed, so relearning finds the same id and an operator's
 * choice about it stays.
 *
 * <p>Each practice learns from its own counts. With {@code
 * reclaim.prevention.learn-across-practices} on, a pattern qualifies on the counts of every
 * practice of the installation added up (only the numbers cross), and a practice is shown only its
 * own counts and denials as the rule's evidence.
 */
@Service
@Order(100)
public class LearnedRules implements RuleSource {

    private static final String KEY = "payer, procedure, modifiers, dx_category, pos, rendering";

    private static final String OWN =
            """
            SELECT dc.payer, dc.procedure, dc.modifiers, dc.dx_category, dc.pos, dc.rendering, dc.condition,
                   dc.carc, dc.category, c.claims, dc.denied, dc.amount, dc.last_seen, dc.denials
            FROM learn_denied_count dc
            JOIN learn_count c ON c.practice_id = dc.practice_id AND c.payer = dc.payer AND c.procedure = dc.procedure
                 AND c.modifiers = dc.modifiers AND c.dx_category = dc.dx_category AND c.pos = dc.pos
                 AND c.rendering = dc.rendering AND c.condition = dc.condition
            WHERE dc.practice_id = :p AND dc.denied >= :minDenied
              AND c.claims >= :support AND dc.denied >= c.claims * CAST(:minRate AS float8)""";

    private static final String POOLED =
            """
            WITH d AS (SELECT %1$s, condition, carc, max(category) AS category, sum(denied) AS denied,
                              sum(amount) AS amount, max(last_seen) AS last_seen
                       FROM learn_denied_count GROUP BY %1$s, condition, carc),
                 c AS (SELECT %1$s, condition, sum(claims) AS claims FROM learn_count GROUP BY %1$s, condition)
            SELECT d.*, c.claims, CAST('{}' AS uuid[]) AS denials
            FROM d JOIN c USING (%1$s, condition)
            WHERE c.claims >= :support AND d.denied >= c.claims * CAST(:minRate AS float8)"""
                    .formatted(KEY);

    /** The practice's own counts for some patterns (zero when it has none). */
    private static final String OWN_OF =
            """
            SELECT k.payer, k.procedure, k.modifiers, k.dx_category, k.pos, k.rendering, k.condition, k.carc,
                   coalesce(dc.category, 'OTHER') AS category, coalesce(c.claims, 0) AS claims,
                   coalesce(dc.denied, 0) AS denied, coalesce(dc.amount, 0) AS amount, dc.last_seen,
                   coalesce(dc.denials, CAST('{}' AS uuid[])) AS denials
            FROM unnest(CAST(:payers AS text[]), CAST(:procedures AS text[]), CAST(:modifiers AS text[]),
                        CAST(:dxs AS text[]), CAST(:poses AS text[]), CAST(:renderings AS text[]),
                        CAST(:conditions AS text[]), CAST(:carcs AS text[]))
                 AS k(payer, procedure, modifiers, dx_category, pos, rendering, condition, carc)
            LEFT JOIN learn_count c ON c.practice_id = :p AND (c.payer, c.procedure, c.modifiers, c.dx_category,
                 c.pos, c.rendering, c.condition) = (k.payer, k.procedure, k.modifiers, k.dx_category, k.pos,
                 k.rendering, k.condition)
            LEFT JOIN learn_denied_count dc ON dc.practice_id = :p AND (dc.payer, dc.procedure, dc.modifiers,
                 dc.dx_category, dc.pos, dc.rendering, dc.condition, dc.carc) = (k.payer, k.procedure, k.modifiers,
                 k.dx_category, k.pos, k.rendering, k.condition, k.carc)""";

    private final DatabaseClient db;
    private final LearnProperties properties;
    private final boolean acrossPractices;
    private final Records records;
    private final Clock clock;

    LearnedRules(
            DatabaseClient db,
            LearnProperties properties,
            Records records,
            Clock clock,
            @Value("${reclaim.prevention.learn-across-practices:false}") boolean acrossPractices) {
        this.db = db;
        this.properties = properties;
        this.records = records;
        this.clock = clock;
        this.acrossPractices = acrossPractices;
    }

    /** One learned rule of a practice, with the operators' choice about it. */
    public record Learned(LearnedRule rule, boolean enabled) {

        /** The API's object (docs/api.md). */
        public Map<String, Object> toMap() {
            Candidate r = rule.rule();
            Candidate e = rule.evidence();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("rule", rule.id());
            m.put("enabled", enabled);
            m.put("severity", "warning");
            m.put("pattern", LearnedRule.pattern(r.pattern()));
            m.put("condition", r.condition());
            m.put("carc", r.carc());
            m.put("category", LearnedRule.category(r.category()));
            m.put("claims", e.claims());
            m.put("denied", e.denied());
            m.put("rate", LearnedRule.round(e.rate()));
            m.put("lowerBound", LearnedRule.round(r.lowerBound()));
            m.put("amount", e.amount());
            m.put("lastSeen", e.lastSeen() == null ? null : e.lastSeen().toString());
            m.put("denials", e.denials().stream().map(UUID::toString).toList());
            m.put("learnedAcrossPractices", rule.pooled());
            return m;
        }
    }

    @Override
    public Mono<List<ClaimRule>> rulesFor(UUID practiceId, String practiceSlug) {
        return learned(practiceId, practiceSlug)
                .map(
                        all ->
                                all.stream()
                                        .filter(Learned::enabled)
                                        .map(l -> (ClaimRule) l.rule())
                                        .toList());
    }

    /** Every rule the practice's history (or the installation's) teaches now, enabled or not. */
    public Mono<List<Learned>> learned(UUID practiceId, String practiceSlug) {
        Mono<List<LearnedRule>> rules =
                acrossPractices ? pooled(practiceId) : own(practiceId).map(LearnedRules::alone);
        return rules.flatMap(r -> withOnFile(r, practiceSlug))
                .flatMap(r -> withModifierFixes(r, practiceId))
                .zipWith(settings(practiceId))
                .map(
                        t ->
                                t.getT1().stream()
                                        .map(
                                                r ->
                                                        new Learned(
                                                                r,
                                                                t.getT2()
                                                                        .getOrDefault(
                                                                                r.rule().id(),
                                                                                true)))
                                        .toList());
    }

    private static List<LearnedRule> alone(List<Candidate> own) {
        return own.stream().map(c -> new LearnedRule(c, c, false, null)).toList();
    }

    /**
     * The modifiers a modifier rule's fix names: of the practice's own lines of the rule's payer
     * and procedure that carried a modifier, the modifiers most often seen on lines not denied with
     * the rule's CARC — at least {@code support} such lines, and at least 90 % of the lines with
     * those modifiers not denied with it. None qualifying, the rule has no fix.
     */
    private Mono<List<LearnedRule>> withModifierFixes(List<LearnedRule> rules, UUID practiceId) {
        if (rules.stream().noneMatch(r -> r.rule().condition().equals("modifier")))
            return Mono.just(rules);
        return reactor.core.publisher.Flux.fromIterable(rules)
                .concatMap(
                        r -> {
                            if (!r.rule().condition().equals("modifier")) return Mono.just(r);
                            return db.sql(PAID_MODIFIERS)
                                    .bind("p", practiceId)
                                    .bind("payer", r.rule().pattern().payer())
                                    .bind("procedure", r.rule().pattern().procedure())
                                    .bind("carc", r.rule().carc())
                                    .bind("support", (long) properties.support())
                                    .map(x -> x.get("modifiers", String.class))
                                    .one()
                                    .map(r::withModifierFix)
                                    .defaultIfEmpty(r);
                        })
                .collectList();
    }

    private static final String PAID_MODIFIERS =
            """
            SELECT o.modifiers FROM learn_observation o
            WHERE o.practice_id = :p AND o.payer = :payer AND o.procedure = :procedure AND o.has_modifier
            GROUP BY o.modifiers
            HAVING count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM learn_outcome x
                                                       WHERE x.line_id = o.line_id AND x.carc = :carc)) >= :support
               AND count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM learn_outcome x
                                                       WHERE x.line_id = o.line_id AND x.carc = :carc))
                   >= 0.9 * count(*)
            ORDER BY count(*) DESC, o.modifiers LIMIT 1""";

    private Mono<List<LearnedRule>> withOnFile(List<LearnedRule> rules, String slug) {
        if (rules.stream().noneMatch(r -> r.rule().condition().equals("authorization")))
            return Mono.just(rules);
        return Mono.fromCallable(() -> OnFile.of(records, slug))
                .subscribeOn(Schedulers.boundedElastic())
                .map(
                        f ->
                                rules.stream()
                                        .map(
                                                r ->
                                                        new LearnedRule(
                                                                r.rule(),
                                                                r.evidence(),
                                                                r.pooled(),
                                                                r.rule()
                                                                                .condition()
                                                                                .equals(
                                                                                        "authorization")
                                                                        ? f
                                                                        : null))
                                        .toList());
    }

    /**
     * The fewest denied lines a pattern may have: at least {@code support} claims, denied at {@code
     * minRate} or more, so {@code ceil(support × minRate)}; the index on {@code learn_denied_count
     * (practice_id, denied)} reads only those (V30).
     */
    static long minDenied(LearnProperties p) {
        return Math.max(0, (long) Math.ceil(p.support() * p.minRate() - 1e-9));
    }

    private Mono<List<Candidate>> own(UUID practiceId) {
        return db.sql(OWN)
                .bind("p", practiceId)
                .bind("minDenied", minDenied(properties))
                .bind("support", (long) properties.support())
                .bind("minRate", properties.minRate())
                .map(LearnedRules::candidate)
                .all()
                .collectList()
                .map(all -> Candidate.rules(all, properties));
    }

    private Mono<List<LearnedRule>> pooled(UUID practiceId) {
        Mono<List<Candidate>> installation =
                PracticeScope.ALL.run(
                        db.sql(POOLED)
                                .bind("support", (long) properties.support())
                                .bind("minRate", properties.minRate())
                                .map(LearnedRules::candidate)
                                .all()
                                .collectList()
                                .map(all -> Candidate.rules(all, properties)));
        return installation.flatMap(
                rules -> {
                    if (rules.isEmpty()) return Mono.just(List.<LearnedRule>of());
                    int n = rules.size();
                    String[][] cols = new String[8][n];
                    for (int i = 0; i < n; i++) {
                        Candidate c = rules.get(i);
                        Features f = c.pattern();
                        String[] v = {
                            f.payer(),
                            f.procedure(),
                            f.modifiers(),
                            f.dxCategory(),
                            f.pos(),
                            f.rendering(),
                            c.condition(),
                            c.carc()
                        };
                        for (int j = 0; j < 8; j++) cols[j][i] = v[j];
                    }
                    return db.sql(OWN_OF)
                            .bind("p", practiceId)
                            .bind("payers", cols[0])
                            .bind("procedures", cols[1])
                            .bind("modifiers", cols[2])
                            .bind("dxs", cols[3])
                            .bind("poses", cols[4])
                            .bind("renderings", cols[5])
                            .bind("conditions", cols[6])
                            .bind("carcs", cols[7])
                            .map(LearnedRules::candidate)
                            .all()
                            .collectList()
                            .map(
                                    own -> {
                                        Map<String, Candidate> byId = new HashMap<>();
                                        for (Candidate o : own) byId.put(o.id(), o);
                                        List<LearnedRule> out = new ArrayList<>();
                                        for (Candidate r : rules)
                                            out.add(
                                                    new LearnedRule(
                                                            r, byId.get(r.id()), true, null));
                                        return out;
                                    });
                });
    }

    static Candidate candidate(Readable r) {
        UUID[] denials = r.get("denials", UUID[].class);
        Number claims = r.get("claims", Number.class);
        Number denied = r.get("denied", Number.class);
        return new Candidate(
                new Features(
                        r.get("payer", String.class),
                        r.get("procedure", String.class),
                        r.get("modifiers", String.class),
                        r.get("dx_category", String.class),
                        r.get("pos", String.class),
                        r.get("rendering", String.class)),
                r.get("condition", String.class),
                r.get("carc", String.class),
                r.get("category", String.class),
                claims == null ? 0 : claims.longValue(),
                denied == null ? 0 : denied.longValue(),
                r.get("amount", BigDecimal.class),
                r.get("last_seen", LocalDate.class),
                denials == null ? List.of() : Arrays.asList(denials));
    }

    private Mono<Map<String, Boolean>> settings(UUID practiceId) {
        return db.sql("SELECT rule_id, enabled FROM learned_rule_setting WHERE practice_id = :p")
                .bind("p", practiceId)
                .map(
                        r ->
                                Map.entry(
                                        r.get("rule_id", String.class),
                                        r.get("enabled", Boolean.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * Sets an operator's choice about one of the practice's learned rules; empty when the practice
     * has no such rule now.
     */
    public Mono<Learned> setEnabled(
            UUID practiceId, String slug, String ruleId, boolean enabled, String operator) {
        String id = ruleId.startsWith("learned.") ? ruleId.substring("learned.".length()) : ruleId;
        return learned(practiceId, slug)
                .flatMap(
                        all -> {
                            Set<String> ids =
                                    all.stream()
                                            .map(l -> l.rule().rule().id())
                                            .collect(Collectors.toSet());
                            if (!ids.contains(id)) return Mono.empty();
                            return db.sql(
                                            """
                                            INSERT INTO learned_rule_setting (practice_id, rule_id, enabled, changed_by, changed_at)
                                            VALUES (:p, :id, :enabled, :by, :at)
                                            ON CONFLICT (practice_id, rule_id) DO UPDATE
                                            SET enabled = EXCLUDED.enabled, changed_by = EXCLUDED.changed_by,
                                                changed_at = EXCLUDED.changed_at""")
                                    .bind("p", practiceId)
                                    .bind("id", id)
                                    .bind("enabled", enabled)
                                    .bind("by", operator)
                                    .bind("at", Times.utc(clock.instant()))
                                    .then()
                                    .then(
                                            Mono.fromSupplier(
                                                    () ->
                                                            all.stream()
                                                                    .filter(
                                                                            l ->
                                                                                    l.rule()
                                                                                            .rule()
                                                                                            .id()
                                                                                            .equals(
                                                                                                    id))
                                                                    .findFirst()
                                                                    .map(
                                                                            l ->
                                                                                    new Learned(
                                                                                            l
                                                                                                    .rule(),
                                                                                            enabled))
                                                                    .orElseThrow()));
                        });
    }
}
