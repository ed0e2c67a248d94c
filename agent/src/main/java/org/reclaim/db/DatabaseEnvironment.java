package org.reclaim.db;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points R2DBC and Flyway at the database before any bean exists (docs/contracts.md §4): the server
 * named by {@code RECLAIM_DB_URL} when it is set, else an embedded PostgreSQL with its data under
 * {@code <reclaim.data-dir>/postgres}. These settings win over any {@code spring.*} default.
 */
class DatabaseEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        DatabaseCoordinates db = coordinates(env);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.r2dbc.url", db.r2dbcUrl());
        props.put("spring.r2dbc.username", db.appUser());
        props.put("spring.r2dbc.password", db.appPassword());
        props.put("spring.flyway.url", db.jdbcUrl());
        props.put("spring.flyway.user", db.migrationUser());
        props.put("spring.flyway.password", db.migrationPassword());
        props.put("spring.flyway.placeholders.appRole", db.appUser());
        props.put("reclaim.db.embedded", db.embedded());
        env.getPropertySources().addFirst(new MapPropertySource("reclaimDatabase", props));
    }

    private static DatabaseCoordinates coordinates(ConfigurableEnvironment env) {
        String url = env.getProperty("RECLAIM_DB_URL");
        if (url != null && !url.isBlank()) {
            String user = env.getProperty("RECLAIM_DB_USER", "");
            String password = env.getProperty("RECLAIM_DB_PASSWORD", "");
            return DatabaseCoordinates.external(
                    url,
                    user,
                    password,
                    env.getProperty("RECLAIM_DB_MIGRATION_USER", user),
                    env.getProperty("RECLAIM_DB_MIGRATION_PASSWORD", password));
        }
        boolean ephemeral = env.getProperty("reclaim.db.ephemeral", Boolean.class, false);
        Path dataDir = Path.of(env.getProperty("reclaim.data-dir", "./data"));
        return EmbeddedDatabase.start(ephemeral ? null : dataDir.resolve("postgres")).coordinates();
    }
}
