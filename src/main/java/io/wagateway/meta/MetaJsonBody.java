package io.wagateway.meta;

import static io.wagateway.canonical.Text.isBlank;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.wagateway.webhook.WebhookException;
import java.io.IOException;

/** A Meta webhook body read as one JSON value; a body that is not one is a {@code 400} saying why in plain words. */
final class MetaJsonBody {

    private final ObjectReader json;

    /** Reads with the application's one mapper, strict about anything after the JSON value. */
    MetaJsonBody(ObjectMapper json) {
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw WebhookException.badRequest("malformed JSON", "the body is empty");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw WebhookException.badRequest("malformed JSON", "the body is empty");
            }
            return root;
        } catch (IOException e) {
            throw WebhookException.badRequest("malformed JSON", describe(e));
        }
    }

    /**
     * What is wrong with a body Jackson could not read, in words for the sender: Jackson's own messages name
     * its classes and features (StreamReadConstraints, FAIL_ON_TRAILING_TOKENS...), which an answer must not.
     */
    static String describe(IOException e) {
        String what;
        if (e instanceof StreamConstraintsException) {
            what = "it exceeds the parser's limits (nesting depth, length of a number or a text)";
        } else if (e instanceof JsonEOFException) {
            what = "it ends before the JSON is complete";
        } else if (e instanceof MismatchedInputException) {
            what = "there is more after the JSON value";
        } else {
            what = firstClause(e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage());
        }
        if (e instanceof JsonProcessingException processing && processing.getLocation() != null
                && processing.getLocation().getLineNr() > 0) {
            what += " (line " + processing.getLocation().getLineNr() + ", column "
                    + processing.getLocation().getColumnNr() + ")";
        }
        return what;
    }

    /** "Unrecognized token 'x': was expecting (...)" gives "Unrecognized token 'x'": the part about the body. */
    private static String firstClause(String message) {
        if (isBlank(message)) {
            return "not valid JSON";
        }
        String clause = message.strip();
        for (String end : new String[] {"\n", ": ", " (start marker", " (for ", "[Source", "`"}) {
            int at = clause.indexOf(end);
            if (at > 0) {
                clause = clause.substring(0, at);
            }
        }
        return clause.strip();
    }
}
