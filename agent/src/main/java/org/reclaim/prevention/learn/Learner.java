package org.reclaim.prevention.learn;

import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reclaim.connector.records.Records;
import org.reclaim.ingest.StoredFile;
import org.reclaim.ingest.StoredFileListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Learns from each stored file (issue 16 item 2, docs/prevention.md "Learned rules"): an 837's
 * claim lines become observations, an 835's denials become their outcomes, and both only add to the
 * per-pattern counts ({@code learn_count}, {@code learn_denied_count}) — one file never re-scans
 * the history. Told of the same file twice, it changes nothing the second time: a line is observed
 * once and a (line, CARC) outcome counted once, each in the statement that adds its counts.
 *
 * <p>The 835 may arrive before or after its 837: the outcomes looked for are those of the file's
 * remittances and those of the file's claims, whichever arrives last links them.
 */
@Component
public class Learner implements StoredFileListener {

    private static final int CHUNK = 2000;

    /** The 16 patterns of a line: payer and procedure, with each subset of the other four. */
    private static final String PATTERN_COLUMNS =
            """
            CASE WHEN m & 1 <> 0 THEN o.modifiers ELSE '*' END,
            CASE WHEN m & 2 <> 0 THEN o.dx_category ELSE '*' END,
            CASE WHEN m & 4 <> 0 THEN o.pos ELSE '*' END,
            CASE WHEN m & 8 <> 0 THEN o.rendering ELSE '*' END""";

    /** The conditions a line fails (and so counts for): {@code c.condition} against {@code o}. */
    static final String FAILS =
            "(c.condition <> 'authorization' OR NOT o.authorized)"
                    + " AND (c.condition <> 'modifier' OR NOT o.has_modifier)";

    static final String CONDITIONS =
            "(VALUES ('none'), ('authorization'), ('modifier')) AS c(condition)";

    /** The condition that answers a denial, from its triaged category and CARC. */
    static final String CONDITION_OF_DENIAL =
            "CASE WHEN d.category = 'AUTHORIZATION' THEN 'authorization'"
                    + " WHEN d.carc = '4' THEN 'modifier' ELSE 'none' END";

    private static final String LINES =
            """
            SELECT l.id, c.practice_id, c.id AS claim_id, p.slug,
                   coalesce(c.submission_date, c.service_from, l.service_from) AS submitted_on,
                   c.payer_id, c.payer_name, c.rendering_provider_id, c.facility_code, c.diagnoses,
                   c.prior_authorization, c.patient_control_number, c.subscriber_member_id,
                   coalesce(l.service_from, c.service_from) AS dos_from,
                   coalesce(l.service_to, l.service_from, c.service_to, c.service_from) AS dos_to,
                   l.procedure, l.modifiers, l.place_of_service, l.diagnosis_pointers, l.charge
            FROM submitted_claim c
            JOIN submitted_claim_line l ON l.submitted_claim_id = c.id
            JOIN practice p ON p.id = c.practice_id
            WHERE %s AND NOT EXISTS (SELECT 1 FROM learn_observation x WHERE x.line_id = l.id)
            ORDER BY c.practice_id, l.id""";

    private static final String OBSERVE =
            """
            WITH o AS (
                INSERT INTO learn_observation (line_id, practice_id, submitted_claim_id, submitted_on, payer,
                                               procedure, modifiers, dx_category, pos, rendering, authorized,
                                               has_modifier, charge)
                SELECT id, practice_id, claim_id, CAST(submitted_on AS date), payer, procedure, modifiers, dx, pos,
                       rendering, CAST(authorized AS boolean), CAST(has_modifier AS boolean), CAST(charge AS numeric)
                FROM unnest(CAST(:ids AS uuid[]), CAST(:practices AS uuid[]), CAST(:claims AS uuid[]),
                            CAST(:dates AS text[]), CAST(:payers AS text[]), CAST(:procedures AS text[]),
                            CAST(:modifiers AS text[]), CAST(:dxs AS text[]), CAST(:poses AS text[]),
                            CAST(:renderings AS text[]), CAST(:authorized AS text[]), CAST(:hasModifier AS text[]),
                            CAST(:charges AS text[]))
                     AS t(id, practice_id, claim_id, submitted_on, payer, procedure, modifiers, dx, pos, rendering,
                          authorized, has_modifier, charge)
                ON CONFLICT DO NOTHING
                RETURNING *)
            INSERT INTO learn_count (practice_id, payer, procedure, modifiers, dx_category, pos, rendering, condition, claims)
            SELECT o.practice_id, o.payer, o.procedure,
            %s,
                   c.condition, count(*)
            FROM o CROSS JOIN generate_series(0, 15) AS m CROSS JOIN %s
            WHERE %s
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            ON CONFLICT (practice_id, payer, procedure, modifiers, dx_category, pos, rendering, condition)
            DO UPDATE SET claims = learn_count.claims + EXCLUDED.claims"""
                    .formatted(PATTERN_COLUMNS, CONDITIONS, FAILS);

