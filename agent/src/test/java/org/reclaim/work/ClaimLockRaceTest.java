package org.reclaim.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.core.Times;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Issue 14, item 7: the per-claim lock's snapshot race. Instance A's claim reads the work items
 * with its statement's snapshot; before it takes the claim's lock, instance B claims a sibling line
 * of the same claim and commits (so the lock is free again). A must not take the other line: two
 * steps of one claim would run at once.
 *
 * <p>Made deterministic without touching the service's code: A's connection has a schema first on
 * its search path whose {@code clock_timestamp()} waits, once, for an advisory lock the test holds.
 * The claim's first reading of the clock comes after its snapshot and before its claim lock, so A
 * stops in exactly that window; the test sees it waiting (pg_locks), lets B claim, then lets A go.
 */
class ClaimLockRaceTest extends ApiTest {

    private static final int HOOK = 4242;

    @Autowired WorkItems items;
    @Autowired AgentClock clock;
    @Autowired TriageService triage;
    @Autowired PlaybookVersions versions;
    @Autowired Environment env;

    private Connection owner;

    @AfterEach
    void dropTheHook() throws Exception {
        if (owner != null) {
            try (Statement s = owner.createStatement()) {
                s.execute("SELECT pg_advisory_unlock_all()");
                s.execute("DROP SCHEMA IF EXISTS racehook CASCADE");
            }
            owner.close();
        }
        TestPlaybooks.shipped(triage);
    }

    @Test
    void aSiblingClaimedAndCommittedAfterTheClaimsSnapshotKeepsTheOtherLineUnclaimed()
            throws Exception {
        TestPlaybooks.forEveryCategory(triage, "  - step: AWAIT_RESPONSE\n    wait: P30D\n");
        upload(remit("RACETRACE1", triage.today().minusDays(3)));
        Instant now = clock.instant();
        items.enqueueTriaged(now).block();
        List<UUID> lines =
                db.sql(
                                "SELECT w.denial_id FROM work_item w JOIN denial d ON d.id = w.denial_id"
                                        + " WHERE d.patient_control_number = 'RACE-1' ORDER BY d.line")
                        .map(r -> r.get(0, UUID.class))
                        .all()
                        .collectList()
                        .block();
        assertThat(lines).as("one work item per denied line of the claim").hasSize(2);
        UUID first = lines.get(0);
        UUID second = lines.get(1);
        // the second line is due; the first is not yet (due tomorrow), and its last run's holder
        // died long ago (a lease that ran out)
        db.sql(
                        "UPDATE work_item SET next_run_at = :due, lease_owner = 'dead',"
                                + " lease_until = clock_timestamp() - interval '1 hour' WHERE denial_id = :d")
                .bind("due", Times.utc(now.plus(Duration.ofDays(1))))
                .bind("d", first)
                .then()
                .block();
        db.sql("UPDATE work_item SET next_run_at = :due WHERE denial_id = :d")
                .bind("due", Times.utc(now.minus(Duration.ofMinutes(1))))
                .bind("d", second)
                .then()
                .block();

        hookHeld();
        WorkItems instanceA = new WorkItems(hooked(), versions);
        CompletableFuture<List<WorkItem>> a =
                instanceA
                        .claim("instance-a", 10, now, Duration.ofMinutes(5))
                        .collectList()
                        .toFuture();
        awaitWaiterOnHook();

        // while A is between its snapshot and its claim lock: the first line becomes due (earlier
        // than the second) and instance B claims it, committing
        db.sql("UPDATE work_item SET next_run_at = :due WHERE denial_id = :d")
                .bind("due", Times.utc(now.minus(Duration.ofMinutes(2))))
                .bind("d", first)
                .then()
                .block();
        List<WorkItem> b =
                items.claim("instance-b", 10, now, Duration.ofMinutes(5)).collectList().block();
        assertThat(b).extracting(WorkItem::denialId).containsExactly(first);

        try (Statement s = owner.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + HOOK + ", 1)");
        }
        List<WorkItem> claimedByA = a.get(60, TimeUnit.SECONDS);

