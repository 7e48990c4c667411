package io.wagateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.wagateway.support.FakeProviders;
import io.wagateway.support.GatewayIntegrationTest;
import io.wagateway.support.TwilioWebhooks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against the whole gateway (PostgreSQL, workers, fake providers):
 * sign-in, the live list, taking over and answering with the delivery status moving, a retried failure, text that
 * stays text, media shown inline through the token, the charts, a phone's screen and the keyboard. Screenshots of
 * the pages at 1280 and 390 px go to target/console-screenshots/.
 */
class ConsoleBrowserTest extends GatewayIntegrationTest {

    private static final String SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final String FILENAME = "contract <img src=x onerror=alert(4)>.pdf";
    private static final String TRANSCRIPT = "I will be there at <b>5</b>, thanks";
    private static ConsoleBrowser browser;

    @BeforeAll
    static void startBrowser() {
        browser = ConsoleBrowser.startIfInstalled();
    }

    @BeforeEach
    void browserInstalled() {
        ConsoleBrowser.assumeStarted(browser);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void desktopAgain() {
        if (browser != null) {
            browser.viewport(1280);
        }
    }

    private String console() {
        return "http://localhost:" + port + "/console/";
    }

    /** The console at {@code hash}, signed in, loaded afresh (the tables were emptied since the last test). */
    private void open(String hash) {
        browser.driver().get(console());
        browser.script("sessionStorage.setItem('wa-gateway.console.token', arguments[0])", API_TOKEN);
        browser.driver().get(console() + hash);
        browser.driver().navigate().refresh();
        browser.visible("#live.on");
    }

    @Test
    void signingInNeedsTheTokenWhichStaysOutOfTheAddressAndInTheTabOnly() {
        browser.driver().get("http://localhost:" + port + "/console");
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();

        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/");
        WebElement token = browser.visible("#token");
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        browser.screenshot("sign-in-1280");
        token.sendKeys("not-the-token", Keys.ENTER);
        browser.await(d -> d.findElement(By.id("sign-in-status")).getText().contains("The token was refused"));

        browser.visible("#token").sendKeys(API_TOKEN, Keys.ENTER);

        browser.visible("#nav");
        browser.visible("#live.on");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(API_TOKEN);
        assertThat(browser.script("return sessionStorage.getItem('wa-gateway.console.token')")).isEqualTo(API_TOKEN);
        assertThat(browser.script("return localStorage.length + document.cookie.length")).isEqualTo(0L);
        browser.driver().findElement(By.id("sign-out")).click();
        browser.visible("#token");
        assertThat(browser.script("return sessionStorage.getItem('wa-gateway.console.token')")).isNull();
    }

    @Test
    void aConversationThatEscalatesShowsUpFirstAndMarkedWithin2SecondsOfItsWebhook() {
        twilioConversation("+5511999990101", "10 minutes");
        open("#/conversations");
        browser.visible("#conversation-list a.row");

        long sent = System.nanoTime();
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000001501", "+15550001501",
                "I want to talk to a human"));

