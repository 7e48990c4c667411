package io.wagateway.outbound;

/**
 * The SQL statements of the send path and of the enqueue ({@code src/main/resources/sql/<table>/<name>.sql}); their
 * parameters are {@link SendVariables}.
 */
final class SendStatements {

    static final String CLAIM_OUTGOING = "kommo_messages/claim-outgoing";
    static final String RENEW_SEND_LEASES = "kommo_messages/renew-send-leases";
    static final String FAIL_INTERRUPTED_SENDS = "kommo_messages/fail-interrupted-sends";
    static final String RECORD_DELIVERY = "kommo_messages/record-delivery";
    static final String RECORD_QUEUED = "kommo_messages/record-queued";
    static final String SCHEDULE_RETRY = "kommo_messages/schedule-retry";
    static final String RETRY_OUTSIDE_WINDOW = "kommo_messages/retry-outside-window";
    static final String EXPIRE_QUEUED = "kommo_messages/expire-queued";
    static final String UPDATE_DELIVERY_STATUS = "kommo_messages/update-delivery-status";
    static final String INSERT_OUTBOUND = "kommo_messages/insert-outbound";
    static final String FIND_CONVERSATION_BY_ID = "kommo_conversations/find-by-id";
    static final String FIND_CONVERSATION_BY_USER = "kommo_conversations/find-by-user";
    static final String FIND_MEDIA = "media/find-by-id";
    static final String FIND_OR_CREATE_WHATSAPP = "kommo_conversations/find-or-create-whatsapp";
    static final String KEEP_EARLY_STATUS = "early_delivery_statuses/keep";
    static final String LIST_READY_EARLY_STATUSES = "early_delivery_statuses/list-ready";
    static final String TAKE_EARLY_STATUS = "early_delivery_statuses/take";
    static final String DROP_STALE_EARLY_STATUSES = "early_delivery_statuses/drop-stale";

    private SendStatements() {
    }
}
