package org.reclaim.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reclaim.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

@IntegrationTest
class DatabaseRolesTest {

    @Autowired DatabaseClient db;

    @Test
    void theServiceConnectsAsANonSuperuserRoleThatCannotBypassRowLevelSecurity() {
        Map<String, Object> role =
                db.sql(
                                """
                SELECT current_user AS name, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb
                FROM pg_roles r WHERE r.rolname = current_user""")
                        .fetch()
                        .one()
                        .block();
        assertThat(role)
                .containsEntry("name", EmbeddedDatabase.APP)
                .containsEntry("rolsuper", false)
                .containsEntry("rolbypassrls", false)
                .containsEntry("rolcreaterole", false)
                .containsEntry("rolcreatedb", false);
    }

    @Test
    void theSchemaBelongsToTheOwnerRoleAndTheApplicationRoleCannotChangeIt() {
        assertThat(
                        db.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'denial'")
                                .map(r -> r.get(0, String.class))
                                .one()
                                .block())
                .isEqualTo(EmbeddedDatabase.OWNER);
        Throwable failure =
                db.sql("ALTER TABLE denial ADD COLUMN sneaky text")
                        .fetch()
                        .rowsUpdated()
                        .map(n -> (Throwable) null)
                        .onErrorResume(e -> reactor.core.publisher.Mono.just(e))
                        .block();
        assertThat(failure).isNotNull().hasMessageContaining("owner");
    }

    @Test
    void theDefaultPracticeExists() {
        assertThat(
                        db.sql("SELECT count(*) FROM practice WHERE slug = 'default'")
                                .map(r -> r.get(0, Long.class))
                                .one()
                                .block())
                .isEqualTo(1);
    }
}
