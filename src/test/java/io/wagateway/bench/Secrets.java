package io.wagateway.bench;

/**
 * The credentials the benchmark gives the gateway and signs with. Made up: they only have to match
 * between the gateway, the fakes and the webhooks.
 */
final class Secrets {

    static final String TWILIO_ACCOUNT_SID = "ACbench0000000000000000000000000";
    static final String TWILIO_AUTH_TOKEN = "bench_twilio_auth_token_0123456789";
    static final String TWILIO_WHATSAPP_FROM = "whatsapp:+14155238886";
    static final String META_ACCESS_TOKEN = "bench-meta-access-token";
    static final String META_PHONE_NUMBER_ID = "106540352242922";
    static final String META_APP_SECRET = "bench_meta_app_secret";
    static final String META_VERIFY_TOKEN = "bench-verify-token";
    static final String META_API_VERSION = "v26.0";
    static final String KOMMO_WEBHOOK_SECRET = "bench-kommo-webhook-secret";
    static final String KOMMO_CHANNEL_ID = "f90ba33d-c9d9-44da-b76c-c349b0ecbe41";
    static final String KOMMO_CHANNEL_SECRET = "5a44c5dff55f3c15a4cce8d7c4cc27e207c7e189";
    static final String KOMMO_SCOPE_ID = KOMMO_CHANNEL_ID + "_af9945ff-1490-4cad-807d-945c15d88bec";
    static final String KOMMO_BOT_ID = "76fc2bea-902f-425c-9a3d-dcdac4447113";
    static final String AI_API_KEY = "bench-ai-key";
    static final String AI_MODEL = "gpt-4o-mini";
    static final String API_TOKEN = "bench-api-token";

    private Secrets() {
    }
}
