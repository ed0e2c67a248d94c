package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.billing.Billing;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.TestData;
import org.reclaim.x12.X12Files;
import org.reclaim.x12.X12Handler;
import org.reclaim.x12.claim.ClaimDocument;
import org.reclaim.x12.synth.Generator;
import org.reclaim.x12.synth.GeneratorOptions;
import org.reclaim.x12.write.AcknowledgmentWriter;
import org.reclaim.x12.write.Envelope;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenancy, read from the database catalogue and swept over the API (issue 14, item 18): every table
 * carrying a practice is under row-level security, forced, with a policy; no function runs with its
 * owner's rights; every view runs with its caller's; and every GET endpoint taking an id answers
 * practice B's key with 404 on practice A's ids.
 */
class TenancyCatalogueTest extends ApiTest {

    /** Tables with a practice_id not under forced row-level security with a policy. */
    static final String UNPROTECTED_TABLES =
            """
            SELECT c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'practice_id' AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                       AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
            ORDER BY 1""";

    /** Functions outside the system schemas that run with their owner's rights. */
    static final String DEFINER_FUNCTIONS =
            """
            SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 1""";

    /**
     * Views that run with their owner's rights (which skip the callers' row-level security), and
     * materialized views, which row-level security does not filter at all.
     */
    static final String OWNER_VIEWS =
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public'
              AND (c.relkind = 'm'
                   OR c.relkind = 'v' AND NOT EXISTS (
                       SELECT 1 FROM unnest(coalesce(c.reloptions, '{}')) o
                       WHERE lower(o) IN ('security_invoker=true', 'security_invoker=on',
                                          'security_invoker=1', 'security_invoker=yes')))
            ORDER BY 1""";

    private List<String> names(String sql) {
        return db.sql(sql).map(r -> r.get(0, String.class)).all().collectList().block();
    }

    @Test
    void everyPracticeTableIsUnderForcedRowLevelSecurityAndNothingRunsWithItsOwnersRights() {
        assertThat(names(UNPROTECTED_TABLES)).as("tables with practice_id").isEmpty();
        assertThat(names(DEFINER_FUNCTIONS)).as("SECURITY DEFINER functions").isEmpty();
        assertThat(names(OWNER_VIEWS)).as("views without security_invoker").isEmpty();
        // the tables are really there: the query looks at the right catalogue
        assertThat(
                        TestData.count(
                                db,
                                """
                                SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                                WHERE a.attname = 'practice_id' AND c.relkind = 'r' AND c.relforcerowsecurity"""))
                .isGreaterThan(20);
    }

    @Test
    void theCatalogueQueriesNameWhatBreaksTheRule() throws Exception {
        // planted by the schema owner in a transaction that is rolled back
        List<List<String>> found =
                TestData.asOwnerRolledBack(
                        db,
                        List.of(
                                "CREATE TABLE planted_open (id int, practice_id uuid)",
                                "CREATE TABLE planted_unforced (id int, practice_id uuid)",
                                "ALTER TABLE planted_unforced ENABLE ROW LEVEL SECURITY",
                                "CREATE POLICY p ON planted_unforced USING (true)",
                                "CREATE TABLE planted_no_policy (id int, practice_id uuid)",
                                "ALTER TABLE planted_no_policy ENABLE ROW LEVEL SECURITY",
                                "ALTER TABLE planted_no_policy FORCE ROW LEVEL SECURITY",
                                "CREATE FUNCTION planted_definer() RETURNS int LANGUAGE sql"
                                        + " SECURITY DEFINER AS 'SELECT 1'",
                                "CREATE VIEW planted_view AS SELECT * FROM denial",
                                "CREATE VIEW planted_invoker WITH (security_invoker = true) AS"
                                        + " SELECT * FROM denial",
                                "CREATE MATERIALIZED VIEW planted_copy AS SELECT 1 AS x"),
                        List.of(UNPROTECTED_TABLES, DEFINER_FUNCTIONS, OWNER_VIEWS));
        assertThat(found.get(0))
                .containsExactly("planted_no_policy", "planted_open", "planted_unforced");
        assertThat(found.get(1)).containsExactly("planted_definer");
        assertThat(found.get(2)).containsExactly("planted_copy", "planted_view");
    }

    record Practice(UUID id, String slug, WebTestClient client) {}

    private Practice newPractice() {
        String slug = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(Map.of("name", "Catalogue " + slug, "slug", slug))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        return new Practice(
                UUID.fromString((String) body.get("id")),
                slug,
                withKey((String) body.get("apiKey")));
    }

    private UUID one(String sql, UUID practice) {
        UUID id =
                db.sql(sql + " WHERE practice_id = :p ORDER BY id LIMIT 1")
                        .bind("p", practice)
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        assertThat(id).as(sql).isNotNull();
        return id;
    }

    @SuppressWarnings("unchecked")
    private static String first(WebTestClient client, String list) {
        List<Map<String, Object>> content =
                (List<Map<String, Object>>)
                        client.get()
                                .uri(list)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("content");
        assertThat(content).as(list).isNotEmpty();
        return (String) content.get(0).get("id");
    }

    private static void upload(WebTestClient client, String path, byte[] body) {
        client.post()
                .uri(path)
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    /** Practice A's data of every kind an id-taking GET endpoint serves. */
    private Map<String, String> dataOf(Practice a) throws IOException {
        // claims, their remittances and denials
        Generated.upload(a.client(), 8, 62, 0.5, LocalDate.of(2024, 11, 4));
        UUID denial = one("SELECT id FROM denial", a.id());
        UUID claim = one("SELECT id FROM submitted_claim", a.id());
        UUID remittance = one("SELECT id FROM remittance", a.id());
        // a claim of its own that a 277CA rejects
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        Generator.write(
                GeneratorOptions.defaults().withClaims(1).withSeed(9177).withDenialRate(0),
                c,
                new ByteArrayOutputStream());
        String claims =
                c.toString(StandardCharsets.ISO_8859_1)
                        .replaceAll("(GS\\*HC\\*(?:[^*~]*\\*){4})\\d+", "$1" + 9177)
                        .replaceAll("GE\\*(\\d+)\\*\\d+", "GE*$1*" + 9177);
        List<ClaimDocument> documents = new ArrayList<>();
        X12Files.read(
                new ByteArrayInputStream(claims.getBytes(StandardCharsets.ISO_8859_1)),
                new X12Handler() {
                    @Override
                    public void claimDocument(ClaimDocument d) {
                        documents.add(d);
                    }
                });
        upload(a.client(), "/api/v1/claims", claims.getBytes(StandardCharsets.ISO_8859_1));
        ClaimDocument rejected = documents.get(0);
        upload(
                a.client(),
                "/api/v1/claims",
                AcknowledgmentWriter.write277CA(
                        new AcknowledgmentWriter.ClaimAcknowledgment(
                                rejected.payer().name(),
                                rejected.receiver(),
                                rejected.billingProvider().party().name(),
                                "BATCH9177",
                                LocalDate.now(),
                                List.of(
                                        AcknowledgmentWriter.ClaimVerdict.rejected(
                                                rejected, "A7", "21", null))),
                        new Envelope(
                                "ZZ",
                                "TESTPAYER",
                                "ZZ",
                                "RECLAIM",
                                "TESTPAYER",
                                "RECLAIM",
                                Envelope.Usage.TEST,
                                9178,
                                9178,
                                9178,
                                LocalDateTime.now())));
        String rejection = first(a.client(), "/api/v1/rejections");
        // a line paid below the shipped fee schedule's rate (plan A, 99213 at 80.00)
        String remit =
                "ST*835*0001~BPR*I*0*C*CHK************20261001~TRN*1*CATUP1*1990000103~"
                        + "DTM*405*20261001~N1*PR*TEST COMMERCIAL HEALTH PLAN A*XV*TSTCOMA1~"
                        + "N1*PE*SYNTHETIC CLINIC*XX*1999999999~LX*1~"
                        + "CLP*CAT-UP-1*1*150*70**12*CAT-UP-1-PAYER~"
                        + "NM1*QC*1*SYNTHETIC*PATIENT****MI*SYNCAT1~"
                        + "SVC*HC:99213*150*70**1~DTM*472*20260915~CAS*CO*45*80~AMT*B6*70~";
        int segments = remit.split("~").length + 1;
        upload(
                a.client(),
                "/api/v1/remittances",
                ("ISA*00*          *00*          *ZZ*SYNPAYER       *ZZ*SYNCLINIC      *261001*1200*^*00501*000009179*0*T*:~"
                                + "GS*HP*SYNPAYER*SYNCLINIC*20261001*1200*9179*X*005010X221A1~"
                                + remit
                                + "SE*"
                                + segments
                                + "*0001~GE*1*9179~IEA*1*000009179~")
                        .getBytes(StandardCharsets.US_ASCII));
        String underpayment = first(a.client(), "/api/v1/underpayments");
        // an invoice, and an artifact of a denial
        Billing.resolve(db, denial, "100.00", Billing.at("2024-11-20T00:00:00Z"));
        http.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", "2024-11"))
                .exchange()
                .expectStatus()
                .isOk();
        UUID invoice = one("SELECT id FROM invoice", a.id());
        UUID artifact = UUID.randomUUID();
        db.sql(
                        """
                        INSERT INTO artifact (id, practice_id, denial_id, kind, media_type, sha256, content, source, created_at)
                        VALUES (:id, :p, :d, 'letter', 'text/plain', :h, :c, 'test', now())""")
                .bind("id", artifact)
                .bind("p", a.id())
                .bind("d", denial)
                .bind("h", org.reclaim.connector.support.Hashes.sha256("synthetic letter"))
                .bind("c", "synthetic letter".getBytes(StandardCharsets.US_ASCII))
                .then()
                .block();

        // a claim the gate holds: its service date is past every payer's filing window
        a.client()
                .post()
                .uri("/api/v1/claims/submit")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(
                        org.reclaim.prevention.Claims837.file(
                                        org.reclaim.prevention.Claims837.claim("CAT-HELD")
                                                .line(
                                                        "99214",
                                                        "",
                                                        1,
                                                        LocalDate.now().minusDays(800)))
                                .getBytes(StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isOk();
        String held = first(a.client(), "/api/v1/claims/held");

        // a webhook endpoint (the relay is off in the tests: nothing is sent to it)
        a.client()
                .post()
                .uri("/api/v1/webhooks")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of(
                                "url",
                                "http://localhost:9/hook",
                                "secret",
                                "catalogue-secret-0123456789",
                                "kinds",
                                List.of("claim.held")))
                .exchange()
                .expectStatus()
                .isCreated();
        UUID webhook = one("SELECT id FROM webhook_endpoint", a.id());

        Map<String, String> uris = new LinkedHashMap<>();
        uris.put("/api/v1/claims/held/{id}", "/api/v1/claims/held/" + held);
        uris.put("/api/v1/claims/{id}", "/api/v1/claims/" + claim);
        uris.put("/api/v1/denials/{id}", "/api/v1/denials/" + denial);
        uris.put("/api/v1/denials/{id}/timeline", "/api/v1/denials/" + denial + "/timeline");
        uris.put("/api/v1/denials/{id}/notes", "/api/v1/denials/" + denial + "/notes");
        uris.put("/api/v1/invoices/{id}", "/api/v1/invoices/" + invoice);
        uris.put("/api/v1/invoices/{id}/csv", "/api/v1/invoices/" + invoice + "/csv");
        uris.put("/api/v1/practices/{id}", "/api/v1/practices/" + a.id());
        uris.put("/api/v1/rejections/{id}", "/api/v1/rejections/" + rejection);
        uris.put("/api/v1/remittances/{id}", "/api/v1/remittances/" + remittance);
        uris.put("/api/v1/underpayments/{id}", "/api/v1/underpayments/" + underpayment);
        uris.put("/api/v1/webhooks/{id}", "/api/v1/webhooks/" + webhook);
        uris.put("/api/v1/webhooks/{id}/deliveries", "/api/v1/webhooks/" + webhook + "/deliveries");
        uris.put("/denials/{id}", "/denials/" + denial);
        uris.put(
                "/denials/{id}/artifacts/{artifact}",
                "/denials/" + denial + "/artifacts/" + artifact);
        uris.put("/invoices/{id}", "/invoices/" + invoice);
        return uris;
    }

    @Test
    void everyGetEndpointAnswersAnotherPracticesKeyWith404OnThisPracticesIds() throws IOException {
        Practice a = newPractice();
        Practice b = newPractice();
        Map<String, String> uris = dataOf(a);

        var mappings =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                        .getHandlerMethods()
                        .keySet();
        TreeSet<String> templated = new TreeSet<>();
        TreeSet<String> plain = new TreeSet<>();
        for (var info : mappings) {
            var methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) continue;
            for (var p : info.getPatternsCondition().getPatterns()) {
                String s = p.getPatternString();
                (s.contains("{") ? templated : plain).add(s);
            }
        }
        // a new GET endpoint taking an id must join the sweep
        assertThat(templated).containsExactlyInAnyOrderElementsOf(uris.keySet());

        for (var e : uris.entrySet()) {
            a.client()
                    .get()
                    .uri(e.getValue())
                    .exchange()
                    .expectStatus()
                    .value(s -> assertThat(s).as("A on " + e.getKey()).isEqualTo(200));
            b.client()
                    .get()
                    .uri(e.getValue())
                    .exchange()
                    .expectStatus()
                    .value(s -> assertThat(s).as("B on " + e.getKey()).isEqualTo(404));
        }
        // and the lists (and pages) B may read show none of A's ids
        List<String> ofA =
                uris.values().stream()
                        .flatMap(u -> java.util.Arrays.stream(u.split("/")))
                        .filter(part -> part.matches("[0-9a-f-]{36}"))
                        .distinct()
                        .toList();
        for (String list : plain) {
            if (list.startsWith("/login") || list.equals("/")) continue;
            byte[] body =
                    b.client()
                            .get()
                            .uri(list)
                            .exchange()
                            .expectStatus()
                            .value(s -> assertThat(s).as("B on " + list).isLessThan(500))
                            .expectBody()
                            .returnResult()
                            .getResponseBody();
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            for (String id : ofA) assertThat(text).as("B on " + list).doesNotContain(id);
            assertThat(text).as("B on " + list).doesNotContain(a.slug());
        }
    }
}
