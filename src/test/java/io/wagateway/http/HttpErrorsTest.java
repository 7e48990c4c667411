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
        // a statement fails with 08006 when PostgreSQL dies under the webhook's transaction, the pool closes
        // the broken connection, and the rollback then fails on the closed connection
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new RuntimeCamelException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        assertThat(HttpErrors.databaseUnavailable(rollback)).isTrue();
    }

    @Test
    void failedCommitWhoseRollbackFoundTheConnectionClosedMeansTheDatabaseIsUnavailable() {
        // the commit fails as the server dies; Spring only logs the commit's exception and throws the rollback's
        assertThat(HttpErrors.databaseUnavailable(new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void transactionFailureOutsideJdbcIsNotADatabaseOutage() {
        assertThat(HttpErrors.databaseUnavailable(new TransactionSystemException("no transaction manager"))).isFalse();
        assertThat(HttpErrors.databaseUnavailable(new RuntimeCamelException(new IllegalStateException("a bug"))))
                .isFalse();
    }

    @Test
    void connectionFailureStateAnywhereInTheCausesMeansTheDatabaseIsUnavailable() {
        assertThat(HttpErrors.databaseUnavailable(new RuntimeCamelException(
                new SQLException("terminating connection due to immediate shutdown command", "57P01")))).isTrue();
    }
}
