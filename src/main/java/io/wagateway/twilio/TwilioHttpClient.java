package io.wagateway.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import io.wagateway.http.BoundedHttpClient;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's HTTP client, pointed at {@code TWILIO_API_BASE_URL} (the SDK hard-wires
 * {@code https://api.twilio.com}), with bounded connect and read timeouts, and without silent retries (the
 * SDK's own, and Apache HttpClient's automatic re-execution of 429 and 503 answers): the gateway's retry
 * policy, bounded and visible on the message row, is the only one. An error answer is thrown as a
 * {@link TwilioErrorAnswer}, which keeps its HTTP status and {@code Retry-After} (the SDK drops both when
 * the body is not Twilio's JSON, and always drops the header).
 */
class TwilioHttpClient extends NetworkHttpClient {

    private final String baseUrl;
    private final ObjectMapper json;

    TwilioHttpClient(String baseUrl, Timeout timeout, ObjectMapper json) {
        super(BoundedHttpClient.builder(timeout));
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.json = json;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = super.makeRequest(retarget(request));
        if (response.getStatusCode() >= 400) {
            throw TwilioErrorAnswer.of(response, header(response, "Retry-After"), json);
        }
        return response;
    }

    private static String header(Response response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        for (Header header : response.getHeaders()) {
            if (name.equalsIgnoreCase(header.getName())) {
                return header.getValue();
            }
        }
        return null;
    }

    private Request retarget(Request original) {
        URL url = original.constructURL();
        Request copy = new Request(original.getMethod(), baseUrl + url.getPath());
        copy(original.getQueryParams(), copy::addQueryParam);
        copy(original.getPostParams(), copy::addPostParam);
        copy(original.getHeaderParams(), copy::addHeaderParam);
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copy.setContentType(original.getContentType());
        if (original.getBody() != null) {
            copy.setBody(original.getBody());
        }
        return copy;
    }

    private static void copy(Map<String, List<String>> params, BiConsumer<String, String> target) {
        params.forEach((name, values) -> values.forEach(value -> target.accept(name, value)));
    }
}
