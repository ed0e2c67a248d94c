package org.reclaim.demo;

import java.time.Duration;
import java.util.List;
import org.reclaim.connector.clearinghouse.Clearinghouse;
import org.reclaim.connector.clearinghouse.IncomingFile;
import org.reclaim.connector.clearinghouse.OutgoingFile;
import org.reclaim.connector.clearinghouse.SubmissionReceipt;
import org.reclaim.drafting.AppealFacts;
import org.reclaim.drafting.AppealLetter;
import org.reclaim.drafting.ClaimCorrection;
import org.reclaim.drafting.CorrectionFacts;
import org.reclaim.drafting.Draft;
import org.reclaim.drafting.Drafter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Benchmark aid for the demo only ({@code demo --latency 500ms}): every draft and every clearinghouse
 * call takes this long, as a slow model and a slow remote party would, so the figures show what the
 * orchestrator keeps in flight while it waits.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "reclaim.demo.latency")
class DemoLatency implements BeanPostProcessor {

    private final Duration latency;

    DemoLatency(org.springframework.core.env.Environment env) {
        this.latency = Duration.parse(env.getProperty("reclaim.demo.latency"));
    }

    private void pause() {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof Drafter d) {
            return new Drafter() {
                @Override
                public Draft<AppealLetter> appeal(AppealFacts f) {
                    pause();
                    return d.appeal(f);
                }

                @Override
                public Draft<ClaimCorrection> correction(CorrectionFacts f) {
                    pause();
                    return d.correction(f);
                }
            };
        }
        if (bean instanceof Clearinghouse c) {
            return new Clearinghouse() {
                @Override
                public SubmissionReceipt submit(OutgoingFile f) {
                    pause();
                    return c.submit(f);
                }

                @Override
                public List<IncomingFile> poll() {
                    return c.poll();
                }
            };
        }
        return bean;
    }
}
