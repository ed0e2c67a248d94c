package org.reclaim.triage;

import org.reclaim.denial.AdjustmentCategories;
import org.reclaim.rules.Category;
import org.reclaim.ingest.StoredFileListener;
import org.reclaim.remittance.IdentificationRules;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.remittance.Identification;
import org.reclaim.rules.TriageFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Holds the triage configuration in force and applies it to stored denials. The configuration is
 * loaded when the service starts (a broken file stops start-up) and again on request; a denial is
 * triaged right after its file is stored, and any left untriaged (a crash in between) at start-up.
 */
@Service
public class TriageService implements IdentificationRules, StoredFileListener, AdjustmentCategories {

    private static final Logger log = LoggerFactory.getLogger(TriageService.class);
    private static final int BATCH = 2000;

    /** Statuses in which the chosen playbook has not started: re-triage may still switch it. */
    static final List<String> NOT_STARTED = List.of("NEW", "TRIAGED");

    private final ReclaimProperties properties;
    private final DatabaseClient db;
    private final Clock clock;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    private record Loaded(Triage triage, Identification identification) {
    }

    public TriageService(ReclaimProperties properties, DatabaseClient db, Clock clock) {
        this.properties = properties;
        this.db = db;
        this.clock = clock;
        Triage t = Triage.load(files());
        current.set(new Loaded(t, new Identification(t.workability())));
        log.info("triage loaded: {} CARCs, {} RARCs, {} payers, {} playbooks, {} contracted rates",
                t.catalog().carcs().size(), t.catalog().rarcs().size(), t.payers().payers().size(),
                t.playbooks().playbooks().size(), t.feeSchedule().rates().size());
    }

    private TriageFiles files() {
        return TriageFiles.locate(properties.triage().playbooksDir(), properties.triage().configDir());
    }

    public Triage current() {
        return current.get().triage();
    }

    /** Which adjustments are denials, by the catalog in force. */
    @Override
    public Category categoryOf(String payerName, List<String> payerIds, String group, String carc, List<String> rarcs) {
        Triage t = current();
        return t.classify(t.payer(payerName, payerIds), group, carc, rarcs).category();
    }

    @Override
    public Mono<Void> catchUp() {
        return triagePending().then();
    }