    private static final String OUTCOMES =
            """
            WITH d AS (
                SELECT DISTINCT ON (o.line_id, d.carc) o.line_id, o.practice_id, d.carc, d.id AS denial_id,
                       d.payment_date, d.amount, coalesce(d.category, 'OTHER') AS category,
                       %s AS condition, o.authorized, o.has_modifier
                FROM denial d
                JOIN claim_payment_link k ON k.claim_payment_id = d.claim_payment_id
                JOIN learn_observation o ON o.submitted_claim_id = k.submitted_claim_id
                     AND (d.line IS NULL OR d.procedure IS NULL OR upper(d.procedure) = o.procedure)
                WHERE %%s
                ORDER BY o.line_id, d.carc, d.payment_date, d.id),
            n AS (
                INSERT INTO learn_outcome (line_id, carc, practice_id, condition, category, denial_id, denied_on,
                                           amount, counted)
                SELECT line_id, carc, practice_id, condition, category, denial_id, payment_date, amount,
                       NOT ((condition = 'authorization' AND authorized) OR (condition = 'modifier' AND has_modifier))
                FROM d
                ON CONFLICT DO NOTHING
                RETURNING *)
            INSERT INTO learn_denied_count (practice_id, payer, procedure, modifiers, dx_category, pos, rendering,
                                            condition, carc, category, denied, amount, last_seen, denials)
            SELECT o.practice_id, o.payer, o.procedure,
            %s,
                   n.condition, n.carc, max(n.category), count(*), sum(n.amount), max(n.denied_on),
                   (array_agg(n.denial_id ORDER BY n.denied_on DESC NULLS LAST, n.denial_id DESC))[1 : 20]
            FROM n JOIN learn_observation o ON o.line_id = n.line_id CROSS JOIN generate_series(0, 15) AS m
            WHERE n.counted
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
            ON CONFLICT (practice_id, payer, procedure, modifiers, dx_category, pos, rendering, condition, carc)
            DO UPDATE SET denied = learn_denied_count.denied + EXCLUDED.denied,
                          amount = learn_denied_count.amount + EXCLUDED.amount,
                          category = EXCLUDED.category,
                          last_seen = greatest(learn_denied_count.last_seen, EXCLUDED.last_seen),
                          denials = (EXCLUDED.denials || learn_denied_count.denials)[1 : 20]"""
                    .formatted(CONDITION_OF_DENIAL, PATTERN_COLUMNS);

    private static final String FILE_CLAIMS =
            "c.submission_id IN (SELECT s.id FROM claim_submission s WHERE s.file_id = :file)";

    private static final String FILE_DENIALS =
            "(d.remittance_id IN (SELECT r.id FROM remittance r WHERE r.file_id = :file)"
                    + " OR k.submitted_claim_id IN (SELECT c.id FROM submitted_claim c"
                    + " JOIN claim_submission s ON s.id = c.submission_id WHERE s.file_id = :file))";

    private final DatabaseClient db;
    private final Records records;
    private final TransactionalOperator tx;

    Learner(DatabaseClient db, Records records, ReactiveTransactionManager txm) {
        this.db = db;
        this.records = records;
        this.tx = TransactionalOperator.create(txm);
    }

    @Override
    public Mono<Void> stored(StoredFile file) {
        return observe(FILE_CLAIMS, "file", file.fileId())
                .then(outcomes(FILE_DENIALS, "file", file.fileId()));
    }

    /**
     * Forgets what was learned for the practice and learns its whole stored history again (the
     * operators' choices about rules are kept). The same counts the files added one at a time.
     */
    public Mono<Void> relearn(UUID practiceId) {
        Mono<Void> forget =
                Flux.fromIterable(
                                List.of(
                                        "learn_denied_count",
                                        "learn_count",
                                        "learn_outcome",
                                        "learn_observation"))
                        .concatMap(
                                t ->
                                        db.sql("DELETE FROM " + t + " WHERE practice_id = :p")
                                                .bind("p", practiceId)
                                                .then())
                        .then();
        return forget.then(observe("c.practice_id = :p", "p", practiceId))
                .then(outcomes("d.practice_id = :p", "p", practiceId))
                .as(tx::transactional);
    }

    private Mono<Void> outcomes(String where, String name, UUID value) {
        return db.sql(OUTCOMES.formatted(where)).bind(name, value).then();
    }

