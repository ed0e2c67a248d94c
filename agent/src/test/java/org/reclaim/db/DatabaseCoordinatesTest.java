package org.reclaim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseCoordinatesTest {

    @Test
    void acceptsJdbcAndPlainPostgresqlUrls() {
        var jdbc =
                DatabaseCoordinates.external(
                        "jdbc:postgresql://db.example:5433/reclaim?sslmode=require",
                        "app",
                        "secret",
                        "owner",
                        "secret2");
        assertThat(jdbc.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:5433/reclaim?sslmode=require");
        assertThat(jdbc.r2dbcUrl())
                .isEqualTo("r2dbc:postgresql://db.example:5433/reclaim?sslmode=require");
        assertThat(jdbc.migrationUser()).isEqualTo("owner");
        assertThat(jdbc.embedded()).isFalse();

        var plain =
                DatabaseCoordinates.external(
                        "postgresql://localhost/reclaim", "app", "", "app", "");
        assertThat(plain.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/reclaim");
    }

    @Test
    void refusesAnythingElseWithAClearMessage() {
        assertThatThrownBy(
                        () ->
                                DatabaseCoordinates.external(
                                        "mysql://localhost/x", "a", "b", "a", "b"))
                .hasMessageContaining("RECLAIM_DB_URL");
    }
}
