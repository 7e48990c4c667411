package io.wagateway.outbound;

import io.wagateway.worker.SendLeases;

/**
 * The names of the exchange variables the send routes share, and of the named parameters their statements bind.
 * Every {@code :#name} a send statement binds ({@link SendStatements}) is one of these ({@code SendStatementsTest}
 * checks it), so a rename on either side fails that test instead of a statement at run time. A statement finds a
 * name in its body first, when the body is a map ({@link io.wagateway.sql.NamedParameters}): the variable
 * {@link #DELIVERY} for the statements that record an outcome, a provider's status report for
 * {@code update-delivery-status}, the parameters of an enqueue; then among these variables.
 */
public final class SendVariables {

    /** The claimed message, an {@link OutgoingMessage}. */
    public static final String OUTGOING = "outgoing";
    /** Its id, which the statements that record its outcome bind, held by {@link SendLeases} while it is sent. */
    public static final String MESSAGE_ID = SendLeases.MESSAGE_ID;

    // claims and lease renewals
    public static final String LEASE_SECONDS = "leaseSeconds";
    public static final String WORKER_ID = "workerId";
    /** The held message ids, comma-separated ({@link SendLeases#held}). */
    public static final String MESSAGE_IDS = "messageIds";
    /** Whether the worker claims once more: its last claim, or the record of its send, saw another message due. */
    public static final String CLAIM_AGAIN = "claimAgain";
    public static final String MAX_AGE_HOURS = "maxAgeHours";

    // how the message goes out (OutboundWindow.Decision), and a call's failure (ProviderCall)
    public static final String SEND_AS = "sendAs";
    /** The fallback template's variable {@code {{1}}} when it goes out as one. */
    public static final String TEMPLATE_TEXT = "templateText";
    /** Queued, and its closed window's invitation asked for: also a parameter of {@code record-queued.sql}. */
    public static final String REENGAGE = "reengage";
    public static final String SEND_FAILURE = "sendFailure";

    // what became of it: the variable DELIVERY, a map of the parameters below (Delivery); a provider's status
    // report is a map of PROVIDER, PROVIDER_MESSAGE_ID and the delivery status and error
    public static final String DELIVERY = "delivery";
    public static final String DELIVERY_STATUS = "deliveryStatus";
    public static final String PROVIDER_MESSAGE_ID = "providerMessageId";
    public static final String DELIVERY_ERROR_CODE = "deliveryErrorCode";
    public static final String DELIVERY_ERROR = "deliveryError";
    /** A JSON object the message's metadata keeps, e.g. which template went out. */
    public static final String METADATA_PATCH = "metadataPatch";
    /** How long a retryable failure waits, in milliseconds. */
    public static final String RETRY_DELAY_MS = "retryDelayMs";
    public static final String INVITATION_CONTENT = "invitationContent";
    public static final String INVITATION_METADATA = "invitationMetadata";

    // the rows the statements return
    public static final String RECORDED = "recorded";
    public static final String SCHEDULED = "scheduled";
    public static final String RETRIED = "retried";
    public static final String UPDATED = "updated";
    /** A status report applied from early_delivery_statuses: one that changes nothing is not kept again. */
    public static final String KEPT_REPORT = "keptReport";
    /** The kept report early-status-apply took (null: another instance took it first). */
    public static final String TAKEN = "taken";

    // an enqueue's parameters (a map body), its conversation (a TargetConversation) and the row it inserted
    public static final String CONVERSATION_ID = "conversationId";
    public static final String PROVIDER = "provider";
    public static final String PHONE = "phone";
    public static final String USER_ID = "userId";
    public static final String USERNAME = "username";
    public static final String PARENT_USER_ID = "parentUserId";
    public static final String CONTACT_NAME = "contactName";
    public static final String TEXT = "text";
    public static final String AUTHOR = "author";
    public static final String TEMPLATE_CONFIGURED = "templateConfigured";
    public static final String TEMPLATE_CARRIES = "templateCarries";
    public static final String CONVERSATION = "conversation";
    public static final String ENQUEUED = "enqueued";
    /**
     * An enqueue's media: in, a map {mediaId (a stored item) or url, contentType, filename}; bound, the JSON that
     * becomes {@code metadata.media} (null without media).
     */
    public static final String MEDIA = "media";
    public static final String CAPTION = "caption";
    /** The stored item an enqueue sends ({@code media/find-by-id.sql}), and the row found. */
    public static final String MEDIA_ID = "mediaId";
    public static final String STORED_MEDIA = "storedMedia";
    /** {@code text}, or {@code image} / {@code file} for a message with media. */
    public static final String MESSAGE_TYPE = "messageType";

    private SendVariables() {
    }
}