    @Override
    public Identification identification() {
        return current.get().identification();
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * What a reload and re-triage did. {@code contractedRates}: the fee schedule's rows, in force for
     * underpayments from now on (they are derived when asked for, so nothing is re-triaged for them).
     */
    public record Retriage(int carcs, int rarcs, int payers, int playbooks, int contractedRates, long reviewed,
            long changed, long playbooksKept) {
    }

    /**
     * Reads the files again; if they are valid they replace the configuration in force and every open
     * denial is triaged again. Work already done is kept: statuses are not touched, and a denial whose
     * playbook has started keeps it. A broken file fails with its location and changes nothing.
     */
    public Mono<Retriage> reload() {
        return Mono.fromCallable(() -> Triage.load(files())).subscribeOn(Schedulers.boundedElastic())
                .flatMap(t -> {
                    current.set(new Loaded(t, new Identification(t.workability())));
                    log.info("triage reloaded: {} payers, {} playbooks, {} contracted rates", t.payers().payers().size(),
                            t.playbooks().playbooks().size(), t.feeSchedule().rates().size());
                    return retriageOpen(t, new long[3], new UUID(0, 0))
                            .map(c -> new Retriage(t.catalog().carcs().size(), t.catalog().rarcs().size(),
                                    t.payers().payers().size(), t.playbooks().playbooks().size(),
                                    t.feeSchedule().rates().size(), c[0], c[1], c[2]));
                });
    }

    /** Triages every denial not triaged yet; returns how many. */
    public Mono<Long> triagePending() {
        return pendingBatch(current(), 0L);
    }

    private Mono<Long> pendingBatch(Triage t, long done) {
        return facts("d.triaged_at IS NULL ORDER BY d.id LIMIT " + BATCH, null)
                .flatMap(rows -> rows.isEmpty() ? Mono.just(done)
                        : write(t, rows, false).flatMap(n -> pendingBatch(t, done + rows.size())));
    }

    /** counts: reviewed, changed, playbooks kept */
    private Mono<long[]> retriageOpen(Triage t, long[] counts, UUID after) {
        return facts("d.status NOT IN (" + org.reclaim.denial.DenialStatus.terminalSql()
                        + ") AND d.id > :after ORDER BY d.id LIMIT " + BATCH, after)
                .flatMap(rows -> {
                    if (rows.isEmpty()) return Mono.just(counts);
                    counts[0] += rows.size();
                    for (Row r : rows) if (!NOT_STARTED.contains(r.status())) counts[2]++;
                    return write(t, rows, true).flatMap(changed -> {
                        counts[1] += changed;
                        return retriageOpen(t, counts, rows.get(rows.size() - 1).id());
                    });
                });
    }

    record Row(UUID id, String status, Triage.Facts facts) {
    }

    private Mono<List<Row>> facts(String condition, UUID after) {
        var spec = db.sql("""
                SELECT d.id, d.status, d.payer_id, d.payer_name, r.trace_originator, d.payment_date,
                       f.received_at::date AS received, d.service_date, d.group_code, d.carc, d.rarcs, d.amount
                FROM denial d
                JOIN remittance r ON r.id = d.remittance_id
                JOIN x12_file f ON f.id = r.file_id
                WHERE""" + " " + condition);
        if (after != null) spec = spec.bind("after", after);
        return spec.map(r -> {
            String[] rarcs = r.get("rarcs", String[].class);
            List<String> ids = new ArrayList<>(2);
            String payerId = r.get("payer_id", String.class);
            String originator = r.get("trace_originator", String.class);
            if (payerId != null) ids.add(payerId);
            if (originator != null) ids.add(originator);
            return new Row(r.get("id", UUID.class), r.get("status", String.class), new Triage.Facts(
                    r.get("payer_name", String.class), ids, r.get("payment_date", LocalDate.class),
                    r.get("received", LocalDate.class), r.get("service_date", LocalDate.class),
                    r.get("group_code", String.class), r.get("carc", String.class),
                    rarcs == null ? List.of() : Arrays.asList(rarcs), r.get("amount", BigDecimal.class)));
        }).all().collectList();
    }

    /** Plans the rows and writes the plans in one statement; returns how many rows changed. */
    private Mono<Long> write(Triage t, List<Row> rows, boolean onlyChanged) {
        LocalDate today = today();
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] category = new String[n];
        String[] categoryBasis = new String[n];
        String[] rootCause = new String[n];
        Boolean[] appealable = new Boolean[n];
        String[] nextAction = new String[n];
        LocalDate[] deadline = new LocalDate[n];
        String[] deadlineBasis = new String[n];
        BigDecimal[] expected = new BigDecimal[n];
        String[] playbook = new String[n];
        String[] playbookReason = new String[n];
        String[] payerType = new String[n];
        Boolean[] payerConfigured = new Boolean[n];
        String[] warnings = new String[n];
        java.util.Set<String> unknownCodes = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            Triage.Plan p = t.plan(r.facts(), today);
            for (String w : p.warnings()) if (w.startsWith("unknown")) unknownCodes.add(w);
            ids[i] = r.id();
            category[i] = p.category().name();
            categoryBasis[i] = p.categoryBasis();
            rootCause[i] = p.rootCause();
            appealable[i] = p.appealable();
            nextAction[i] = p.nextAction().name();
            deadline[i] = p.deadline();
            deadlineBasis[i] = p.deadlineBasis();
            expected[i] = p.expectedRecovery();
            playbook[i] = p.playbook();
            playbookReason[i] = p.playbookReason();
            payerType[i] = p.payer().type().name();
            payerConfigured[i] = p.payerConfigured();
            warnings[i] = String.join("\n", p.warnings());
        }
        if (!unknownCodes.isEmpty()) {
            // codes only, no claim data: the catalog may need a new row
            log.warn("codes not in the catalog, triaged as OTHER: {}", unknownCodes);
        }
        String changed = !onlyChanged ? "" :"""
                 AND (d.category IS DISTINCT FROM t.category OR d.root_cause IS DISTINCT FROM t.root_cause
                      OR d.appealable IS DISTINCT FROM t.appealable OR d.next_action IS DISTINCT FROM t.next_action
                      OR d.deadline IS DISTINCT FROM t.deadline OR d.expected_recovery IS DISTINCT FROM t.expected
                      OR (d.status IN ('NEW', 'TRIAGED') AND d.playbook IS DISTINCT FROM t.playbook)
                      OR d.payer_type IS DISTINCT FROM t.payer_type)""";
        // NEW -> TRIAGED is a lifecycle move like any other: it gets its event, in the same statement
        return db.sql("""
                WITH t AS (
                    SELECT * FROM unnest(:ids::uuid[], :category::text[], :categoryBasis::text[], :rootCause::text[],
                            :appealable::boolean[], :nextAction::text[], :deadline::date[], :deadlineBasis::text[],
                            :expected::numeric[], :playbook::text[], :playbookReason::text[], :payerType::text[],
                            :payerConfigured::boolean[], :warnings::text[])
                     AS t(id, category, category_basis, root_cause, appealable, next_action, deadline, deadline_basis,
                          expected, playbook, playbook_reason, payer_type, payer_configured, warnings)),
                fresh AS (SELECT d.id, d.practice_id FROM denial d JOIN t ON t.id = d.id WHERE d.status = 'NEW'),
                upd AS (
                    UPDATE denial d SET
                        category = t.category, category_basis = t.category_basis, root_cause = t.root_cause,
                        appealable = t.appealable, next_action = t.next_action, deadline = t.deadline,
                        deadline_basis = t.deadline_basis, expected_recovery = t.expected,
                        playbook = CASE WHEN d.status IN ('NEW', 'TRIAGED') OR d.playbook IS NULL THEN t.playbook ELSE d.playbook END,
                        playbook_reason = CASE WHEN d.status IN ('NEW', 'TRIAGED') OR d.playbook IS NULL THEN t.playbook_reason
                                               ELSE d.playbook_reason END,
                        payer_type = t.payer_type, payer_configured = t.payer_configured,
                        triage_warnings = CASE WHEN t.warnings = '' THEN '{}'::text[] ELSE string_to_array(t.warnings, E'\\n') END,
                        triaged_at = now(),
                        status = CASE WHEN d.status = 'NEW' THEN 'TRIAGED' ELSE d.status END
                    FROM t
                    WHERE d.id = t.id""" + " " + changed +"""
                    RETURNING d.id),
                ev AS (
                    INSERT INTO denial_event (id, practice_id, denial_id, from_status, to_status, actor, reason, at)
                    SELECT gen_random_uuid(), f.practice_id, f.id, 'NEW', 'TRIAGED', 'triage', 'categorized and planned', :at
                    FROM fresh f JOIN upd u ON u.id = f.id
                    RETURNING 1)
                SELECT (SELECT count(*) FROM upd) AS changed, (SELECT count(*) FROM ev) AS events""")
                .bind("ids", ids).bind("category", category).bind("categoryBasis", categoryBasis)
                .bind("rootCause", rootCause).bind("appealable", appealable).bind("nextAction", nextAction)
                .bind("deadline", deadline).bind("deadlineBasis", deadlineBasis).bind("expected", expected)
                .bind("playbook", playbook).bind("playbookReason", playbookReason).bind("payerType", payerType)
                .bind("payerConfigured", payerConfigured).bind("warnings", warnings)
                .bind("at", clock.instant().atOffset(java.time.ZoneOffset.UTC))
                .map(r -> r.get("changed", Long.class)).one();
    }
}