    private Mono<Void> observe(String where, String name, UUID value) {
        Map<String, OnFile> onFile = new HashMap<>();
        return db.sql(LINES.formatted(where))
                .bind(name, value)
                .map(Learner::line)
                .all()
                .buffer(CHUNK)
                .concatMap(
                        chunk ->
                                Mono.fromCallable(() -> observations(chunk, onFile))
                                        .subscribeOn(Schedulers.boundedElastic())
                                        .flatMap(this::insert))
                .then();
    }

    /** A stored claim line with what its observation is made of. */
    private record Line(
            UUID id,
            UUID practice,
            UUID claim,
            String slug,
            LocalDate submittedOn,
            Features features,
            boolean authorizedOnClaim,
            String pcn,
            String payerId,
            String memberId,
            LocalDate from,
            LocalDate to,
            BigDecimal charge) {}

    private static Line line(Readable r) {
        String[] dx = r.get("diagnoses", String[].class);
        Integer[] pointers = r.get("diagnosis_pointers", Integer[].class);
        String[] modifiers = r.get("modifiers", String[].class);
        String auth = r.get("prior_authorization", String.class);
        Features f =
                Features.of(
                        r.get("payer_id", String.class),
                        r.get("payer_name", String.class),
                        r.get("procedure", String.class),
                        modifiers == null ? List.of() : Arrays.asList(modifiers),
                        dx == null ? List.of() : Arrays.asList(dx),
                        pointers == null ? List.of() : Arrays.asList(pointers),
                        r.get("place_of_service", String.class),
                        r.get("facility_code", String.class),
                        r.get("rendering_provider_id", String.class));
        return new Line(
                r.get("id", UUID.class),
                r.get("practice_id", UUID.class),
                r.get("claim_id", UUID.class),
                r.get("slug", String.class),
                r.get("submitted_on", LocalDate.class),
                f,
                auth != null && !auth.isBlank(),
                r.get("patient_control_number", String.class),
                r.get("payer_id", String.class),
                r.get("subscriber_member_id", String.class),
                r.get("dos_from", LocalDate.class),
                r.get("dos_to", LocalDate.class),
                r.get("charge", BigDecimal.class));
    }

    private record Batch(List<Line> lines, List<Boolean> authorized) {}

    private Batch observations(List<Line> lines, Map<String, OnFile> onFile) {
        List<Boolean> authorized = new ArrayList<>(lines.size());
        for (Line l : lines) {
            boolean a = l.authorizedOnClaim();
            if (!a) {
                OnFile f = onFile.computeIfAbsent(l.slug(), s -> OnFile.of(records, s));
                a =
                        f.covers(
                                l.pcn(),
                                l.payerId(),
                                l.memberId(),
                                l.features().procedure(),
                                l.from(),
                                l.to());
            }
            authorized.add(a);
        }
        return new Batch(lines, authorized);
    }

    private Mono<Void> insert(Batch b) {
        int n = b.lines().size();
        UUID[] ids = new UUID[n], practices = new UUID[n], claims = new UUID[n];
        String[] dates = new String[n], payers = new String[n], procedures = new String[n];
        String[] modifiers = new String[n], dxs = new String[n], poses = new String[n];
        String[] renderings = new String[n],
                authorized = new String[n],
                hasModifier = new String[n];
        String[] charges = new String[n];
        for (int i = 0; i < n; i++) {
            Line l = b.lines().get(i);
            Features f = l.features();
            ids[i] = l.id();
            practices[i] = l.practice();
            claims[i] = l.claim();
            dates[i] = l.submittedOn() == null ? null : l.submittedOn().toString();
            payers[i] = f.payer();
            procedures[i] = f.procedure();
            modifiers[i] = f.modifiers();
            dxs[i] = f.dxCategory();
            poses[i] = f.pos();
            renderings[i] = f.rendering();
            authorized[i] = b.authorized().get(i) ? "t" : "f";
            hasModifier[i] = f.hasModifier() ? "t" : "f";
            charges[i] = l.charge() == null ? "0" : l.charge().toPlainString();
        }
        return db.sql(OBSERVE)
                .bind("ids", ids)
                .bind("practices", practices)
                .bind("claims", claims)
                .bind("dates", dates)
                .bind("payers", payers)
                .bind("procedures", procedures)
                .bind("modifiers", modifiers)
                .bind("dxs", dxs)
                .bind("poses", poses)
                .bind("renderings", renderings)
                .bind("authorized", authorized)
                .bind("hasModifier", hasModifier)
                .bind("charges", charges)
                .then();
    }
}
