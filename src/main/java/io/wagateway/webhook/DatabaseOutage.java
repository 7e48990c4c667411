package io.wagateway.webhook;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Refuses a webhook at once while the database is known to be down: the pool has no connection left and
 * a request is already waiting for one. Without this every webhook of an outage waits out the pool's
 * connection timeout on one of the few request threads (platform-http runs on Spring's task executor, 8
 * threads), the rest queue behind them, and the 503s come later the longer the outage lasts. The request
 * that waits is the probe: once it gets a connection the pool has one again and webhooks go through.
 */
@Component
public class DatabaseOutage {

    /** For routes tested without a database: it is never known to be down. */
    public static final DatabaseOutage NEVER = new DatabaseOutage((HikariDataSource) null);

    private final HikariDataSource pool;

    @Autowired
    public DatabaseOutage(DataSource dataSource) throws SQLException {
        this(dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null);
    }

    private DatabaseOutage(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Whether the pool has lost every connection while someone waits for a new one. */
    public boolean isDown() {
        HikariPoolMXBean state = pool == null ? null : pool.getHikariPoolMXBean();
        return state != null && state.getTotalConnections() == 0 && state.getThreadsAwaitingConnection() > 0;
    }

    /** A route step: throws what the webhook error policy answers with 503, while {@link #isDown()}. */
    public void refuseWhileDown(Exchange exchange) {
        if (isDown()) {
            throw new CannotGetJdbcConnectionException(
                    "no database connection, and a request is already waiting for one");
        }
    }
}
