package org.reclaim;

import java.time.Clock;
import org.reclaim.core.AgentClock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The service. Started by {@link Reclaim} when no CLI subcommand is given. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReclaimApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReclaimApplication.class, args);
    }

    /**
     * The one source of time: deadlines, days left and the playbooks' timers are counted from it.
     */
    @Bean
    AgentClock clock() {
        return new AgentClock(Clock.systemUTC());
    }
}
