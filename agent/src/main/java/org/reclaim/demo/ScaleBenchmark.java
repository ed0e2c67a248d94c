package org.reclaim.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.reclaim.ReclaimApplication;
import org.reclaim.ingest.IngestResult;
import org.reclaim.ingest.IngestService;
import org.reclaim.practice.Practices;
import org.reclaim.security.PracticeKeys;
import org.reclaim.underpayment.UnderpaymentFacts;
import org.reclaim.x12.synth.GeneratedSummary;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchmark-scale [--claims 1000000] [--batch 200000] [--seed 17] [--calls 20] [--json]}
 * (docs/cli.md): figures, not a verdict. Starts the service (HTTP on a free local port, the agent
 * loop off, a throw-away embedded database unless {@code RECLAIM_DB_URL} names one), generates the
 * claims in batches with the synthetic generator and stores each batch's 837, then its 835, through
 * the service's ingest (the code path of an upload), then calls the endpoints an operator and a
 * dashboard use over HTTP, {@code --calls} times each, and prints one table: ingest speed per
 * batch, query latency (median and p95), heap and RSS peaks, database size, and the stored counts
 * beside the generated ones.
 */
public final class ScaleBenchmark {

    static final String USAGE =
            "usage: reclaim benchmark-scale [--claims 1000000] [--batch 200000] [--seed 17]"
                    + " [--calls 20] [--json]";

    private ScaleBenchmark() {}

