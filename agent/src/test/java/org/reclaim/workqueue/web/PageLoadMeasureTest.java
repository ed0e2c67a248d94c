package org.reclaim.workqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.reclaim.billing.Billing;
import org.reclaim.billing.InvoiceService;
import org.reclaim.core.ReclaimProperties;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Browser;
import org.reclaim.support.DemoLike;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.reclaim.support.TestData;
import org.reclaim.support.TestPlaybooks;
import org.reclaim.triage.TriageService;
import org.reclaim.work.Orchestrator;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The closing note's page-load figures: every operator page loaded in headless Chromium over a
 * database holding 200,000 claims (about 50,000 denials), the median of five full loads each
 * (navigation timing, start to the end of the load event), and a screenshot of each page at 1280 px
 * wide (the worklist also at 390 px) into {@code agent/target/screenshots/}.
 *
 * <p>A measurement, not a check of the code (it stores 200,000 claims and takes many minutes), so
 * it runs only on demand: {@code -Dreclaim.measure=true}. {@code -Dreclaim.measure.claims=N} stores
 * fewer; {@code -Dreclaim.measure.upload-minutes=M} stops storing after M minutes (the figures are
 * then for what was stored, printed as {@code storedClaims=}).
 *
 * <p>Only a small share is worked by the agent (reviews, drafts, escalations for the pages to
 * show); the bulk is stored as the ingest leaves it, new denials waiting for the agent.
 */
class PageLoadMeasureTest extends ApiTest {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final int BATCH = 5_000;
    private static final int LOADS = 5;

    @LocalServerPort int port;
    @Autowired Orchestrator orchestrator;
    @Autowired TriageService triage;
    @Autowired ReclaimProperties props;
    @Autowired InvoiceService invoices;

    @AfterEach
    void shippedPlaybooksAndNoPlantedRecords() throws IOException {
        TestPlaybooks.shipped(triage);
        DemoLike.cleanUp(props, triage);
    }

