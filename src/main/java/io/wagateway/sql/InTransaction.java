package io.wagateway.sql;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A route's steps after {@code .policy(inTransaction)} run in one database transaction: committed when they end
 * without a failure, rolled back when they end with one (or marked rollback-only). The failure stays on the
 * exchange as it was raised, so the calling route's error policy answers it ({@code 503} for a database that is
 * down, {@code 400} for a refused value, a refusal's own status).
 *
 * <p>Camel's {@code transacted()} would run the same transaction, but it also replaces the route's error handler
 * with a transaction error handler, which marks every failure as already handled ("exhausted"): the caller's error
 * policy then never sees it and a webhook answers an empty {@code 500}. A {@link Policy} wraps the steps and
 * leaves error handling to the routes.
 */
@Component(InTransaction.BEAN)
public class InTransaction implements Policy {

    /** The bean's name, for {@code policy: {ref: inTransaction}} in YAML routes. */
    public static final String BEAN = "inTransaction";

    private final TransactionTemplate transactions;

    public InTransaction(PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare: the wrapped steps are the route's own
    }

    @Override
    public Processor wrap(Route route, Processor steps) {
        return exchange -> transactions.executeWithoutResult(transaction -> {
            try {
                steps.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                transaction.setRollbackOnly();
            }
        });
    }
}
