package org.reclaim.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * One Spring context and one throw-away embedded PostgreSQL for every integration test class: keep
 * these properties identical everywhere so the context cache shares them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
    "reclaim.db.ephemeral=true",
    "reclaim.inbox.enabled=false",
    "reclaim.data-dir=target/test-data",
    "reclaim.triage.playbooks-dir=target/test-triage/playbooks",
    "reclaim.triage.config-dir=target/test-triage/config",
    "reclaim.billing.scheduled=false",
    "logging.level.org.reclaim=warn"
})
public @interface IntegrationTest {
}
