package io.wagateway.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** What a caller sees of a route run in a transaction: the commit or rollback, and the failure as it was raised. */
class InTransactionTest {

    private final RecordingTransactions transactions = new RecordingTransactions();
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void startRoutes() throws Exception {
        camel = new DefaultCamelContext();
        InTransaction inTransaction = new InTransaction(transactions);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:caller").routeId("caller")
                        .onException(IllegalStateException.class).handled(true)
                            .setBody(simple("answered: ${exception.message}"))
                        .end()
                        .to("direct:steps")
                        .setBody(simple("${body} and went on"));

                from("direct:steps").routeId("steps")
                        .errorHandler(noErrorHandler())
                        .policy(inTransaction)
                        .choice()
                            .when(body().isEqualTo("fail"))
                                .throwException(new IllegalStateException("the statement was refused"))
                            .when(body().isEqualTo("abandon"))
                                .markRollbackOnly()
                        .end()
                        .setBody(simple("stored ${body}"));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stopRoutes() throws Exception {
        camel.close();
    }

    @Test
    void stepsThatEndWellAreCommittedAndTheCallerGoesOn() {
        assertThat(producer.requestBody("direct:caller", "hello", String.class)).isEqualTo("stored hello and went on");
        assertThat(transactions.outcomes).containsExactly("commit");
    }

    @Test
    void aFailureRollsBackAndReachesTheCallersErrorPolicyAsItWasRaised() {
        assertThat(producer.requestBody("direct:caller", "fail", String.class))
                .isEqualTo("answered: the statement was refused");
        assertThat(transactions.outcomes).containsExactly("rollback");
    }

    @Test
    void stepsMarkedRollbackOnlyAreRolledBack() {
        producer.requestBody("direct:caller", "abandon");

        assertThat(transactions.outcomes).containsExactly("rollback");
    }

    /** A transaction manager that only records how each transaction ended. */
    private static final class RecordingTransactions extends AbstractPlatformTransactionManager {

        final List<String> outcomes = new ArrayList<>();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            // nothing to open
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            outcomes.add("commit");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
            outcomes.add("rollback");
        }
    }
}
