package org.reclaim.support;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the HTTP API tests: a client bound to the shared context, and an empty database per test. */
@IntegrationTest
public abstract class ApiTest {

    protected static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @Autowired
    protected ApplicationContext context;
    @Autowired
    protected DatabaseClient db;
    protected WebTestClient http;

    @BeforeEach
    void bindClientAndEmptyTheDatabase() {
        http = WebTestClient.bindToApplicationContext(context).build();
        TestData.clean(db);
    }
}
