package org.reclaim.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reclaim.support.TestData.sample;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.reclaim.practice.Practices;
import org.reclaim.support.ApiTest;
import org.reclaim.support.IntegrationTest;
import org.reclaim.tenancy.PracticeScope;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Practices never see each other's data: in the API, in the application's queries, and in
 * PostgreSQL itself.
 */
class TenancyTest extends ApiTest {

    static final MediaType X12 = MediaType.parseMediaType("application/edi-x12");

    record Practice(UUID id, String slug, String key) {}

    Practice newPractice(String name) {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(
                                Map.of(
                                        "name",
                                        name,
                                        "slug",
                                        slug,
                                        "payeeIds",
                                        List.of("1999999984")))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((String) body.get("apiKey")).startsWith("rk_");
        return new Practice(
                UUID.fromString((String) body.get("id")), slug, (String) body.get("apiKey"));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> denials(WebTestClient client) {
        return (List<Map<String, Object>>)
                client.get()
                        .uri("/api/v1/denials?size=1000")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody()
                        .get("content");
    }

    @Test
    void withoutCredentialsTheApiAnswers401AndHealthStaysPublic() {
        anonymous()
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Authentication required");
        withKey("rk_not-a-key")
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        asOperator("admin", "wrong password")
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        // the UI sends a browser to the sign-in form
        anonymous()
                .get()
                .uri("/worklist")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .valueEquals("Location", "/login");
    }

    @Test
    void aSecondPracticeSeesNoneOfTheFirstsDenials() {
        Practice b = newPractice("Second Practice");
        var a = withKey(IntegrationTest.DEFAULT_PRACTICE_KEY);
        var bClient = withKey(b.key());
        a.post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();

        List<Map<String, Object>> ofA = denials(a);
        assertThat(ofA).hasSize(5);
        assertThat(denials(bClient)).isEmpty();
        Object denialOfA = ofA.get(0).get("id");
        bClient.get().uri("/api/v1/denials/{id}", denialOfA).exchange().expectStatus().isNotFound();
        a.get().uri("/api/v1/denials/{id}", denialOfA).exchange().expectStatus().isOk();
        bClient.get()
                .uri("/api/v1/worklist")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.totalElements")
                .isEqualTo(0);
        bClient.get()
                .uri("/api/v1/practices/{id}", Practices.DEFAULT_ID)
                .exchange()
                .expectStatus()
                .isNotFound();

        // the same file from B is B's own: stored again, for B only
        bClient.post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(denials(bClient)).hasSize(5).noneMatch(d -> d.get("id").equals(denialOfA));
        assertThat(denials(a)).hasSize(5);
        assertThat(denials(http)).hasSize(10); // an unrestricted admin sees both
    }

    @Test
    void rowLevelSecurityFiltersTheApplicationRoleEvenWithoutAFilterInTheQuery() {
        Practice b = newPractice("Third Practice");
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();

        String everything = "SELECT count(*) FROM denial";
        assertThat(
                        PracticeScope.ALL
                                .run(db.sql(everything).map(r -> r.get(0, Long.class)).one())
                                .block())
                .isEqualTo(5);
        assertThat(
                        PracticeScope.of(Practices.DEFAULT_ID)
                                .run(db.sql(everything).map(r -> r.get(0, Long.class)).one())
                                .block())
                .isEqualTo(5);
        assertThat(
                        PracticeScope.of(b.id())
                                .run(db.sql(everything).map(r -> r.get(0, Long.class)).one())
                                .block())
                .isZero();
        assertThat(
                        PracticeScope.NONE
                                .run(db.sql(everything).map(r -> r.get(0, Long.class)).one())
                                .block())
                .isZero();
        // the connection really is the non-superuser application role, and cannot write another
        // practice's rows
        assertThat(
                        db.sql(
                                        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                                .map(r -> r.get(0, Boolean.class))
                                .one()
                                .block())
                .isFalse();
        assertThat(
                        PracticeScope.of(b.id())
                                .run(
                                        db.sql("UPDATE denial SET amount = amount")
                                                .fetch()
                                                .rowsUpdated())
                                .block())
                .isZero();
        assertThatThrownBy(
                        () ->
                                PracticeScope.of(b.id())
                                        .run(
                                                db.sql(
                                                                """
                        INSERT INTO claim_document (submitted_claim_id, practice_id, document)
                        VALUES (gen_random_uuid(), :p, '')""")
                                                        .bind("p", Practices.DEFAULT_ID)
                                                        .then())
                                        .block())
                .hasMessageContaining("row-level security");
    }

    @Test
    void aFileWhosePayeeIsAnotherPracticesIsStoredForTheUploaderWithAWarning() {
        String slug = "payee-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> owner =
                http.post()
                        .uri("/api/v1/practices")
                        .bodyValue(
                                Map.of(
                                        "name",
                                        "Payee Owner",
                                        "slug",
                                        slug,
                                        "payeeIds",
                                        List.of("1122334455")))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        Map<String, Object> result =
                withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                        .post()
                        .uri("/api/v1/remittances")
                        .contentType(X12)
                        .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        assertThat((List<?>) result.get("warnings"))
                .singleElement()
                .asString()
                .contains("1122334455")
                .contains(slug);
        assertThat(denials(withKey(IntegrationTest.DEFAULT_PRACTICE_KEY))).hasSize(5);
        assertThat(denials(withKey((String) owner.get("apiKey")))).isEmpty();
    }

    @Test
    void keysAreShownOnceSeveralPerPracticeAndRevocable() {
        Practice b = newPractice("Keys Practice");
        var first = withKey(b.key());
        Map<String, Object> second =
                first.post()
                        .uri("/api/v1/practices/{id}/keys", b.id())
                        .bodyValue(Map.of("label", "billing system"))
                        .exchange()
                        .expectStatus()
                        .isCreated()
                        .expectBody(JSON)
                        .returnResult()
                        .getResponseBody();
        var secondClient = withKey((String) second.get("apiKey"));
        secondClient.get().uri("/api/v1/denials").exchange().expectStatus().isOk();
        // the key itself is never shown again: only its prefix
        http.get()
                .uri("/api/v1/practices/{id}", b.id())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.keys.length()")
                .isEqualTo(2)
                .jsonPath("$.keys[0].apiKey")
                .doesNotExist()
                .jsonPath("$.keys[1].prefix")
                .isEqualTo(((String) second.get("apiKey")).substring(0, 7));
        assertThat(
                        db.sql("SELECT count(*) FROM practice_api_key WHERE sha256 = :k")
                                .bind("k", b.key())
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isZero();

        http.delete()
                .uri("/api/v1/practices/{id}/keys/{key}", b.id(), second.get("id"))
                .exchange()
                .expectStatus()
                .isNoContent();
        secondClient.get().uri("/api/v1/denials").exchange().expectStatus().isUnauthorized();
        first.get().uri("/api/v1/denials").exchange().expectStatus().isOk();
        // a practice manages its own keys only, and cannot create practices
        withKey(b.key())
                .post()
                .uri("/api/v1/practices/{id}/keys", Practices.DEFAULT_ID)
                .exchange()
                .expectStatus()
                .isNotFound();
        withKey(b.key())
                .post()
                .uri("/api/v1/practices")
                .bodyValue(Map.of("name", "x"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void aReviewerLimitedToOnePracticeCannotOpenAnothersDenialAndReviewersCannotAdminister() {
        Practice b = newPractice("Reviewed Practice");
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "rita",
                                "password",
                                "rita-password-1",
                                "role",
                                "REVIEWER",
                                "practices",
                                List.of(b.slug())))
                .exchange()
                .expectStatus()
                .isCreated();
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .post()
                .uri("/api/v1/remittances")
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        Object denialOfDefault = denials(http).get(0).get("id");
        var rita = asOperator("rita", "rita-password-1");
        assertThat(denials(rita)).isEmpty();
        rita.get()
                .uri("/api/v1/denials/{id}", denialOfDefault)
                .exchange()
                .expectStatus()
                .isNotFound();
        rita.post()
                .uri("/api/v1/operators")
                .bodyValue(Map.of("username", "x", "password", "xxxxxxxxxxxxxxxx"))
                .exchange()
                .expectStatus()
                .isForbidden();
        // she may upload only to her practice
        rita.post()
                .uri("/api/v1/remittances?practice=default")
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isNotFound();
        rita.post()
                .uri("/api/v1/remittances?practice=" + b.slug())
                .contentType(X12)
                .bodyValue(sample("tigershark/5010-835-example-2.txt"))
                .exchange()
                .expectStatus()
                .isCreated();
        assertThat(denials(rita)).hasSize(5);
    }

    @Test
    void connectorSettingsArePerPracticeAndChangedOnlyByAnAdminOrThePracticeItself() {
        Practice b = newPractice("Connector Practice");
        Map<String, String> portal =
                Map.of(
                        "baseUrl",
                        "https://portal.example.test",
                        "authHeaderName",
                        "X-Key",
                        "authHeaderValue",
                        "b-secret-value-4321");
        withKey(b.key())
                .put()
                .uri("/api/v1/connectors/payer-portals/PAYERB")
                .bodyValue(portal)
                .exchange()
                .expectStatus()
                .isNoContent();
        withKey(b.key())
                .get()
                .uri("/api/v1/connectors/payer-portals")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.content.length()")
                .isEqualTo(1)
                .jsonPath("$.content[0].secret")
                .isEqualTo("****4321")
                .jsonPath("$.totalElements")
                .isEqualTo(1)
                .jsonPath("$.page")
                .isEqualTo(0)
                .jsonPath("$.size")
                .isEqualTo(50);
        withKey(IntegrationTest.DEFAULT_PRACTICE_KEY)
                .get()
                .uri("/api/v1/connectors/payer-portals")
                .exchange()
                .expectBody()
                .jsonPath("$.content[?(@.payerId == 'PAYERB')]")
                .doesNotExist();
        http.get()
                .uri("/api/v1/connectors/payer-portals?practice=" + b.slug())
                .exchange()
                .expectBody()
                .jsonPath("$.content[0].payerId")
                .isEqualTo("PAYERB");
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "cora-" + b.slug(),
                                "password",
                                "cora-password-1",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        asOperator("cora-" + b.slug(), "cora-password-1")
                .put()
                .uri("/api/v1/connectors/payer-portals/PAYERB?practice=" + b.slug())
                .bodyValue(portal)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    @SuppressWarnings("unchecked")
    void practicesAndOperatorsAreListedAPageAtATime() {
        Practice b = newPractice("Paged Practice");
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "pia-" + b.slug(),
                                "password",
                                "pia-password-12",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        for (String list : List.of("/api/v1/practices", "/api/v1/operators")) {
            Map<String, Object> all = page(list + "?size=1000");
            List<Map<String, Object>> rows = (List<Map<String, Object>>) all.get("content");
            assertThat(rows).as(list).hasSizeGreaterThanOrEqualTo(2);
            assertThat(((Number) all.get("totalElements")).longValue())
                    .as(list)
                    .isEqualTo(rows.size());

            Map<String, Object> second = page(list + "?page=1&size=1");
            assertThat(second).as(list).containsEntry("page", 1).containsEntry("size", 1);
            assertThat(((Number) second.get("totalElements")).longValue())
                    .as(list)
                    .isEqualTo(rows.size());
            assertThat((List<Map<String, Object>>) second.get("content"))
                    .as(list)
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("id")).isEqualTo(rows.get(1).get("id")));
            assertThat(page(list)).as(list).containsEntry("page", 0).containsEntry("size", 50);
            http.get()
                    .uri(list + "?size=1001")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    private Map<String, Object> page(String uri) {
        return http.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void repeatedFailedLoginsLockTheAccount() {
        http.post()
                .uri("/api/v1/operators")
                .bodyValue(
                        Map.of(
                                "username",
                                "lou",
                                "password",
                                "lou-password-12",
                                "role",
                                "REVIEWER"))
                .exchange()
                .expectStatus()
                .isCreated();
        asOperator("lou", "lou-password-12")
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isOk();
        for (int i = 0; i < 5; i++) {
            asOperator("lou", "guess-" + i)
                    .get()
                    .uri("/api/v1/denials")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
        asOperator("lou", "lou-password-12")
                .get()
                .uri("/api/v1/denials")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("locked"));
        // passwords are stored as Argon2id hashes
        assertThat(
                        db.sql("SELECT password_hash FROM operator WHERE username = 'lou'")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .startsWith("$argon2id$");
    }
}
