package io.wagateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window policy's decisions, for every kind of claimed message. */
class OutboundWindowTest {

    private static final OutboundWindow REENGAGE = new OutboundWindow("HX1", "order_update", "reengage", "", 20);
    private static final OutboundWindow TEXT = new OutboundWindow("HX1", "order_update", "text", "", 20);
    private static final OutboundWindow NO_TEMPLATE = new OutboundWindow("", "", "text", "", 20);

    private static Map<String, Object> claimed(String provider, boolean windowClosed, String content) {
        Map<String, Object> outgoing = ClaimedRows.row(provider);
        outgoing.put("windowClosed", windowClosed);
        outgoing.put("content", content);
        outgoing.put("optedOut", false);
        return outgoing;
    }

    private static OutboundWindow.Decision decide(OutboundWindow window, Map<String, Object> row) {
        return window.decide(OutgoingMessage.from(row));
    }

    @Test
    void insideTheWindowTheTextGoesOutAsIs() {
        assertThat(decide(REENGAGE, claimed("meta", false, "Hi"))).isEqualTo(new OutboundWindow.Decision("text", null,
                false));
    }

    @Test
    void reengageQueuesAndAsksForTheInvitation() {
        assertThat(decide(REENGAGE, claimed("twilio", true, "Hi"))).isEqualTo(new OutboundWindow.Decision("queue", null,
                true));
    }

    @Test
    void textModeSendsTheNormalizedTextAsTheTemplatesVariable() {
        assertThat(decide(TEXT, claimed("meta", true, "Hi\nthere"))).isEqualTo(new OutboundWindow.Decision("template",
                "Hi there", false));
    }

    @Test
    void textModeFallsBackToReengageForATextTheTemplateCannotCarry() {
        assertThat(decide(TEXT, claimed("meta", true, "x".repeat(21)))).isEqualTo(new OutboundWindow.Decision("queue",
                null, true));
    }

    @Test
    void textModeNeverPutsMediaIntoTheTemplateItWaitsQueuedWithTheInvitation() {
        Map<String, Object> media = claimed("meta", true, "Our menu");
        media.put("mediaUrl", "https://93.184.215.14/menu.png");
        media.put("mediaContentType", "image/png");

        assertThat(decide(TEXT, media)).isEqualTo(new OutboundWindow.Decision("queue", null, true));
        media.put("windowClosed", false);
        assertThat(decide(TEXT, media)).isEqualTo(new OutboundWindow.Decision("text", null, false));
    }

    @Test
    void withoutATemplateOrForAUserWhoOptedOutTheMessageIsQueuedWithoutInvitation() {
        assertThat(decide(NO_TEMPLATE, claimed("meta", true, "Hi"))).isEqualTo(new OutboundWindow.Decision("queue",
                null, false));
        Map<String, Object> optedOut = claimed("meta", true, "Hi");
        optedOut.put("optedOut", true);
        assertThat(decide(TEXT, optedOut)).isEqualTo(new OutboundWindow.Decision("queue", null, false));
    }

    @Test
    void anInvitationGoesOutAsTheTemplateWithItsVariableOrExpiresOnceTheWindowReopened() {
        Map<String, Object> invitation = claimed("twilio", true, "[template HX1 inviting the user back]");
        invitation.put("invitation", "Ana");
        assertThat(decide(REENGAGE, invitation)).isEqualTo(new OutboundWindow.Decision("template", "Ana", false));

        invitation.put("windowClosed", false);
        assertThat(decide(REENGAGE, invitation).sendAs()).isEqualTo("expire");
    }

    @Test
    void theInvitationsVariableIsTheContactsNameUnlessItIsAPhoneOrBsuid() {
        assertThat(variableOf(REENGAGE.invitation("meta", "Ana\nMaria"))).isEqualTo("Ana Maria");
        assertThat(variableOf(REENGAGE.invitation("twilio", "+5511999990042"))).isEqualTo("there");
        assertThat(variableOf(REENGAGE.invitation("twilio", "BR.1582043977165209"))).isEqualTo("there");
        assertThat(variableOf(new OutboundWindow("HX1", "t", "reengage", "amigo", 900).invitation("meta", "Ana")))
                .isEqualTo("amigo");
    }

    @Test
    void anUnknownFallbackModeIsRefusedAtStart() {
        assertThatThrownBy(() -> new OutboundWindow("HX1", "t", "template", "", 900))
                .hasMessageContaining("WINDOW_FALLBACK must be reengage or text");
    }

    @SuppressWarnings("unchecked")
    private static String variableOf(Map<String, Object> invitation) {
        Map<String, Object> metadata = (Map<String, Object>) invitation.get("invitationMetadata");
        Map<String, Object> template = (Map<String, Object>) metadata.get("template");
        return ((Map<String, String>) template.get("variables")).get("1");
    }
}
