package io.wagateway.support;

/**
 * Fallback templates configured for the tests about sending outside the 24-hour window. Every test class
 * that needs them declares {@code @TestPropertySource(properties = {FallbackTemplates.TWILIO,
 * FallbackTemplates.META, FallbackTemplates.META_LANGUAGE})} (the reengage mode), or with
 * {@link #TEXT_MODE} as well, so they share one application context per mode.
 */
public final class FallbackTemplates {

    public static final String TWILIO_CONTENT_SID = "HX11111111111111111111111111111111";
    public static final String META_NAME = "order_update";
    public static final String META_LANGUAGE_CODE = "pt_BR";

    public static final String TWILIO = "gateway.twilio.fallback-content-sid=" + TWILIO_CONTENT_SID;
    public static final String META = "gateway.meta.fallback-template=" + META_NAME;
    public static final String META_LANGUAGE = "gateway.meta.fallback-template-language=" + META_LANGUAGE_CODE;
    /** WINDOW_FALLBACK=text: the wanted text is the template's variable (the default, reengage, invites back). */
    public static final String TEXT_MODE = "gateway.window.fallback=text";

    private FallbackTemplates() {
    }
}
