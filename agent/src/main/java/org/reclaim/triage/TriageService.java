package org.reclaim.triage;

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
import org.reclaim.denial.AdjustmentCategories;
import org.reclaim.denial.Lifecycle;
import org.reclaim.denial.TriageVerdict;
import org.reclaim.ingest.StoredFileListener;
import org.reclaim.remittance.Identification;
import org.reclaim.remittance.IdentificationRules;
import org.reclaim.rules.Category;
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
public class TriageService
        implements IdentificationRules, StoredFileListener, AdjustmentCategories {

    private static final Logger log = LoggerFactory.getLogger(TriageService.class);
    private static final int BATCH = 2000;

    /** Statuses in which the chosen playbook has not started: re-triage may still switch it. */
    static final List<String> NOT_STARTED = List.of("NEW", "TRIAGED");

    private final ReclaimProperties properties;
    private final DatabaseClient db;
    private final Clock clock;
    private final Lifecycle lifecycle;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    private record Loaded(Triage triage, Identification identification) {}

    public TriageService(
            ReclaimProperties properties, DatabaseClient db, Clock clock, Lifecycle lifecycle) {
        this.properties = properties;
        this.db = db;
        this.clock = clock;
        this.lifecycle = lifecycle;
        Triage t = Triage.load(files());
        current.set(new Loaded(t, new Identification(t.workability())));
        log.info(
                "triage loaded: {} CARCs, {} RARCs, {} payers, {} playbooks, {} contracted rates",
                t.catalog().carcs().size(),
                t.catalog().rarcs().size(),
                t.payers().payers().size(),
                t.playbooks().playbooks().size(),
                t.feeSchedule().rates().size());
    }

    private TriageFiles files() {
        return TriageFiles.locate(
                properties.triage().playbooksDir(), properties.triage().configDir());
    }

    public Triage current() {
        return current.get().triage();
    }

    /** Which adjustments are denials, by the catalog in force. */
    @Override
    public Category categoryOf(
            String payerName,
            List<String> payerIds,
            String group,
            String carc,
            List<String> rarcs) {
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
     * What a reload and re-triage did. {@code contractedRates}: the fee schedule's rows, in force
     * for underpayments from now on (they are derived when asked for, so nothing is re-triaged for
     * them).
     */
    public record Retriage(
            int carcs,
            int rarcs,
            int payers,
            int playbooks,
            int contractedRates,
            long reviewed,
            long changed,
            long playbooksKept) {}

    /**
     * Reads the files again; if they are valid they replace the configuration in force and every
     * open denial is triaged again. Work already done is kept: statuses are not touched, and a
     * denial whose playbook has started keeps it. A broken file fails with its location and changes
     * nothing.
     */
    public Mono<Retriage> reload() {
        return Mono.fromCallable(() -> Triage.load(files()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        t -> {
                            current.set(new Loaded(t, new Identification(t.workability())));
                            log.info(
                                    "triage reloaded: {} payers, {} playbooks, {} contracted rates",
                                    t.payers().payers().size(),
                                    t.playbooks().playbooks().size(),
                                    t.feeSchedule().rates().size());
                            return retriageOpen(t, new long[3], new UUID(0, 0))
                                    .map(
                                            c ->
                                                    new Retriage(
                                                            t.catalog().carcs().size(),
                                                            t.catalog().rarcs().size(),
                                                            t.payers().payers().size(),
                                                            t.playbooks().playbooks().size(),
                                                            t.feeSchedule().rates().size(),
                                                            c[0],
                                                            c[1],
                                                            c[2]));
                        });
    }

    /** Triages every denial not triaged yet; returns how many. */
    public Mono<Long> triagePending() {
        return pendingBatch(current(), 0L);
    }

    private Mono<Long> pendingBatch(Triage t, long done) {
        return facts("d.triaged_at IS NULL ORDER BY d.id LIMIT " + BATCH, null)
                .flatMap(
                        rows ->
                                rows.isEmpty()
                                        ? Mono.just(done)
                                        : write(t, rows, false)
                                                .flatMap(n -> pendingBatch(t, done + rows.size())));
    }

    /** counts: reviewed, changed, playbooks kept */
    private Mono<long[]> retriageOpen(Triage t, long[] counts, UUID after) {
        return facts(
                        "d.status NOT IN ("
                                + org.reclaim.denial.DenialStatus.terminalSql()
                                + ") AND d.id > :after ORDER BY d.id LIMIT "
                                + BATCH,
                        after)
                .flatMap(
                        rows -> {
                            if (rows.isEmpty()) return Mono.just(counts);
                            counts[0] += rows.size();
                            for (Row r : rows) if (!NOT_STARTED.contains(r.status())) counts[2]++;
                            return write(t, rows, true)
                                    .flatMap(
                                            changed -> {
                                                counts[1] += changed;
                                                return retriageOpen(
                                                        t, counts, rows.get(rows.size() - 1).id());
                                            });
                        });
    }

    record Row(UUID id, String status, Triage.Facts facts) {}

    private Mono<List<Row>> facts(String condition, UUID after) {
        var spec =
                db.sql(
                        """
                SELECT d.id, d.status, d.payer_id, d.payer_name, r.trace_originator, d.payment_date,
                       f.received_at::date AS received, d.service_date, d.group_code, d.carc, d.rarcs, d.amount
                FROM denial d
                JOIN remittance r ON r.id = d.remittance_id
                JOIN x12_file f ON f.id = r.file_id
                WHERE"""
                                + " "
                                + condition);
        if (after != null) spec = spec.bind("after", after);
        return spec.map(
                        r -> {
                            String[] rarcs = r.get("rarcs", String[].class);
                            List<String> ids = new ArrayList<>(2);
                            String payerId = r.get("payer_id", String.class);
                            String originator = r.get("trace_originator", String.class);
                            if (payerId != null) ids.add(payerId);
                            if (originator != null) ids.add(originator);
                            return new Row(
                                    r.get("id", UUID.class),
                                    r.get("status", String.class),
                                    new Triage.Facts(
                                            r.get("payer_name", String.class),
                                            ids,
                                            r.get("payment_date", LocalDate.class),
                                            r.get("received", LocalDate.class),
                                            r.get("service_date", LocalDate.class),
                                            r.get("group_code", String.class),
                                            r.get("carc", String.class),
                                            rarcs == null ? List.of() : Arrays.asList(rarcs),
                                            r.get("amount", BigDecimal.class)));
                        })
                .all()
                .collectList();
    }

    /** Plans the rows and writes the plans in one statement; returns how many rows changed. */
    private Mono<Long> write(Triage t, List<Row> rows, boolean onlyChanged) {
        LocalDate today = today();
        int n = rows.size();
        List<TriageVerdict> verdicts = new ArrayList<>(n);
        java.util.Set<String> unknownCodes = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            Triage.Plan p = t.plan(r.facts(), today);
            for (String w : p.warnings()) if (w.startsWith("unknown")) unknownCodes.add(w);
            verdicts.add(
                    new TriageVerdict(
                            r.id(),
                            p.category().name(),
                            p.categoryBasis(),
                            p.rootCause(),
                            p.appealable(),
                            p.nextAction().name(),
                            p.deadline(),
                            p.deadlineBasis(),
                            p.expectedRecovery(),
                            p.playbook(),
                            p.playbookReason(),
                            p.payer().type().name(),
                            p.payerConfigured(),
                            p.warnings()));
        }
        if (!unknownCodes.isEmpty()) {
            // codes only, no claim data: the catalog may need a new row
            log.warn("codes not in the catalog, triaged as OTHER: {}", unknownCodes);
        }
        return lifecycle.triaged(verdicts, onlyChanged);
    }
}
