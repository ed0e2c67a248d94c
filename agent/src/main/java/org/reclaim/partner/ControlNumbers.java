package org.reclaim.partner;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Interchange, group and transaction control numbers: persisted, unique per sender, never reused.
 */
@Component
public class ControlNumbers {

    private final DatabaseClient db;

    ControlNumbers(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Long> next(String sender) {
        return db.sql(
                        """
                        INSERT INTO control_number (sender, last_value) VALUES (:s, 1)
                        ON CONFLICT (sender) DO UPDATE SET last_value = control_number.last_value + 1
                        RETURNING last_value""")
                .bind("s", sender)
                .map(r -> r.get("last_value", Long.class))
                .one();
    }
}
