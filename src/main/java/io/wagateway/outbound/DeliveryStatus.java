package io.wagateway.outbound;

/** Names of {@code kommo_messages.delivery_status} (see the contract, "Delivery statuses"). */
public final class DeliveryStatus {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";
    public static final String DRY_RUN = "dry_run";
    public static final String QUEUED = "queued";
    public static final String EXPIRED = "expired";

    private DeliveryStatus() {
    }
}