        WebElement first = browser.visible("#conversation-list li.escalated:first-child");
        long shownAfterMs = (System.nanoTime() - sent) / 1_000_000;
        assertThat(shownAfterMs).as("escalated conversation shown after %d ms", shownAfterMs).isLessThan(2000);
        assertThat(first.findElement(By.cssSelector(".badge.escalated")).getText()).isEqualTo("Escalated");
        assertThat(first.findElement(By.cssSelector(".name")).getText()).isEqualTo("Maria Silva");
        assertThat(first.findElement(By.cssSelector(".provider")).getText()).isEqualToIgnoringCase("Twilio");
        assertThat(first.findElement(By.cssSelector(".window")).getText()).startsWith("Window open").contains("left");
        assertThat(browser.driver().findElements(By.cssSelector("#conversation-list li"))).hasSize(2);
    }

    @Test
    void anAgentTakesOverAnswersAndSeesTheDeliveryStatusMoveWhenTheProviderCallsBack() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000001601", "+15550001601", "Is my order late?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
        UUID id = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);
        open("#/conversations/" + id);
        browser.await(d -> d.findElements(By.cssSelector(".thread .bubble")).size() == 2);

        browser.click("button[data-status='escalated']");

        browser.await(d -> "true".equals(d.findElement(By.cssSelector("button[data-status='escalated']"))
                .getAttribute("aria-pressed")));
        assertThat(jdbc.queryForObject("SELECT status FROM kommo_conversations", String.class)).isEqualTo("escalated");
        assertThat(browser.visible(".detail-meta .badge").getText()).isEqualTo("escalated");
        WebElement forecast = browser.visible("#forecast");
        assertThat(forecast.getText()).startsWith("Goes out as text");
        browser.visible("#compose-text").sendKeys("Hi Maria, this is Ana from the team: it ships today.");
        browser.click("#compose-send");
        browser.await(d -> d.findElement(By.cssSelector(".compose-state")).getText().equals("Sent as text."));
        WebElement agent = browser.visible(".bubble.agent .delivery[data-delivery='accepted']");
        assertThat(agent.getText()).isEqualTo("sent to the provider");
        FakeProviders.TWILIO.verify(postRequestedFor(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH))
                .withRequestBody(containing("Body=Hi+Maria%2C+this+is+Ana+from+the+team")));
        String sid = jdbc.queryForObject("SELECT provider_message_id FROM kommo_messages "
                + "WHERE metadata ->> 'author' = 'agent'", String.class);

        postStatus(sid, "delivered");

        browser.visible(".bubble.agent .delivery[data-delivery='delivered']");
        browser.screenshot("conversation-1280");
    }

    @Test
    void aFailureIsListedWithItsReasonAndRetriedFromTheConsole() {
        UUID conversation = twilioConversation("+5511999990201", "1 hour");
        UUID failed = failedMessage(conversation, "Your order 123 shipped", "30008", "Unknown error");
        failedMessage(twilioConversation("+5511999990202", "30 hours"), "We are open on Sunday", "63016",
                "Failed to send freeform message because you are outside the allowed window");
        open("#/failures");

        String item = "li[data-failure='" + failed + "']";
        assertThat(browser.visible(item + " .reason").getText()).isEqualTo("30008: Unknown error");
        assertThat(browser.visible(item + " .failure-content").getText()).isEqualTo("Your order 123 shipped");
        browser.screenshot("failures-1280");
        browser.click(item + " button[data-retry]");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> FakeProviders.TWILIO.verify(
                postRequestedFor(urlPathEqualTo(FakeProviders.TWILIO_MESSAGES_PATH))
                        .withRequestBody(containing("Body=Your+order+123+shipped"))));
        browser.await(d -> d.findElements(By.cssSelector("li[data-failure='" + failed + "']")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector("#failure-list li"))).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "accepted".equals(jdbc.queryForObject(
                "SELECT delivery_status FROM kommo_messages WHERE id = ?", String.class, failed)));
    }

    @Test
    void aMessageWithAScriptIsShownAsTextAndRunsNothing() {
        Map<String, String> webhook = TwilioWebhooks.text("SM00000000000000000000000000001701", "+15550001701",
                SCRIPT);
        webhook.put("ProfileName", "<b onmouseover=alert(3)>Eve</b>");
        postTwilio(webhook);
        UUID id = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT id FROM kommo_conversations", UUID.class), ids -> ids.size() == 1).get(0);
        open("#/conversations/" + id);

        WebElement text = browser.visible(".bubble.in .text");
        assertThat(text.getText()).isEqualTo(SCRIPT);
        assertThat(browser.visible(".detail-name").getText()).isEqualTo("<b onmouseover=alert(3)>Eve</b>");
        assertThat(browser.visible("#conversation-list .name").getText()).isEqualTo("<b onmouseover=alert(3)>Eve</b>");
        assertThat(browser.driver().findElements(By.cssSelector("#main script, #main img, #main b"))).isEmpty();
        assertThatThrownBy(() -> browser.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void theNumbersAreDrawnAsChartsWithTheirData() {
        for (int i = 1; i <= 3; i++) {
            postTwilio(TwilioWebhooks.text("SM0000000000000000000000000000180" + i, "+1555000180" + i, "Hello " + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND sent_at IS NOT NULL") == 3);
        UUID conversation = twilioConversation("+5511999990301", "2 hours");
        failedMessage(conversation, "Sorry", "30008", "Unknown error");
        jdbc.update("INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status, "
                + "sent_at) VALUES (?, 'twilio', 'assistant', 'Hi', '{\"template\": {\"contentSid\": \"HX1\"}}', "
                + "'delivered', now())", conversation);
        jdbc.update("UPDATE kommo_conversations SET status = 'escalated' WHERE id = ?", conversation);
        open("#/numbers");

        browser.await(d -> d.findElements(By.cssSelector("figure.chart")).size() == 4);
        assertThat(browser.driver().findElements(By.cssSelector(".card h2"))).extracting(WebElement::getText)
                .containsExactly("Kommo", "Twilio", "Meta");
        List<WebElement> charts = browser.driver().findElements(By.cssSelector("figure.chart"));
        assertThat(lastValue(charts.get(1), "In (users)")).isEqualTo("3");
        assertThat(lastValue(charts.get(1), "Out (sent)")).isEqualTo("4");
        assertThat(charts.get(2).findElements(By.cssSelector("circle[data-series='Median']"))).isNotEmpty();
        assertThat(charts.get(2).findElements(By.cssSelector("path.line"))).isNotEmpty();
        assertThat(lastValue(charts.get(3), "Templates")).isEqualTo("1");
        assertThat(lastValue(charts.get(3), "Failures")).isEqualTo("1");
        assertThat(charts.get(0).findElement(By.tagName("svg")).getAttribute("aria-label"))
                .contains("Escalated 1,");
        WebElement bar = charts.get(1).findElements(By.cssSelector("rect[data-series='In (users)']")).get(23);
        assertThat(bar.getSize().getHeight()).isGreaterThan(10);
        browser.screenshot("numbers-1280");
        browser.viewport(390);
        browser.await(d -> (Long) browser.script("return window.innerWidth") == 390L);
        // drawn again at the phone's width
        browser.await(d -> browser.visible("figure.chart svg").getDomAttribute("viewBox").matches("0 0 3\\d\\d 240"));
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
        browser.screenshot("numbers-390");
    }

    @Test
    void onAPhoneTheListAndTheConversationTakeTheWholeScreenInTurn() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000001901", "+15550001901", "Do you deliver?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM kommo_messages "
                + "WHERE role = 'assistant' AND delivery_status = 'accepted'") == 1);
        UUID asked = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);
        failedMessage(twilioConversation("+5511999990401", "3 hours"), "Your table is booked", "30008",
                "Unknown error");
        browser.viewport(390);
        open("#/conversations");

        assertThat(browser.script("return window.innerWidth")).isEqualTo(390L);
        browser.visible("#conversation-list a.row");
        assertThat(browser.driver().findElement(By.id("detail")).isDisplayed()).isFalse();
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
        browser.screenshot("conversations-390");
        browser.click("#conversation-list a.row[data-conversation='" + asked + "']");

        browser.await(d -> d.findElements(By.cssSelector(".thread .bubble")).size() == 2);
        assertThat(browser.visible("#detail").getRect().getWidth()).isGreaterThan(350);
        assertThat(browser.driver().findElement(By.cssSelector(".list-pane")).isDisplayed()).isFalse();
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
        browser.screenshot("conversation-390");
        browser.click("a.back");
        browser.visible("#conversation-list a.row");
        browser.driver().get(console() + "#/failures");
        browser.visible("li[data-failure]");
        assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
        browser.screenshot("failures-390");
        browser.viewport(1280);
        browser.driver().get(console() + "#/conversations");
        browser.visible("#conversation-list a.row");
        browser.screenshot("conversations-1280");
    }

    @Test
    void theListAndAConversationWorkFromTheKeyboard() {
        postTwilio(TwilioWebhooks.text("SM00000000000000000000000000002001", "+15550002001", "Hello there"));
        open("#/conversations");
        browser.visible("#conversation-list a.row");
        browser.script("document.getElementById('filter-q').focus()");

        WebElement focused = browser.driver().switchTo().activeElement();
        for (int i = 0; i < 5 && !"row".equals(focused.getAttribute("class")); i++) {
            focused.sendKeys(Keys.TAB);
            focused = browser.driver().switchTo().activeElement();
        }
        assertThat(focused.getAttribute("data-conversation")).isNotNull();
        focused.sendKeys(Keys.ENTER);

        browser.await(d -> "detail-name".equals(d.switchTo().activeElement().getAttribute("class")));
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Maria Silva");
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getAttribute("data-status")).isEqualTo("escalated");
    }

    @Test
    void photosVoiceNotesAndDocumentsAreShownInlineThroughTheTokenAndAFailedOneSaysSo() throws Exception {
        byte[] png = png();
        byte[] pdf = "%PDF-1.4\n% the contract\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        serves("/media/photo", "image/png", png);
        serves("/media/contract", "application/pdf", pdf);
        serves("/media/voice", "audio/ogg", "OggS, a voice note as far as this test is concerned".getBytes(
                StandardCharsets.UTF_8));
        FakeProviders.TWILIO.stubFor(WireMock.get(urlPathEqualTo("/media/gone")).willReturn(aResponse()
                .withStatus(404)));
        Map<String, String> photo = TwilioWebhooks.text("SM00000000000000000000000000002101", "+15550002101",
                "The receipt <b>and</b> the contract");
        withMedia(photo, "/media/photo", "image/png", "/media/contract", "application/pdf",
                "/media/gone", "image/jpeg");
        postTwilio(photo);
        Map<String, String> voice = TwilioWebhooks.text("SM00000000000000000000000000002102", "+15550002101", "");
        withMedia(voice, "/media/voice", "audio/ogg");
        postTwilio(voice);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM media WHERE status = 'stored'")
                == 3 && count("SELECT count(*) FROM media WHERE status = 'failed'") == 1);
        jdbc.update("UPDATE media SET filename = ? WHERE content_type = 'application/pdf'", FILENAME);
        // as the transcription does (media/record-transcript.sql)
        jdbc.update("""
                WITH transcribed AS (UPDATE media SET transcript = ? WHERE content_type = 'audio/ogg'
                                     RETURNING message_id)
                UPDATE kommo_messages m
                   SET content = '[voice message] ' || ?,
                       metadata = m.metadata || jsonb_build_object('contentBeforeTranscript', m.content)
                  FROM transcribed WHERE m.id = transcribed.message_id""", TRANSCRIPT, TRANSCRIPT);
        UUID id = jdbc.queryForObject("SELECT id FROM kommo_conversations", UUID.class);
        open("#/conversations/" + id);

        WebElement image = browser.visible(".bubble.in .media img");
        browser.await(d -> (Long) browser.script("return arguments[0].naturalWidth", image) == 160L);
        String imageUrl = image.getDomAttribute("src");
        assertThat(imageUrl).startsWith("blob:");
        assertThat(browser.visible(".bubble.in audio").getDomAttribute("src")).startsWith("blob:");
        assertThat(browser.visible(".bubble.in .transcript").getText()).isEqualTo("Transcript: " + TRANSCRIPT);
        assertThat(browser.driver().findElements(By.cssSelector(".bubble.in .text"))).extracting(WebElement::getText)
                .containsExactly("The receipt <b>and</b> the contract");
        assertThat(browser.visible(".media[data-media-status='failed']").getText())
                .isEqualTo("image/jpeg: could not be downloaded from the provider");
        assertThat(browser.driver().findElements(By.cssSelector("#main img"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("#main b, #main script"))).isEmpty();
        // every file came through the console's fetch with the token, none through an element's own request
        assertThat(browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/media/')).map(e => e.initiatorType).join()"))
                .isEqualTo("fetch,fetch");
        browser.screenshot("conversation-media-1280");

        Path downloads = Files.createTempDirectory(ConsoleBrowser.SCREENSHOTS.getParent(), "console-downloads-");
        browser.downloadTo(downloads);
        WebElement document = browser.visible(".bubble.in button.download");
        assertThat(document.getText()).isEqualTo("Download " + FILENAME + " (" + pdf.length + " B)");
        document.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.equals(downloaded(downloads), pdf));

        browser.driver().get(console() + "#/conversations");
        browser.visible(".state.placeholder");
        assertThat(browser.fetched(imageUrl)).as("the photo's blob: URL is given back").isFalse();
    }

    /** The value of the last bar of a series (the current hour or today). */
    private static String lastValue(WebElement chart, String series) {
        List<WebElement> bars = chart.findElements(By.cssSelector("rect[data-series='" + series + "']"));
        return bars.get(bars.size() - 1).getAttribute("data-value");
    }

    /** A small real PNG: 160 × 90 pixels, two colours. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(160, 90, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 160; x++) {
            for (int y = 0; y < 90; y++) {
                image.setRGB(x, y, x < 80 ? 0x0b57a4 : 0xf2a900);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static void serves(String path, String contentType, byte[] body) {
        FakeProviders.TWILIO.stubFor(WireMock.get(urlPathEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", contentType).withBody(body)));
    }

    /** Twilio's NumMedia, MediaUrl{n} and MediaContentType{n}: pairs of path and content type. */
    private static void withMedia(Map<String, String> form, String... pathsAndTypes) {
        form.put("NumMedia", String.valueOf(pathsAndTypes.length / 2));
        for (int i = 0; i < pathsAndTypes.length / 2; i++) {
            form.put("MediaUrl" + i, FakeProviders.twilioBaseUrl() + pathsAndTypes[2 * i]);
            form.put("MediaContentType" + i, pathsAndTypes[2 * i + 1]);
        }
    }

    /** The bytes of the finished download in {@code folder}, null while there is none. */
    private static byte[] downloaded(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            Path file = files.filter(f -> !f.toString().endsWith(".crdownload")).findFirst().orElse(null);
            return file == null ? null : Files.readAllBytes(file);
        }
    }

    private UUID failedMessage(UUID conversation, String text, String code, String reason) {
        return jdbc.queryForObject("""
                INSERT INTO kommo_messages (conversation_id, provider, role, content, metadata, delivery_status,
                                            delivery_error_code, delivery_error, delivery_updated_at, send_attempts)
                SELECT id, provider, 'assistant', ?, '{"author": "agent"}', 'failed', ?, ?, now(), 1
                  FROM kommo_conversations WHERE id = ? RETURNING id""", UUID.class, text, code, reason, conversation);
    }

    private void postStatus(String sid, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", FakeProviders.ACCOUNT_SID);
        form.put("From", FakeProviders.WHATSAPP_FROM);
        form.put("To", "whatsapp:+15550001601");
        form.put("ChannelPrefix", "whatsapp");
        form.put("ApiVersion", "2010-04-01");
        String path = "/webhooks/twilio/status";
        String signature = TwilioWebhooks.sign(PUBLIC_BASE_URL + path, form, FakeProviders.AUTH_TOKEN);
        assertThat(postForm(path, TwilioWebhooks.encode(form), signature).statusCode()).isEqualTo(200);
    }
}
