package io.wagateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database is unavailable" (503, the provider retries) rather than a fault (500). */
class HttpErrorsTest {

    @Test
    void failedRollbackAfterTheConnectionWasLostMeansTheDatabaseIsUnavailable() {
        // what a webhook transaction gets when PostgreSQL dies under it: the statement fails with 08006,
        // the pool closes the broken connection, and the rollback then fails on the closed connection
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new RuntimeCamelException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        assertThat(HttpErrors.databaseUnavailable(rollback)).isTrue();
    }

    @Test
    void failedRollbackAfterAnApplicationFaultIsNotADatabaseOutage() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new IllegalStateException("a bug in a route"));

        assertThat(HttpErrors.databaseUnavailable(rollback)).isFalse();
    }

    @Test
    void connectionFailureStateAnywhereInTheCausesMeansTheDatabaseIsUnavailable() {
        assertThat(HttpErrors.databaseUnavailable(new RuntimeCamelException(
                new SQLException("terminating connection due to immediate shutdown command", "57P01")))).isTrue();
    }
}