        assertThat(claimedByA)
                .as("A takes no line of a claim whose other line B is running")
                .isEmpty();
        assertThat(
                        db.sql(
                                        "SELECT count(*) FROM work_item WHERE denial_id = ANY(:d)"
                                                + " AND lease_until > clock_timestamp()")
                                .bind("d", new UUID[] {first, second})
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .as("one line of the claim leased at a time")
                .isEqualTo(1);
    }

    /**
     * The hook: a schema whose {@code clock_timestamp()} first waits for the test's advisory lock
     * (shared, so every caller passes once the test lets go), owned by the migration role.
     */
    private void hookHeld() throws Exception {
        owner =
                DriverManager.getConnection(
                        env.getRequiredProperty("spring.flyway.url"),
                        env.getRequiredProperty("spring.flyway.user"),
                        env.getRequiredProperty("spring.flyway.password"));
        try (Statement s = owner.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS racehook CASCADE");
            s.execute("CREATE SCHEMA racehook");
            s.execute(
                    """
                    CREATE FUNCTION racehook.clock_timestamp() RETURNS timestamptz LANGUAGE plpgsql VOLATILE AS $$
                    BEGIN
                        PERFORM pg_catalog.pg_advisory_lock_shared(%1$d, 1);
                        PERFORM pg_catalog.pg_advisory_unlock_shared(%1$d, 1);
                        RETURN pg_catalog.clock_timestamp();
                    END $$"""
                            .formatted(HOOK));
            s.execute("GRANT USAGE ON SCHEMA racehook TO PUBLIC");
            s.execute("SELECT pg_advisory_lock(" + HOOK + ", 1)");
        }
    }

    /** Connections of instance A: the service's role and scope, the hook first on the path. */
    private DatabaseClient hooked() {
        ConnectionFactoryOptions options =
                ConnectionFactoryOptions.parse(env.getRequiredProperty("spring.r2dbc.url"))
                        .mutate()
                        .option(
                                ConnectionFactoryOptions.USER,
                                env.getRequiredProperty("spring.r2dbc.username"))
                        .option(
                                ConnectionFactoryOptions.PASSWORD,
                                env.getRequiredProperty("spring.r2dbc.password"))
                        .option(
                                Option.valueOf("options"),
                                Map.of(
                                        "search_path", "racehook, pg_catalog, public",
                                        "reclaim.practices", "*"))
                        .build();
        return DatabaseClient.create(ConnectionFactories.get(options));
    }

    private void awaitWaiterOnHook() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            try (Statement s = owner.createStatement();
                    ResultSet r =
                            s.executeQuery(
                                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                                            + " AND classid = "
                                            + HOOK
                                            + " AND objid = 1 AND NOT granted")) {
                r.next();
                if (r.getLong(1) > 0) return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("instance A's claim never reached the hook");
    }

    /** An 835 (synthetic values) for claim RACE-1 whose two lines are denied CO-50 and paid 0. */
    private static String remit(String trace, LocalDate day) {
        String date = day.format(DateTimeFormatter.BASIC_ISO_DATE);
        String served = day.minusDays(10).format(DateTimeFormatter.BASIC_ISO_DATE);
        String body =
                "ST*835*0001~BPR*I*0*C*CHK************"
                        + date
                        + "~TRN*1*"
                        + trace
                        + "*1999999999~DTM*405*"
                        + date
                        + "~N1*PR*SYNTHETIC PAYER~N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + "CLP*RACE-1*4*200*0**12*RACE-1-PAYER~NM1*QC*1*SYNTHETIC*PATIENT****MI*SYNRACE1~"
                        + "SVC*HC:99213*100*0**1~DTM*472*"
                        + served
                        + "~CAS*CO*50*100~"
                        + "SVC*HC:99214*100*0**1~DTM*472*"
                        + served
                        + "~CAS*CO*50*100~";
        int segments = body.split("~").length + 1;
        return "ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000000001*0*T*:~"
                + "GS*HP*SYNPAYER*SYNCLINIC*"
                + date
                + "*1200*1*X*005010X221A1~"
                + body
                + "SE*"
                + segments
                + "*0001~GE*1*1~IEA*1*000000001~";
    }

    private void upload(String x12) {
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated();
    }
}
