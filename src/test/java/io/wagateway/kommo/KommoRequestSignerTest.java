package io.wagateway.kommo;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagateway.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Kommo vectors of the provider reference (README 4.1): channel secret, Date and scope of Kommo's docs. */
class KommoRequestSignerTest {

    private static final String SECRET = "5a44c5dff55f3c15a4cce8d7c4cc27e207c7e189";
    private static final String DATE = "Mon, 03 Oct 2020 15:11:21 +0000";
    private static final String SCOPE = "f90ba33d-c9d9-44da-b76c-c349b0ecbe41_af9945ff-1490-4cad-807d-945c15d88bec";
    private static final String MESSAGES_PATH = "/v2/origin/custom/" + SCOPE;

    private final KommoRequestSigner signer = new KommoRequestSigner(SECRET);

    @Test
    void incomingClientMessageVector() {
        KommoRequestSigner.SignedHeaders headers = signer.sign("POST", MESSAGES_PATH,
                Fixtures.bytes("kommo-send-incoming-client-message.json"), "application/json", DATE);

        assertThat(headers.contentMd5()).isEqualTo("3edc5e15e9b520a210461405e31f819d");
        assertThat(headers.signature()).isEqualTo("2da9cadb35ec4bfb9d7fc54cb16f624ab69d0279");
    }

    @Test
    void outgoingBotMessageVector() {
        KommoRequestSigner.SignedHeaders headers = signer.sign("POST", MESSAGES_PATH,
                Fixtures.bytes("kommo-send-outgoing-bot-message.json"), "application/json", DATE);

        assertThat(headers.contentMd5()).isEqualTo("b7eac1d7b70d566afe18bbb49c019b7e");
        assertThat(headers.signature()).isEqualTo("4ed1faf2afd0f343efa51e048da8fad198da77fb");
    }

    @Test
    void historyGetVectorSignsTheMd5OfTheEmptyBody() {
        KommoRequestSigner.SignedHeaders headers = signer.sign("get",
                MESSAGES_PATH + "/chats/my_int-d5a421f7f217/history", new byte[0], "application/json", DATE);

        assertThat(headers.contentMd5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(headers.signature()).isEqualTo("524e5ac1cf6b609e609e185e27f83dcddc9264f8");
    }

    /** (The reference's Date is Kommo's sample string: 3 October 2020 was a Saturday, so no instant formats to it.) */
    @Test
    void instantIsFormattedAsInKommosExamplesAndSignedAsSent() {
        Instant date = Instant.parse("2020-10-05T15:11:21Z");
        byte[] body = Fixtures.bytes("kommo-send-outgoing-bot-message.json");

        KommoRequestSigner.SignedHeaders headers = signer.sign("POST", MESSAGES_PATH, body, date);

        assertThat(headers.date()).isEqualTo("Mon, 05 Oct 2020 15:11:21 +0000");
        assertThat(headers.contentType()).isEqualTo("application/json");
        assertThat(headers).isEqualTo(signer.sign("POST", MESSAGES_PATH, body, "application/json",
                "Mon, 05 Oct 2020 15:11:21 +0000"));
        assertThat(headers.asMap()).containsOnlyKeys("Date", "Content-Type", "Content-MD5", "X-Signature");
    }

    @Test
    void singleDigitDayIsZeroPadded() {
        assertThat(KommoRequestSigner.DATE_FORMAT.format(Instant.parse("2026-11-05T09:03:04Z")))
                .isEqualTo("Thu, 05 Nov 2026 09:03:04 +0000");
    }
}
