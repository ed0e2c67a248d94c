package org.reclaim.work;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.reclaim.core.Times;
import org.reclaim.playbook.Playbook;
import org.reclaim.playbook.PlaybookSet;
import org.reclaim.rules.ConfigFile;
import org.reclaim.rules.TriageConfigException;
import org.reclaim.triage.TriageService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The playbook versions work items are pinned to. Each version loaded is stored with its text
 * ({@code playbook_version}) before any item is pinned to it; an item runs the steps of its own
 * version whatever was loaded since, found in memory, else parsed again from the stored text (after
 * a restart with the file changed).
 */
@Component
public class PlaybookVersions {

    private final DatabaseClient db;
    private final TriageService triage;
    private final Clock clock;
    private final Map<String, Playbook> known = new ConcurrentHashMap<>();
    private final AtomicReference<PlaybookSet> stored = new AtomicReference<>();

    PlaybookVersions(DatabaseClient db, TriageService triage, Clock clock) {
        this.db = db;
        this.triage = triage;
        this.clock = clock;
    }

    /**
     * Stores the versions of the playbooks in force (once per loaded set); emits the version of
     * each playbook with steps, by playbook id, for new work items.
     */
    Mono<Map<String, String>> current() {
        PlaybookSet set = triage.current().playbooks();
        Map<String, String> versions = new java.util.LinkedHashMap<>();
        List<Playbook> worked = new ArrayList<>();
        for (Playbook p : set.playbooks()) {
            if (p.steps().isEmpty()) continue;
            versions.put(p.id(), p.version());
            worked.add(p);
            known.putIfAbsent(p.version(), p);
        }
        if (stored.get() == set || worked.isEmpty()) return Mono.just(versions);
        return db.sql(
                        """
                        INSERT INTO playbook_version (version, playbook, file, source, first_seen)
                        SELECT * FROM unnest(:versions, :ids, :files, :sources, :now)
                        ON CONFLICT (version) DO NOTHING""")
                .bind("versions", worked.stream().map(Playbook::version).toArray(String[]::new))
                .bind("ids", worked.stream().map(Playbook::id).toArray(String[]::new))
                .bind("files", worked.stream().map(Playbook::file).toArray(String[]::new))
                .bind("sources", worked.stream().map(Playbook::source).toArray(String[]::new))
                .bind(
                        "now",
                        worked.stream()
                                .map(p -> Times.utc(clock.instant()))
                                .toArray(java.time.OffsetDateTime[]::new))
                .fetch()
                .rowsUpdated()
                .doOnSuccess(n -> stored.set(set))
                .thenReturn(versions);
    }

    /**
     * The playbook an item runs: its pinned version; an item without one (started before versions
     * were kept) is pinned here to the version in force. Empty when neither is there (the playbook
     * was removed before a pre-upgrade item pinned it).
     */
    Mono<Playbook> of(WorkItem item) {
        if (item.playbookVersion() == null) {
            Playbook now = triage.current().playbooks().byId(item.playbook());
            if (now == null || now.steps().isEmpty()) return Mono.empty();
            return current()
                    .then(
                            db.sql(
                                            "UPDATE work_item SET playbook_version = :v"
                                                    + " WHERE denial_id = :id AND playbook_version IS NULL")
                                    .bind("v", now.version())
                                    .bind("id", item.denialId())
                                    .fetch()
                                    .rowsUpdated())
                    .thenReturn(now);
        }
        return version(item.playbookVersion());
    }

    /** A stored version by its hash; an error naming it when its text no longer loads. */
    public Mono<Playbook> version(String version) {
        Playbook p = known.get(version);
        if (p != null) return Mono.just(p);
        return db.sql("SELECT file, source FROM playbook_version WHERE version = :v")
                .bind("v", version)
                .map(
                        r ->
                                new ConfigFile(
                                        r.get("file", String.class), r.get("source", String.class)))
                .one()
                .map(
                        f -> {
                            try {
                                Playbook parsed =
                                        PlaybookSet.parseOne(f, triage.current().payers());
                                known.putIfAbsent(version, parsed);
                                return parsed;
                            } catch (TriageConfigException e) {
                                throw new IllegalStateException(
                                        "playbook version "
                                                + version.substring(0, 12)
                                                + " of "
                                                + f.name()
                                                + " no longer loads: "
                                                + e.getMessage(),
                                        e);
                            }
                        });
    }

    /** The pinned playbook of a denial's work item, for code that is not running its step. */
    public Mono<Playbook> ofDenial(UUID denial) {
        return db.sql("SELECT playbook, playbook_version FROM work_item WHERE denial_id = :id")
                .bind("id", denial)
                .map(
                        r ->
                                new String[] {
                                    r.get("playbook", String.class),
                                    r.get("playbook_version", String.class)
                                })
                .one()
                .flatMap(
                        o ->
                                o[1] == null
                                        ? Mono.justOrEmpty(triage.current().playbooks().byId(o[0]))
                                        : version(o[1]));
    }

    /** Forgets the versions parsed, as a restarted service would (tests). */
    void forget() {
        known.clear();
        stored.set(null);
    }
}
