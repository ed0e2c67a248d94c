package org.reclaim.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A service stand-in for {@link EmbeddedDatabaseRestartTest}, run as its own JVM: starts the
 * embedded PostgreSQL on the data directory given, checks it answers, says {@code READY} (or {@code
 * FAILED} and why) and waits to be killed.
 */
public final class EmbeddedDatabaseProcess {

    private EmbeddedDatabaseProcess() {}

    public static void main(String[] args) throws Exception {
        try {
            DatabaseCoordinates db = EmbeddedDatabase.start(Path.of(args[0])).coordinates();
            try (Connection c =
                            DriverManager.getConnection(
                                    db.jdbcUrl(), db.appUser(), db.appPassword());
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT 1")) {
                r.next();
            }
            System.out.println("READY");
        } catch (RuntimeException e) {
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause())
                why.append(t.getMessage()).append(" | ");
            System.out.println("FAILED " + why);
            System.out.flush();
            System.exit(3);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
