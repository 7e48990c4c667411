package io.wagateway.assistant;

import static io.wagateway.assistant.ReplyVariables.METADATA;
import static io.wagateway.assistant.ReplyVariables.PARTS;
import static io.wagateway.assistant.ReplyVariables.REPLY_TEXT;
import static io.wagateway.assistant.ReplyVariables.STORED_PARTS;

import io.wagateway.outbound.MessageSplitter;
import io.wagateway.sql.Sql;
import io.wagateway.sql.SqlParameters;
import io.wagateway.worker.Nudge;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code store-reply}: the assistant's reply, cut to its provider's length limit, stored as pending outgoing
 * messages in one fenced statement (a worker that lost its claim stores nothing), then the send worker nudged.
 */
@Component
public class ReplyStoreRoutes extends ReplyRouteBuilder {

    private final MessageSplitter splitter;
    private final SqlParameters json;
    private final ReplyMetadata metadata;

    public ReplyStoreRoutes(MessageSplitter splitter, SqlParameters json, ReplyMetadata metadata) {
        this.splitter = splitter;
        this.json = json;
        this.metadata = metadata;
    }

    @Override
    void routes() {
        // one statement: fenced, the parts inserted, the job finished (kommo_messages/store-reply.sql)
        from("direct:store-reply").routeId("store-reply")
                .process(exchange -> exchange.setVariable(METADATA, metadata.ofReply(exchange)))
                    .id("store-reply-metadata")
                .process(this::replyParts).id("store-reply-parts")
                .toV(Sql.selectOne(ReplyStatements.STORE_REPLY), null, STORED_PARTS).id("reply-store")
                .filter(variable(STORED_PARTS).isNull()).id("store-reply-if-claim-lost")
                    .throwException(ReplyClaimLostException.class, CLAIM_LOST).id("store-reply-claim-lost")
                .end()
                .to(Nudge.SEND).id("send-nudge-after-reply");
    }

    /** The reply cut to the provider's length limit, as the JSON array store-reply.sql inserts in order. */
    private void replyParts(Exchange exchange) {
        List<String> parts = splitter.split(exchange.getVariable(REPLY_TEXT, String.class), job(exchange).provider());
        exchange.setVariable(PARTS, json.toJson(parts));
    }
}
