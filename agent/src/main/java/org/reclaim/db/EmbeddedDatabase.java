package org.reclaim.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the service starts itself when no external one is configured. One per JVM:
 * every Spring context in a test run shares it. Creates two roles: {@value #OWNER}, which owns the
 * schema and runs migrations, and {@value #APP}, a non-superuser {@code NOBYPASSRLS} role the
 * service connects as. The embedded server trusts local connections, so the passwords are
 * placeholders. A persistent data directory is owned by one service at a time ({@link
 * DataDirectoryOwner}): a server left running by a killed service is stopped first, and a live
 * service's directory is refused.
 */
final class EmbeddedDatabase {

    static final String OWNER = "reclaim_owner";
    static final String APP = "reclaim_app";
    static final String DATABASE = "reclaim";
    private static final String PASSWORD = "embedded";

    private static EmbeddedDatabase instance;

    private final EmbeddedPostgres server;

    /** Held for the life of the process: this service owns the persistent data directory. */
    private final DataDirectoryOwner owner;

    private EmbeddedDatabase(EmbeddedPostgres server, DataDirectoryOwner owner) {
        this.server = server;
        this.owner = owner;
    }

    /** Starts the server once per JVM; {@code dataDir} null means a throw-away directory. */
    static synchronized EmbeddedDatabase start(Path dataDir) {
        if (instance != null) return instance;
        DataDirectoryOwner owner = null;
        try {
            EmbeddedPostgres.Builder builder =
                    EmbeddedPostgres.builder()
                            .setServerConfig("max_wal_size", "2GB")
                            .setServerConfig("shared_buffers", "256MB")
                            .setServerConfig("max_connections", "100");
            if (dataDir == null) {
                // throw-away (tests, demo): durability buys nothing here
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                Files.createDirectories(dataDir);
                owner = DataDirectoryOwner.claim(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start(), owner);
            db.createRolesAndDatabase();
            instance = db;
            return db;
        } catch (IOException e) {
            if (owner != null) owner.release();
            throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not prepare the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private void createRolesAndDatabase() throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "'")) {
                s.execute(
                        "CREATE ROLE " + OWNER + " LOGIN NOSUPERUSER PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(s, "SELECT 1 FROM pg_roles WHERE rolname = '" + APP + "'")) {
                s.execute(
                        "CREATE ROLE "
                                + APP
                                + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '"
                                + PASSWORD
                                + "'");
            }
            if (!exists(s, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
            }
        }
        try (Connection c = server.getDatabase("postgres", DATABASE).getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    DatabaseCoordinates coordinates() {
        String url = "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
        return new DatabaseCoordinates(url, APP, PASSWORD, OWNER, PASSWORD, true);
    }
}