    @Test
    @EnabledIfSystemProperty(named = "reclaim.measure", matches = "true")
    void everyPageLoadedOverTwoHundredThousandStoredClaimsMeasured() throws IOException {
        int target = Integer.getInteger("reclaim.measure.claims", 200_000);
        long budget =
                Duration.ofMinutes(Integer.getInteger("reclaim.measure.upload-minutes", 40))
                        .toNanos();

        // a worked share: reviews waiting for a person (write-offs to approve) ...
        TestPlaybooks.forEveryCategory(
                triage,
                """
                  - step: WRITE_OFF
                    review: ALWAYS
                    on: {REJECTED: person, DONE: END}
                  - id: person
                    step: ESCALATE
                """);
        Generated.upload(http, 150, 23, 0.4, triage.today().minusDays(20));
        orchestrator.runUntilIdle().block();
        // ... and the shipped playbooks' work on a demo-like backlog (drafts, escalations,
        // rejections)
        TestPlaybooks.shipped(triage);
        DemoLike.worked(http, orchestrator, triage, props, 300, 7);
        int stored = 450;

        // invoices: a month of resolved denials, invoiced
        Billing.fee(db, "4.00");
        List<UUID> some =
                db.sql("SELECT id FROM denial ORDER BY id LIMIT 12")
                        .map(r -> r.get("id", UUID.class))
                        .all()
                        .collectList()
                        .block();
        for (UUID d : some) Billing.resolve(db, d, "120.00", Billing.at("2025-01-15T10:00:00Z"));
        invoices.run(YearMonth.of(2025, 1)).block();

        rejected(2);

        // the bulk, stored over HTTP and not worked: about a quarter of the claims denied
        long start = System.nanoTime();
        long seed = 1_000;
        while (stored < target && System.nanoTime() - start < budget) {
            int n = Math.min(BATCH, target - stored);
            long t = System.nanoTime();
            Generated.upload(
                    http,
                    GeneratorOptions.defaults()
                            .withClaims(n)
                            .withSeed(seed++)
                            .withDenialRate(0.25)
                            .withBaseDate(triage.today().minusDays(200)));
            stored += n;
            System.out.printf(
                    "stored=%d batchSeconds=%.1f%n", stored, (System.nanoTime() - t) / 1e9);
        }
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        long claims = TestData.count(db, "SELECT count(*) FROM submitted_claim");
        long denials = TestData.count(db, "SELECT count(*) FROM denial");
        System.out.printf(
                "storedClaims=%d denials=%d uploadSeconds=%.0f%n", claims, denials, uploadSeconds);
        db.sql("ANALYZE").then().block();

        UUID reviewed =
                db.sql(
                                "SELECT denial_id FROM review WHERE status = 'OPEN' ORDER BY id"
                                        + " LIMIT 1")
                        .map(r -> r.get("denial_id", UUID.class))
                        .one()
                        .block();
        String claimNumber =
                db.sql("SELECT patient_control_number FROM denial ORDER BY id DESC" + " LIMIT 1")
                        .map(r -> r.get("patient_control_number", String.class))
                        .one()
                        .block();
        assertThat(reviewed).isNotNull();
        assertThat(claimNumber).isNotNull();

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("worklist", "/worklist");
        pages.put("worklist-all", "/worklist?view=all");
        pages.put("worklist-search", "/worklist?q=" + claimNumber);
        pages.put("denial", "/denials/" + reviewed);
        pages.put("reviews", "/reviews");
        pages.put("dashboard", "/dashboard");
        pages.put("rejections", "/rejections");
        pages.put("invoices", "/invoices");
        pages.put("prevention-rules", "/prevention/rules");

        Files.createDirectories(SHOTS);
        try (Browser browser = Browser.open(port)) {
            browser.signIn("admin", IntegrationTest.ADMIN_PASSWORD);
            for (var page : pages.entrySet()) {
                List<Double> times = new ArrayList<>();
                List<Double> server = new ArrayList<>();
                for (int i = 0; i < LOADS; i++) {
                    double[] t = load(browser, page.getValue());
                    times.add(t[0]);
                    server.add(t[1]);
                }
                assertThat(browser.path()).isEqualTo(page.getValue());
                System.out.printf(
                        "page=%s medianMs=%.0f serverMs=%.0f minMs=%.0f maxMs=%.0f%n",
                        page.getValue(),
                        median(times),
                        median(server),
                        times.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        times.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                shot(browser, page.getKey() + "-1280", 1280);
            }
            load(browser, "/worklist");
            shot(browser, "worklist-390", 390);
            decisionsTimed(browser, 10);
        }
        hold();
    }

    /**
     * {@code -Dreclaim.measure.hold-minutes=M}: keeps the measured database up for M minutes (or
     * until {@code target/measure-hold} is deleted), printing its port, so its queries can be
     * looked at with {@code psql -h localhost -p PORT -U postgres} and {@code EXPLAIN (ANALYZE,
     * BUFFERS)}.
     */
    private void hold() throws IOException {
        int minutes = Integer.getInteger("reclaim.measure.hold-minutes", 0);
        if (minutes <= 0) return;
        Path flag = Path.of("target/measure-hold");
        Files.writeString(flag, "delete me to end the hold\n");
        Object where =
                db.sql("SELECT inet_server_port() AS port, current_database() AS name")
                        .map(r -> r.get("port") + " " + r.get("name"))
                        .one()
                        .block();
        System.out.println("holding database port/name=" + where + " for " + minutes + " min");
        long until = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        while (Files.exists(flag) && System.nanoTime() < until) {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Claims sent and turned away before adjudication: {@code n} claims of a small batch, each
     * rejected by a 277CA of its payer (A7:21, invalid), for the rejections page.
     */
    private void rejected(int n) throws IOException {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults().withClaims(n + 1).withSeed(9_001).withDenialRate(0),
                claims,
                new ByteArrayOutputStream());
        List<ClaimDocument> documents = new ArrayList<>();
        X12Files.read(
                new ByteArrayInputStream(claims.toByteArray()),
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        documents.add(d);
                    }
                });
        post(claims.toByteArray());
        for (int i = 0; i < n; i++) {
            ClaimDocument claim = documents.get(i);
            long control = 9_001 + i;
            post(
                    AcknowledgmentWriter.write277CA(
                            new AcknowledgmentWriter.ClaimAcknowledgment(
                                    claim.payer().name(),
                                    claim.receiver(),
                                    claim.billingProvider().party().name(),
                                    "BATCH" + control,
                                    LocalDate.now(),
                                    List.of(
                                            AcknowledgmentWriter.ClaimVerdict.rejected(
                                                    claim, "A7", "21", null))),
                            new Envelope(
                                    "ZZ",
                                    "TESTPAYER",
                                    "ZZ",
                                    "RECLAIM",
                                    "TESTPAYER",
                                    "RECLAIM",
                                    Envelope.Usage.TEST,
                                    control,
                                    control,
                                    control,
                                    LocalDateTime.now())));
        }
    }

