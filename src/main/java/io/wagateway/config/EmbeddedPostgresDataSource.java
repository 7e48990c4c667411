package io.wagateway.config;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pool of the embedded PostgreSQL: it exists before the server runs, and a connection waits until the
 * server started in the background ({@link EmbeddedPostgresStart}) accepts connections.
 */
class EmbeddedPostgresDataSource extends HikariDataSource {

    private final EmbeddedPostgresStart start;

    EmbeddedPostgresDataSource(EmbeddedPostgresStart start) {
        this.start = start;
        setJdbcUrl(start.jdbcUrl());
        setUsername("postgres");
        setPoolName("wa-gateway-embedded");
    }

    @Override
    public Connection getConnection() throws SQLException {
        start.awaitRunning();
        return super.getConnection();
    }
}
