package org.reclaim.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reclaim.billing.Billing.at;
import static org.reclaim.billing.Billing.resolve;
import static org.reclaim.support.TestData.count;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.reclaim.core.AgentClock;
import org.reclaim.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The schedule: a run at start-up, then one each interval of the service clock (not of the wall
 * clock).
 */
class BillingSchedulerTest extends ApiTest {

    @Autowired InvoiceService invoices;
    @Autowired AgentClock clock;

    static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(until);
            Thread.sleep(20);
        }
    }

    @Test
    void runsAtStartThenOnceTheServiceClockHasMovedAnInterval() throws InterruptedException {
        Billing.fee(db, "4.00");
        List<UUID> denials = Billing.denials(http, db, 20, 64);
        resolve(db, denials.get(0), "10.00", at("2025-01-03T00:00:00Z"));
        BillingScheduler scheduler =
                new BillingScheduler(
                        invoices,
                        new BillingProperties(true, Duration.ofDays(1), Duration.ofMillis(20)),
                        clock);
        try {
            scheduler.start();
            await(() -> count(db, "SELECT count(*) FROM invoice_line") == 1);

            resolve(db, denials.get(1), "10.00", at("2025-01-04T00:00:00Z"));
            Thread.sleep(300);
            assertThat(count(db, "SELECT count(*) FROM invoice_line"))
                    .as("not due yet")
                    .isEqualTo(1);

            clock.advanceBy(Duration.ofDays(1));
            await(() -> count(db, "SELECT count(*) FROM invoice_line") == 2);
            assertThat(count(db, "SELECT count(*) FROM invoice")).isEqualTo(1);
        } finally {
            scheduler.stop();
        }
    }
}
