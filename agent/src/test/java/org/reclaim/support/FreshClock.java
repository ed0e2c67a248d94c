package org.reclaim.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.reclaim.core.AgentClock;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Every integration test starts on the system's time: the shared context's {@link AgentClock} only
 * moves forward in the service, so a test that moved it weeks ahead would otherwise decide the
 * dates the next test sees, whichever class or method runs next (tests run in random order).
 */
final class FreshClock implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        SpringExtension.getApplicationContext(context).getBean(AgentClock.class).restartForTest();
    }
}