    /**
     * One timed endpoint: its label, the target it is measured against, and the n-th call's URI.
     */
    record Query(String label, String target, IntFunction<String> uri) {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        int claims = 1_000_000;
        int batch = 200_000;
        long seed = 17;
        int calls = 20;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            try {
                switch (option) {
                    case "--claims" -> claims = Integer.parseInt(args[++i]);
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--calls" -> calls = Integer.parseInt(args[++i]);
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        err.println("benchmark-scale: unknown option " + option);
                        err.println(USAGE);
                        return 2;
                    }
                }
            } catch (RuntimeException e) {
                err.println("benchmark-scale: " + option + " needs a number");
                err.println(USAGE);
                return 2;
            }
        }
        if (claims < 1 || batch < 1 || calls < 1) {
            err.println("benchmark-scale: --claims, --batch and --calls must be 1 or more");
            return 2;
        }
        // progress goes to stderr with --json, so that stdout is the document alone
        PrintStream progress = json ? err : out;
        Path dir = Files.createTempDirectory("reclaim-scale-");
        try (ConfigurableApplicationContext ctx =
                new SpringApplicationBuilder(ReclaimApplication.class)
                        .web(WebApplicationType.REACTIVE)
                        .run(
                                "--reclaim.data-dir=" + dir,
                                "--reclaim.db.ephemeral=true",
                                "--reclaim.agent.enabled=false",
                                "--server.port=0",
                                "--server.address=127.0.0.1",
                                "--logging.level.root=warn",
                                "--logging.level.org.reclaim=warn")) {
            Figures f = new Figures(claims, batch, seed, calls);
            measure(ctx, f, progress, dir);
            if (json) out.println(JsonMapper.builder().build().writeValueAsString(f.json()));
            else f.table(out);
            return 0;
        } finally {
            DemoCommand.deleteTree(dir);
        }
    }

    private static void measure(
            ConfigurableApplicationContext ctx, Figures f, PrintStream progress, Path dir)
            throws Exception {
        IngestService ingest = ctx.getBean(IngestService.class);
        DatabaseClient db = ctx.getBean(DatabaseClient.class);
        String key =
                ctx.getBean(PracticeKeys.class)
                        .create(Practices.DEFAULT_ID, "benchmark-scale", "benchmark-scale")
                        .block()
                        .apiKey();
        if (System.getenv("RECLAIM_DB_URL") == null) {
            // the embedded server runs on this machine: its postmaster is a backend's parent
            Integer backend =
                    db.sql("SELECT pg_backend_pid()")
                            .map(r -> r.get(0, Integer.class))
                            .one()
                            .block();
            f.postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElse(null);
        }
        int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port", "0"));
        long t0 = System.nanoTime();
        int batches = (f.claims + f.batch - 1) / f.batch;
        for (int b = 0; b < batches; b++) {
            int n = Math.min(f.batch, f.claims - b * f.batch);
            Path claims837 = dir.resolve("batch-" + (b + 1) + ".837");
            Path remit835 = dir.resolve("batch-" + (b + 1) + ".835");
            progress.printf(
                    Locale.ROOT,
                    "benchmark-scale: batch %d/%d: generating %,d claims (%.0f s)%n",
                    b + 1,
                    batches,
                    n,
                    (System.nanoTime() - t0) / 1e9);
            GeneratedSummary s;
            try (OutputStream c = Files.newOutputStream(claims837);
                    OutputStream r = Files.newOutputStream(remit835)) {
                s =
                        Generator.write(
                                GeneratorOptions.defaults().withClaims(n).withSeed(f.seed + b),
                                c,
                                r);
            }
            Batch row = new Batch(b + 1, s);
            progress.printf(
                    Locale.ROOT,
                    "benchmark-scale: batch %d/%d: storing the 837 (%,d bytes)%n",
                    b + 1,
                    batches,
                    Files.size(claims837));
            long start = System.nanoTime();
            IngestResult stored837 =
                    ingest.ingest(
                                    claims837,
                                    "benchmark-scale:batch-" + (b + 1) + ".837",
                                    "upload",
                                    Practices.DEFAULT_ID)
                            .block();
            row.seconds837 = (System.nanoTime() - start) / 1e9;
            row.stored837 = stored837.submittedClaims();
            Files.delete(claims837);
            progress.printf(
                    Locale.ROOT,
                    "benchmark-scale: batch %d/%d: 837 stored in %.1f s; storing the 835 (%,d bytes)%n",
                    b + 1,
                    batches,
                    row.seconds837,
                    Files.size(remit835));
            start = System.nanoTime();
            IngestResult stored835 =
                    ingest.ingest(
                                    remit835,
                                    "benchmark-scale:batch-" + (b + 1) + ".835",
                                    "upload",
                                    Practices.DEFAULT_ID)
                            .block();
            row.seconds835 = (System.nanoTime() - start) / 1e9;
            row.stored835 = stored835.claimPayments();
            row.storedDenials = stored835.denials();
            Files.delete(remit835);
            f.batches.add(row);
            progress.printf(
                    Locale.ROOT,
                    "benchmark-scale: batch %d/%d: 835 stored in %.1f s (%,d claim payments, %,d"
                            + " denials)%n",
                    b + 1,
                    batches,
                    row.seconds835,
                    row.stored835,
                    row.storedDenials);
            f.sampleMemory();
        }
        // the underpayments' stored judgement complete (its first one runs in the background)
        ctx.getBean(UnderpaymentFacts.class).settle().block();
        // what the benchmark's own files stored (an external database may hold more)
        String files = "SELECT id FROM x12_file WHERE name LIKE 'benchmark-scale:%'";
        f.storedClaims =
                count(
                        db,
                        "SELECT count(*) FROM submitted_claim sc JOIN claim_submission s ON s.id ="
                                + " sc.submission_id WHERE s.file_id IN ("
                                + files
                                + ")");
        String remittances = "SELECT id FROM remittance WHERE file_id IN (" + files + ")";
        f.storedPayments =
                count(
                        db,
                        "SELECT count(*) FROM claim_payment WHERE remittance_id IN ("
                                + remittances
                                + ")");
        f.storedDenials =
                count(
                        db,
                        "SELECT count(*) FROM denial WHERE remittance_id IN (" + remittances + ")");
        f.databaseBytes = count(db, "SELECT pg_database_size(current_database())");

        List<String> denialIds =
                db.sql("SELECT id FROM denial ORDER BY id LIMIT " + f.calls)
                        .map(r -> r.get(0, UUID.class).toString())
                        .all()
                        .collectList()
                        .block();
        Map<String, Object> common =
                db.sql(
                                "SELECT payer_id, carc, count(*) FROM denial GROUP BY 1, 2"
                                        + " ORDER BY 3 DESC LIMIT 1")
                        .map(
                                r -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("payer", r.get("payer_id", String.class));
                                    m.put("carc", r.get("carc", String.class));
                                    return m;
                                })
                        .one()
                        .blockOptional()
                        .orElse(Map.of("payer", "none", "carc", "none"));
        String filtered =
                "/api/v1/denials?payer="
                        + common.get("payer")
                        + "&carc="
                        + common.get("carc")
                        + "&status=NEW&size=50";
        List<Query> queries =
                List.of(
                        new Query("GET /api/v1/worklist?size=50", "≤ 100 ms", n -> worklist(n)),
                        new Query(
                                "GET /api/v1/denials (payer, CARC, status filters)",
                                "≤ 100 ms",
                                n -> filtered + (n % 2 == 0 ? "" : "&page=1")),
                        new Query("GET /api/v1/rejections?size=50", "≤ 100 ms", n -> rejections()),
                        new Query(
                                "GET /denials/{id} (the denial page)",
                                "≤ 100 ms",
                                n ->
                                        denialIds.isEmpty()
                                                ? "/denials/" + UUID.randomUUID()
                                                : "/denials/"
                                                        + denialIds.get(n % denialIds.size())),
                        new Query("GET /api/v1/metrics", "≤ 300 ms", n -> "/api/v1/metrics"),
                        new Query("GET /dashboard", "≤ 300 ms", n -> "/dashboard"),
                        new Query(
                                "GET /api/v1/underpayments?size=50",
                                "≤ 300 ms",
                                n -> "/api/v1/underpayments?size=50"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (Query q : queries) {
            progress.printf(
                    Locale.ROOT, "benchmark-scale: timing %s, %d calls%n", q.label(), f.calls + 1);
            // one call not counted: the first of each pays for warming its code
            call(http, port, key, q.uri().apply(0));
            double[] ms = new double[f.calls];
            for (int n = 0; n < f.calls; n++) {
                long start = System.nanoTime();
                call(http, port, key, q.uri().apply(n));
                ms[n] = (System.nanoTime() - start) / 1e6;
            }
            f.latencies.put(q, ms);
            f.sampleMemory();
        }
    }

    private static String worklist(int n) {
        return "/api/v1/worklist?size=50";
    }

    private static String rejections() {
        return "/api/v1/rejections?size=50";
    }

    private static void call(HttpClient http, int port, String key, String path)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + key)
                                .timeout(Duration.ofMinutes(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200)
            throw new IllegalStateException(
                    "benchmark-scale: GET "
                            + path
                            + " answered "
                            + r.statusCode()
                            + ": "
                            + new String(
                                    r.body(),
                                    0,
                                    Math.min(r.body().length, 300),
                                    java.nio.charset.StandardCharsets.UTF_8));
    }

    private static long count(DatabaseClient db, String sql) {
        Long n = db.sql(sql).map(r -> r.get(0, Long.class)).one().block();
        return n == null ? 0 : n;
    }

    /** One batch: what was generated and how fast it was stored. */
    static final class Batch {
        final int number;
        final GeneratedSummary generated;
        double seconds837;
        double seconds835;
        long stored837;
        long stored835;
        long storedDenials;

        Batch(int number, GeneratedSummary generated) {
            this.number = number;
            this.generated = generated;
        }
    }

    /** Everything the table shows. */
    static final class Figures {
        final int claims;
        final int batch;
        final long seed;
        final int calls;
        final List<Batch> batches = new ArrayList<>();
        final Map<Query, double[]> latencies = new LinkedHashMap<>();
        long storedClaims;
        long storedPayments;
        long storedDenials;
        long databaseBytes;
        long heapPeak;
        long jvmRssPeak;
        long databaseRssPeak;
        ProcessHandle postmaster;

        Figures(int claims, int batch, long seed, int calls) {
            this.claims = claims;
            this.batch = batch;
            this.seed = seed;
            this.calls = calls;
        }

        long generatedClaims() {
            return batches.stream().mapToLong(b -> b.generated.claims()).sum();
        }

        long generatedPayments() {
            return batches.stream().mapToLong(b -> b.generated.remitClaims()).sum();
        }

        long generatedDenials() {
            return batches.stream().mapToLong(b -> b.generated.denials()).sum();
        }

        /**
         * Heap: the sum of the heap pools' peaks since start. RSS: the kernel's high-water mark
         * (VmHWM) of this JVM; for the embedded database, the largest sum seen of its processes'
         * proportional set sizes (Pss: shared buffers counted once), sampled after every batch and
         * every query's calls.
         */
        void sampleMemory() {
            long heap = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
                if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null)
                    heap += p.getPeakUsage().getUsed();
            heapPeak = Math.max(heapPeak, heap);
            jvmRssPeak = Math.max(jvmRssPeak, highWaterMark(ProcessHandle.current().pid()));
            if (postmaster != null) {
                long pss =
                        proportional(postmaster.pid())
                                + postmaster
                                        .descendants()
                                        .mapToLong(p -> proportional(p.pid()))
                                        .sum();
                databaseRssPeak = Math.max(databaseRssPeak, pss);
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claims", claims);
            m.put("batch", batch);
            m.put("seed", seed);
            m.put("calls", calls);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Batch b : batches) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("batch", b.number);
                r.put("claims", b.stored837);
                r.put("seconds837", round(b.seconds837));
                r.put("claimsPerSecond837", Math.round(b.stored837 / b.seconds837));
                r.put("claimPayments", b.stored835);
                r.put("seconds835", round(b.seconds835));
                r.put("claimPaymentsPerSecond835", Math.round(b.stored835 / b.seconds835));
                r.put("denials", b.storedDenials);
                rows.add(r);
            }
            m.put("batches", rows);
            List<Map<String, Object>> qs = new ArrayList<>();
            latencies.forEach(
                    (q, ms) -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("query", q.label());
                        r.put("calls", ms.length);
                        r.put("medianMs", round(percentile(ms, 0.5)));
                        r.put("p95Ms", round(percentile(ms, 0.95)));
                        r.put("target", q.target());
                        qs.add(r);
                    });
            m.put("queries", qs);
            m.put(
                    "stored",
                    Map.of(
                            "claims", storedClaims,
                            "claimPayments", storedPayments,
                            "denials", storedDenials));
            m.put(
                    "generated",
                    Map.of(
                            "claims", generatedClaims(),
                            "claimPayments", generatedPayments(),
                            "denials", generatedDenials()));
            m.put("heapPeakBytes", heapPeak);
            m.put("jvmRssPeakBytes", jvmRssPeak);
            m.put("databaseRssPeakBytes", databaseRssPeak);
            m.put("databaseBytes", databaseBytes);
            m.put("databaseBytesPer1000Claims", databaseBytes * 1000 / Math.max(1, storedClaims));
            return m;
        }

        void table(PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "benchmark-scale: %,d claims in batches of %,d, seed %d, %d calls per query%n",
                    claims,
                    batch,
                    seed,
                    calls);
            out.println("| what | figure | target |");
            out.println("|---|---|---|");
            for (Batch b : batches) {
                out.printf(
                        Locale.ROOT,
                        "| batch %d 837 ingest | %,d claims in %.1f s = %,.0f claims/s | ≥ 20,000/s |%n",
                        b.number,
                        b.stored837,
                        b.seconds837,
                        b.stored837 / b.seconds837);
                out.printf(
                        Locale.ROOT,
                        "| batch %d 835 ingest | %,d claim payments in %.1f s = %,.0f claims/s"
                                + " (%,d denials) | ≥ 20,000/s |%n",
                        b.number,
                        b.stored835,
                        b.seconds835,
                        b.stored835 / b.seconds835,
                        b.storedDenials);
            }
            latencies.forEach(
                    (q, ms) ->
                            out.printf(
                                    Locale.ROOT,
                                    "| %s | median %.1f ms, p95 %.1f ms | %s |%n",
                                    q.label(),
                                    percentile(ms, 0.5),
                                    percentile(ms, 0.95),
                                    q.target()));
            out.printf(
                    Locale.ROOT,
                    "| stored | %,d claims, %,d claim payments, %,d denials | generated: %,d"
                            + " claims, %,d claim payments, %,d denials |%n",
                    storedClaims,
                    storedPayments,
                    storedDenials,
                    generatedClaims(),
                    generatedPayments(),
                    generatedDenials());
            out.printf(Locale.ROOT, "| heap peak | %.0f MiB | ≤ 512 MiB |%n", heapPeak / 1048576.0);
            out.printf(
                    Locale.ROOT,
                    "| RSS peak | JVM %.0f MiB (VmHWM), embedded database %.0f MiB (Pss, 0 when"
                            + " external) | |%n",
                    jvmRssPeak / 1048576.0,
                    databaseRssPeak / 1048576.0);
            out.printf(
                    Locale.ROOT,
                    "| database size | %.1f MiB, %.1f KiB per 1,000 claims | |%n",
                    databaseBytes / 1048576.0,
                    databaseBytes / 1024.0 / Math.max(1, storedClaims) * 1000);
        }
    }

    /** Nearest-rank percentile of the values (not sorted in place). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    /** Pss of a process in bytes (smaps_rollup), 0 when it cannot be read. */
    static long proportional(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:"))
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** VmHWM of a process in bytes, 0 when it cannot be read (not Linux, or the process ended). */
    static long highWaterMark(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:"))
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
