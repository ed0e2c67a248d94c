package org.reclaim.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.denial.DenialStatus;
import org.reclaim.denial.Lifecycle;
import org.reclaim.support.ApiTest;
import org.reclaim.support.Generated;
import org.reclaim.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Webhook delivery end to end with WireMock as the practice's receiver: events made by real
 * lifecycle moves, written to the outbox, delivered by relay passes on the service clock.
 */
class WebhookDeliveryTest extends ApiTest {

    static final String SECRET = "whsec-synthetic-0123456789abcdef";

    @Autowired Lifecycle lifecycle;
    @Autowired WebhookRelay relay;
    @Autowired AgentClock clock;

    WireMockServer receiver;
    WebTestClient practice;

    @BeforeEach
    void receiver() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        practice = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private String register(String... kinds) {
        Map<String, Object> body =
                practice.post()
                        .uri("/api/v1/webhooks")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                Map.of(
                                        "url",
                                        "http://localhost:" + receiver.port() + "/hook",
                                        "secret",
                                        SECRET,
                                        "kinds",
                                        List.of(kinds)))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat(body).doesNotContainKey("secret");
        return (String) body.get("id");
    }

    /** Denials of a generated batch, in TRIAGED. */
    private List<UUID> denials(int claims, long seed) {
        Generated.upload(http, claims, seed, 0.6, LocalDate.of(2024, 11, 4));
        return db.sql("SELECT id FROM denial WHERE status = 'TRIAGED' ORDER BY id")
                .map(r -> r.get("id", UUID.class))
                .all()
                .collectList()
                .block();
    }

    private void escalate(UUID denial, String why) {
        lifecycle
                .move(denial, DenialStatus.TRIAGED, DenialStatus.ESCALATED, "operator:test", why)
                .block();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> log(String endpoint) {
        return (List<Map<String, Object>>)
                practice.get()
                        .uri("/api/v1/webhooks/" + endpoint + "/deliveries")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("content");
    }

    private List<LoggedRequest> received() {
        return receiver.findAll(postRequestedFor(urlEqualTo("/hook")));
    }

    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    @Test
    void aDeliveryIsSignedAndItsBodyCarriesIdsAndTheReasonButNoPatientData() {
        UUID denial = denials(6, 4101).get(0);
        String endpoint = register("denial.escalated");
        escalate(denial, "the portal refused the appeal twice");
        assertThat(relay.pass().block()).isEqualTo(1);

        LoggedRequest r = received().get(0);
        String body = r.getBodyAsString();
        Matcher m = SIGNATURE.matcher(r.getHeader(Signatures.HEADER));
        assertThat(m.matches()).isTrue();
        // the receiver's check: HMAC-SHA256(secret, t + "." + raw body), and a recent t
        assertThat(Signatures.hmac(SECRET, m.group(1) + "." + body)).isEqualTo(m.group(2));
        assertThat(Signatures.hmac("another-secret-of-16+", m.group(1) + "." + body))
                .isNotEqualTo(m.group(2));
        assertThat(Long.parseLong(m.group(1)))
                .isCloseTo(
                        clock.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertThat(body)
                .startsWith("{\"id\":\"")
                .contains("\"kind\":\"denial.escalated\"")
                .contains("\"practice\":\"default\"")
                .contains("\"denial\":\"" + denial + "\"")
                .contains("\"reason\":\"the portal refused the appeal twice\"");
        assertThat(r.getHeader("Reclaim-Event-Kind")).isEqualTo("denial.escalated");
        assertThat(body).contains("\"id\":\"" + r.getHeader("Reclaim-Event-Id") + "\"");

        // nothing that names or identifies the patient: names, member id, birth date, account
        // number
        Map<String, Object> patient =
                db.sql(
                                """
                        SELECT s.patient_last_name, s.patient_first_name, s.subscriber_member_id,
                               s.patient_birth_date::text AS dob, cp.patient_control_number
                        FROM denial d JOIN claim_payment cp ON cp.id = d.claim_payment_id
                        JOIN claim_payment_link l ON l.claim_payment_id = cp.id
                        JOIN submitted_claim s ON s.id = l.submitted_claim_id
                        WHERE d.id = :d""")
                        .bind("d", denial)
                        .fetch()
                        .one()
                        .block();
        assertThat(patient).isNotNull();
        for (Object v : patient.values()) {
            if (v == null) continue;
            assertThat(body).doesNotContain(v.toString());
            assertThat(body).doesNotContain(v.toString().replace("-", ""));
        }

        Map<String, Object> logged = log(endpoint).get(0);
        assertThat(logged)
                .containsEntry("status", "DELIVERED")
                .containsEntry("attempts", 1)
                .containsEntry("lastStatus", 200)
                .containsEntry("kind", "denial.escalated");
        assertThat(logged.get("eventId")).isEqualTo(r.getHeader("Reclaim-Event-Id"));
        assertThat(logged.get("deliveredAt")).isNotNull();
        // delivered: a later pass sends nothing again
        assertThat(relay.pass().block()).isZero();
        assertThat(received()).hasSize(1);
    }

    @Test
    void aFailedAttemptIsTriedAgainAfterAMinuteAndDeliveredOnce() {
        UUID denial = denials(6, 4102).get(0);
        String endpoint = register("denial.escalated", "review.waiting");
        receiver.resetMappings();
        receiver.stubFor(
                post(urlEqualTo("/hook"))
                        .inScenario("flaky")
                        .whenScenarioStateIs(
                                com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                        .willReturn(aResponse().withStatus(500))
                        .willSetStateTo("up"));
        receiver.stubFor(
                post(urlEqualTo("/hook"))
                        .inScenario("flaky")
                        .whenScenarioStateIs("up")
                        .willReturn(aResponse().withStatus(200)));
        escalate(denial, "no playbook step can answer CO-16");

        assertThat(relay.pass().block()).isEqualTo(1);
        Map<String, Object> first = log(endpoint).get(0);
        assertThat(first)
                .containsEntry("status", "PENDING")
                .containsEntry("attempts", 1)
                .containsEntry("lastStatus", 500)
                .containsEntry("lastError", "HTTP 500");
        Instant tried = Instant.parse((String) first.get("lastTriedAt"));
        assertThat(Instant.parse((String) first.get("nextTryAt")))
                .isEqualTo(tried.plus(Duration.ofMinutes(1)));
        System.out.println("webhook delivery log after the 500: " + log(endpoint));

        // not due yet
        assertThat(relay.pass().block()).isZero();
        clock.advanceBy(Duration.ofSeconds(61));
        assertThat(relay.pass().block()).isEqualTo(1);

        List<Map<String, Object>> after = log(endpoint);
        System.out.println("webhook delivery log after the retry: " + after);
        assertThat(after).hasSize(1);
        assertThat(after.get(0))
                .containsEntry("status", "DELIVERED")
                .containsEntry("attempts", 2)
                .containsEntry("lastStatus", 200);
        assertThat(after.get(0).get("nextTryAt")).isNull();
        assertThat(after.get(0).get("lastError")).isNull();
        List<LoggedRequest> got = received();
        assertThat(got).hasSize(2);
        // the same event, so the receiver can drop a duplicate; numbered attempts
        assertThat(got.get(0).getBodyAsString()).isEqualTo(got.get(1).getBodyAsString());
        assertThat(got.get(0).getHeader("Reclaim-Event-Id"))
                .isEqualTo(got.get(1).getHeader("Reclaim-Event-Id"));
        assertThat(got.get(1).getHeader("Reclaim-Delivery-Attempt")).isEqualTo("2");
        assertThat(relay.pass().block()).isZero();
    }

    @Test
    void aDenialsLaterEventWaitsUntilItsEarlierOneIsDelivered() {
        List<UUID> ds = denials(8, 4103);
        UUID a = ds.get(0);
        UUID b = ds.get(1);
        String endpoint = register("denial.escalated", "review.waiting");
        // the receiver refuses the escalation of a, and takes everything else
        receiver.stubFor(
                post(urlEqualTo("/hook"))
                        .withRequestBody(containing("\"kind\":\"denial.escalated\""))
                        .withRequestBody(containing(a.toString()))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        escalate(a, "first");
        lifecycle
                .move(a, DenialStatus.ESCALATED, DenialStatus.IN_PROGRESS, "operator:test", "retry")
                .block();
        lifecycle
                .move(
                        a,
                        DenialStatus.IN_PROGRESS,
                        DenialStatus.AWAITING_REVIEW,
                        "agent:DRAFT",
                        "draft")
                .block();
        escalate(b, "other denial");

        relay.pass().block();
        // a's review.waiting is held back behind its failed escalation; b is not held up
        assertThat(received())
                .extracting(
                        r ->
                                r.getBodyAsString().contains(a.toString())
                                        ? "a:" + r.getHeader("Reclaim-Event-Kind")
                                        : "b:" + r.getHeader("Reclaim-Event-Kind"))
                .containsExactlyInAnyOrder("a:denial.escalated", "b:denial.escalated");
        assertThat(log(endpoint))
                .extracting(d -> d.get("kind") + "/" + d.get("status") + "/" + d.get("attempts"))
                .containsExactlyInAnyOrder(
                        "denial.escalated/PENDING/1",
                        "review.waiting/PENDING/0",
                        "denial.escalated/DELIVERED/1");

        receiver.resetMappings();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        clock.advanceBy(Duration.ofSeconds(61));
        assertThat(relay.pass().block()).isEqualTo(2);

        List<String> order =
                received().stream()
                        .filter(r -> r.getBodyAsString().contains(a.toString()))
                        .map(r -> r.getHeader("Reclaim-Event-Kind"))
                        .toList();
        assertThat(order).containsExactly("denial.escalated", "denial.escalated", "review.waiting");
        assertThat(log(endpoint))
                .allSatisfy(d -> assertThat(d).containsEntry("status", "DELIVERED"));
    }

    @Test
    void aDeliveryStillRefusedADayAfterItsEventIsFailedAndLogged() {
        UUID denial = denials(6, 4104).get(0);
        String endpoint = register("denial.escalated");
        receiver.resetMappings();
        receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(500)));
        Instant start = clock.instant();
        escalate(denial, "down all day");

        relay.pass().block();
        for (int i = 0; i < 30; i++) {
            Map<String, Object> d = log(endpoint).get(0);
            if (!"PENDING".equals(d.get("status"))) break;
            clock.advanceTo(Instant.parse((String) d.get("nextTryAt")));
            relay.pass().block();
        }
        Map<String, Object> d = log(endpoint).get(0);
        System.out.println("webhook delivery log at the end of the window: " + d);
        // tries at 0, 1, 3, 7, ... 1023 minutes, then one at 24 h: 12
        assertThat(d)
                .containsEntry("status", "FAILED")
                .containsEntry("attempts", 12)
                .containsEntry("lastStatus", 500);
        assertThat(d.get("nextTryAt")).isNull();
        assertThat(d.get("deliveredAt")).isNull();
        Instant created = Instant.parse((String) d.get("createdAt"));
        // the last try at the end of the window (the clock runs on by the test's own time)
        assertThat(Instant.parse((String) d.get("lastTriedAt")))
                .isBetween(
                        created.plus(Duration.ofHours(24)),
                        created.plus(Duration.ofHours(24)).plusSeconds(30));
        assertThat(created).isAfterOrEqualTo(start.minusSeconds(1));
        assertThat(received()).hasSize(12);
        clock.advanceBy(Duration.ofDays(1));
        assertThat(relay.pass().block()).isZero();
        assertThat(
                        db.sql("SELECT count(*) AS n FROM webhook_delivery WHERE status = 'FAILED'")
                                .map(r -> r.get("n", Long.class))
                                .one()
                                .block())
                .isEqualTo(1L);
    }

    @Test
    void aHeldClaimAnIssuedInvoiceAndAResolvedDenialAreDeliveredWithTheirAmountsAndCodes() {
        UUID denial = denials(6, 4105).get(0);
        String endpoint = register("claim.held", "invoice.issued", "denial.resolved");

        // the gate holds a claim past every payer's filing window
        practice.post()
                .uri("/api/v1/claims/submit")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(
                        org.reclaim.prevention.Claims837.file(
                                        org.reclaim.prevention.Claims837.claim("WH-HELD-1")
                                                .line(
                                                        "99214",
                                                        "",
                                                        1,
                                                        LocalDate.now().minusDays(800)))
                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .exchange()
                .expectStatus()
                .isOk();
        // an invoice issued for a billable event
        org.reclaim.billing.Billing.resolve(
                db, denial, "100.00", Instant.parse("2024-11-20T00:00:00Z"));
        http.post()
                .uri("/api/v1/invoices/run")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("month", "2024-11"))
                .exchange()
                .expectStatus()
                .isOk();
        UUID invoice =
                db.sql("SELECT id FROM invoice").map(r -> r.get("id", UUID.class)).one().block();
        http.post()
                .uri("/api/v1/invoices/" + invoice + "/issue")
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
        // a resolution, told twice (as when its file is applied again): one event
        UUID practiceId =
                db.sql("SELECT practice_id FROM denial WHERE id = :d")
                        .bind("d", denial)
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        var resolved =
                new org.reclaim.payeranswer.DenialResolved(
                        denial,
                        practiceId,
                        new java.math.BigDecimal("80.00"),
                        new java.math.BigDecimal("25.00"),
                        true,
                        clock.instant());
        Outbox outbox = context.getBean(Outbox.class);
        outbox.resolved(resolved).block();
        outbox.resolved(resolved).block();

        assertThat(relay.pass().block()).isEqualTo(3);
        Map<String, String> bodies = new java.util.HashMap<>();
        for (LoggedRequest r : received())
            bodies.put(r.getHeader("Reclaim-Event-Kind"), r.getBodyAsString());
        assertThat(bodies).containsOnlyKeys("claim.held", "invoice.issued", "denial.resolved");
        assertThat(bodies.get("claim.held"))
                .contains("\"verdict\":\"HOLD\"")
                .contains("\"findings\":[")
                .contains("\"heldClaim\":\"")
                .doesNotContain("WH-HELD-1");
        assertThat(bodies.get("invoice.issued"))
                .contains("\"invoice\":\"" + invoice + "\"")
                .contains("\"month\":\"2024-11\"")
                .contains("\"lines\":1")
                .contains("\"totalRecovered\":100.00");
        assertThat(bodies.get("denial.resolved"))
                .contains("\"recovered\":80.00")
                .contains("\"actedOn\":true");
        assertThat(log(endpoint)).hasSize(3);
    }

    private long outboxRows() {
        return db.sql("SELECT count(*) AS n FROM webhook_delivery")
                .map(r -> r.get("n", Long.class))
                .one()
                .block();
    }

    @Test
    void anEventWhoseTransactionRollsBackIsNeverDelivered() {
        List<UUID> ds = denials(6, 4106);
        register("denial.escalated");
        var tx =
                org.springframework.transaction.reactive.TransactionalOperator.create(
                        context.getBean(
                                org.springframework.transaction.ReactiveTransactionManager.class));
        UUID denial = ds.get(0);
        reactor.test.StepVerifier.create(
                        tx.transactional(
                                lifecycle
                                        .move(
                                                denial,
                                                DenialStatus.TRIAGED,
                                                DenialStatus.ESCALATED,
                                                "operator:test",
                                                "undone")
                                        .then(
                                                reactor.core.publisher.Mono.error(
                                                        new IllegalStateException("rolled back")))))
                .expectErrorMessage("rolled back")
                .verify();
        assertThat(outboxRows()).isZero();
        tx.transactional(
                        lifecycle.move(
                                denial,
                                DenialStatus.TRIAGED,
                                DenialStatus.ESCALATED,
                                "operator:test",
                                "kept"))
                .block();
        assertThat(outboxRows()).isEqualTo(1);
        assertThat(relay.pass().block()).isEqualTo(1);
        assertThat(received()).hasSize(1);
        assertThat(received().get(0).getBodyAsString()).contains("kept").doesNotContain("undone");
    }

    @Test
    void twoRelaysPassingAtOnceDeliverAnEventOnce() {
        List<UUID> ds = denials(8, 4107);
        register("denial.escalated");
        receiver.resetMappings();
        receiver.stubFor(
                post(urlEqualTo("/hook"))
                        .willReturn(aResponse().withStatus(200).withFixedDelay(500)));
        for (UUID d : ds.subList(0, 3)) escalate(d, "at once");
        var both =
                reactor.core.publisher.Mono.zip(
                                relay.pass()
                                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()),
                                relay.pass()
                                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()))
                        .block();
        assertThat(both.getT1() + both.getT2()).isEqualTo(3);
        assertThat(received()).hasSize(3);
        assertThat(received())
                .extracting(r -> r.getHeader("Reclaim-Event-Id"))
                .doesNotHaveDuplicates();
    }

    @Test
    void aDenialThePayerPaysOnALaterRemittanceIsDeliveredAsResolvedWithTheAmount() {
        var triage = context.getBean(org.reclaim.triage.TriageService.class);
        LocalDate service = triage.today().minusDays(40);
        String endpoint = register("denial.resolved", "denial.escalated");
        uploadRemit(
                org.reclaim.payeranswer.Remit835.remit(
                        "WHRES1",
                        triage.today().minusDays(30),
                        0,
                        org.reclaim.payeranswer.Remit835.PLAN_A,
                        org.reclaim.payeranswer.Remit835.claim(
                                "WH-RES-1",
                                "1",
                                100,
                                0,
                                "WH-RES-1-A",
                                null,
                                "",
                                org.reclaim.payeranswer.Remit835.line(
                                        "99213", service, 100, 0, "CO*97*100"))));
        UUID denial =
                db.sql("SELECT id FROM denial WHERE patient_control_number = 'WH-RES-1'")
                        .map(r -> r.get(0, UUID.class))
                        .one()
                        .block();
        db.sql("UPDATE denial SET status = 'AWAITING_PAYER' WHERE id = :d")
                .bind("d", denial)
                .then()
                .block();
        uploadRemit(
                org.reclaim.payeranswer.Remit835.remit(
                        "WHRES2",
                        triage.today().minusDays(5),
                        100,
                        org.reclaim.payeranswer.Remit835.PLAN_A,
                        org.reclaim.payeranswer.Remit835.claim(
                                "WH-RES-1",
                                "1",
                                100,
                                100,
                                "WH-RES-1-A",
                                null,
                                "",
                                org.reclaim.payeranswer.Remit835.line(
                                        "99213", service, 100, 100, null))));

        assertThat(relay.pass().block()).isEqualTo(1);
        String body = received().get(0).getBodyAsString();
        assertThat(body)
                .contains("\"kind\":\"denial.resolved\"")
                .contains("\"denial\":\"" + denial + "\"")
                .contains("\"recovered\":100.00")
                .contains("\"actedOn\":false")
                .doesNotContain("WH-RES-1");
        assertThat(log(endpoint))
                .singleElement()
                .satisfies(d -> assertThat(d).containsEntry("status", "DELIVERED"));
    }

    private void uploadRemit(String x12) {
        practice.post()
                .uri("/api/v1/remittances")
                .contentType(MediaType.parseMediaType("application/edi-x12"))
                .bodyValue(x12.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void aReceiverAskingToWaitLongerThanTheBackoffIsGivenItsRetryAfter() {
        UUID denial = denials(6, 4108).get(0);
        String endpoint = register("denial.escalated");
        receiver.resetMappings();
        receiver.stubFor(
                post(urlEqualTo("/hook"))
                        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "600")));
        escalate(denial, "busy receiver");
        relay.pass().block();
        Map<String, Object> d = log(endpoint).get(0);
        assertThat(d).containsEntry("lastStatus", 503).containsEntry("attempts", 1);
        assertThat(Instant.parse((String) d.get("nextTryAt")))
                .isEqualTo(Instant.parse((String) d.get("lastTriedAt")).plusSeconds(600));
        clock.advanceBy(Duration.ofMinutes(2));
        assertThat(relay.pass().block()).isZero();
    }
}