    private void post(byte[] file) {
        http.post()
                .uri("/api/v1/claims")
                .header("Content-Type", "application/edi-x12")
                .bodyValue(file)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /**
     * Where the time of one keyboard decision goes: {@code a} on the review queue posts the
     * approval, which redirects to the queue again. Per decision, the wall time from the key to the
     * next queue's load event (polled every 20 ms), the approval's POST (the redirect in the
     * navigation timing), the queue's GET at the server (request start to first byte) and the
     * queue's full load.
     */
    private static void decisionsTimed(Browser browser, int decisions) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        load(browser, "/reviews");
        List<Double> wall = new ArrayList<>();
        List<Double> post = new ArrayList<>();
        List<Double> get = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            Object before = js.executeScript("return performance.timeOrigin;");
            long t = System.nanoTime();
            new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys("a").perform();
            new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .pollingEvery(Duration.ofMillis(20))
                    .ignoring(org.openqa.selenium.WebDriverException.class)
                    .until(
                            d ->
                                    !before.equals(
                                                    js.executeScript(
                                                            "return performance.timeOrigin;"))
                                            && ((Number)
                                                                    js.executeScript(
                                                                            "var e = performance.getEntriesByType('navigation')[0];"
                                                                                    + " return e ? e.loadEventEnd : 0;"))
                                                            .doubleValue()
                                                    > 0);
            wall.add((System.nanoTime() - t) / 1e6);
            @SuppressWarnings("unchecked")
            Map<String, Object> e =
                    (Map<String, Object>)
                            js.executeScript(
                                    "var e = performance.getEntriesByType('navigation')[0];"
                                            + " return {post: e.redirectEnd - e.redirectStart,"
                                            + " get: e.responseStart - e.requestStart,"
                                            + " load: e.loadEventEnd - e.startTime};");
            post.add(((Number) e.get("post")).doubleValue());
            get.add(((Number) e.get("get")).doubleValue());
            load.add(((Number) e.get("load")).doubleValue());
        }
        assertThat(browser.path()).startsWith("/reviews");
        System.out.printf(
                "decisions=%d wallMedianMs=%.0f postMedianMs=%.0f getServerMedianMs=%.0f"
                        + " loadMedianMs=%.0f%n",
                decisions, median(wall), median(post), median(get), median(load));
    }

    /**
     * Loads {@code path} and returns its full load time and server time (request start to the first
     * byte), in ms. The navigation starts in the page's own script and is awaited by polling (a new
     * time origin, a finished load event): a WebDriver {@code get} that waits inside ChromeDriver
     * sometimes never returns on this loaded 2-core machine ("Timed out receiving message from
     * renderer", as {@link Browser} describes for clicks).
     */
    private static double[] load(Browser browser, String path) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        Object before = js.executeScript("return performance.timeOrigin;");
        js.executeScript(
                "var u = arguments[0]; setTimeout(function () { location.assign(u); }, 0);", path);
        new WebDriverWait(browser.driver, Duration.ofSeconds(90))
                .pollingEvery(Duration.ofMillis(20))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> !before.equals(js.executeScript("return performance.timeOrigin;")));
        new WebDriverWait(browser.driver, Duration.ofSeconds(90))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(
                        d ->
                                ((Number)
                                                        js.executeScript(
                                                                "var e = performance.getEntriesByType('navigation')[0];"
                                                                        + " return e ? e.loadEventEnd : 0;"))
                                                .doubleValue()
                                        > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> t =
                (Map<String, Object>)
                        js.executeScript(
                                "var e = performance.getEntriesByType('navigation')[0];"
                                        + " return {load: e.loadEventEnd - e.startTime,"
                                        + " server: e.responseStart - e.requestStart};");
        return new double[] {
            ((Number) t.get("load")).doubleValue(), ((Number) t.get("server")).doubleValue()
        };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The whole page (up to 4,000 px tall) at {@code width} px wide, as a PNG. */
    private static void shot(Browser browser, String name, int width) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        browser.driver.manage().window().setSize(new Dimension(width, 1000));
        long height =
                ((Number)
                                js.executeScript(
                                        "return Math.max(document.documentElement.scrollHeight,"
                                                + " document.body.scrollHeight);"))
                        .longValue();
        browser.driver
                .manage()
                .window()
                .setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
        byte[] png = ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
        browser.driver.manage().window().setSize(new Dimension(1400, 1000));
    }
}
