package org.reclaim.support;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the HTTP API tests: a client bound to the shared context, and an empty database per test.
 */
@IntegrationTest
public abstract class ApiTest {

    protected static final ParameterizedTypeReference<Map<String, Object>> JSON =
            new ParameterizedTypeReference<>() {};

    @Autowired protected ApplicationContext context;
    @Autowired protected DatabaseClient db;
    protected WebTestClient http;

    /**
     * A client signed in as the bootstrap admin (HTTP Basic: every practice, no CSRF token needed).
     */
    @BeforeEach
    void bindClientAndEmptyTheDatabase() {
        http = asAdmin();
        TestData.clean(db);
    }

    protected WebTestClient anonymous() {
        return WebTestClient.bindToApplicationContext(context)
                .configureClient()
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build();
    }

    protected WebTestClient asAdmin() {
        return asOperator("admin", IntegrationTest.ADMIN_PASSWORD);
    }

    protected WebTestClient asOperator(String user, String password) {
        return anonymous().mutate().defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    protected WebTestClient withKey(String apiKey) {
        return anonymous().mutate().defaultHeader("Authorization", "Bearer " + apiKey).build();
    }
}
