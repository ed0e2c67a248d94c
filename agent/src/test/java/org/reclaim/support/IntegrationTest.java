package org.reclaim.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One Spring context and one throw-away embedded PostgreSQL for every integration test class: keep
 * these properties identical everywhere so the context cache shares them. Each test starts on the
 * system's time ({@link FreshClock}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "reclaim.db.ephemeral=true",
            "reclaim.inbox.enabled=false",
            "reclaim.prevention.outgoing.enabled=false",
            "reclaim.data-dir=target/test-data",
            "reclaim.triage.playbooks-dir=target/test-triage/playbooks",
            "reclaim.triage.config-dir=target/test-triage/config",
            "reclaim.billing.scheduled=false",
            "reclaim.webhooks.scheduled=false",
            "logging.level.org.reclaim=warn",
            "RECLAIM_BOOTSTRAP_OPERATOR_PASSWORD=" + IntegrationTest.ADMIN_PASSWORD,
            "RECLAIM_BOOTSTRAP_PRACTICE_KEY=" + IntegrationTest.DEFAULT_PRACTICE_KEY,
            // cheap password hashes, in tests only
            "reclaim.security.password-memory-kib=64",
            "reclaim.security.password-iterations=1",
            // the tests' partners (WireMock) listen on http://localhost: allowed by name, nothing
            // else
            "reclaim.connectors.allowed-hosts=localhost",
            "reclaim.connectors.http-allowed-hosts=localhost",
            // small enough for a test to pass it (CapsTest), above every file the tests upload
            "reclaim.limits.upload-bytes=16MB"
        })
@ExtendWith(FreshClock.class)
public @interface IntegrationTest {

    /** The bootstrap admin's password in tests. */
    String ADMIN_PASSWORD = "test-admin-password";

    /** The default practice's bootstrap API key in tests. */
    String DEFAULT_PRACTICE_KEY = "rk_test-default-practice-key";
}
