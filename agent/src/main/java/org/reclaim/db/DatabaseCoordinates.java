package org.reclaim.db;

import java.net.URI;

/**
 * Where the database is and which roles to use: the application role, and the schema owner for
 * migrations.
 */
record DatabaseCoordinates(
        String jdbcUrl,
        String appUser,
        String appPassword,
        String migrationUser,
        String migrationPassword,
        boolean embedded) {

    /**
     * Accepts {@code jdbc:postgresql://host:port/db} or {@code postgresql://host:port/db} (query
     * parameters kept).
     */
    static DatabaseCoordinates external(
            String url,
            String user,
            String password,
            String migrationUser,
            String migrationPassword) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        if (!plain.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "RECLAIM_DB_URL must look like jdbc:postgresql://host:port/db or postgresql://host:port/db");
        }
        URI.create(plain); // fail early, with the URL's own message, on a malformed address
        return new DatabaseCoordinates(
                "jdbc:" + plain, user, password, migrationUser, migrationPassword, false);
    }

    String r2dbcUrl() {
        return "r2dbc:" + jdbcUrl.substring("jdbc:".length());
    }
}
