package io.wagateway.media;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3MediaStore} through the real AWS SDK against WireMock answering as S3 does (the answers below are the
 * status codes, headers and XML errors S3 gives for HeadObject, PutObject and GetObject). S3Proxy, the in-process
 * S3 server, was not used: it needs Jetty 11 where Spring Boot manages Jetty 12, and brings the Azure SDK, jclouds
 * and the AWS SDK v1.
 */
class S3MediaStoreTest {

    private static final String BUCKET = "wa-media";
    private static final String PREFIX = "media/";
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String REGION = "eu-central-1";
    private static final byte[] PHOTO = "\u00ff\u00d8\u00ff\u00e0 not really a JPEG, but bytes all the same"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final String PHOTO_SHA256 = sha256(PHOTO);
    private static final String PHOTO_KEY = "/" + BUCKET + "/" + PREFIX + PHOTO_SHA256;
    private static final String ETAG = "\"6805f2cfc46c0f04559748bb039d69ae\"";
    private static final String SIGV4 = "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/\\d{8}/" + REGION
            + "/s3/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";

    private static WireMockServer s3;

    @TempDir
    Path spool;

    private S3MediaStore store;

    @BeforeAll
    static void startFakeS3() {
        s3 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        s3.start();
    }

    @AfterAll
    static void stopFakeS3() {
        s3.stop();
    }

    @BeforeEach
    void connect() throws IOException {
        s3.resetAll();
        store = storeWithTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void putUploadsTheBytesSignedUnderTheirSha256AndOpenReadsThemBack() throws IOException {
        bucketWithoutThePhotoUntilItIsPut();
        s3.stubFor(get(urlPathEqualTo(PHOTO_KEY)).willReturn(s3Ok().withBody(PHOTO)
                .withHeader("Content-Type", "application/octet-stream")));

        StoredFile stored = store.put(new ByteArrayInputStream(PHOTO), 1024);

        assertThat(stored).isEqualTo(new StoredFile(PHOTO_SHA256, PHOTO.length));
        List<LoggedRequest> puts = s3.findAll(putRequestedFor(urlPathEqualTo(PHOTO_KEY)));
        assertThat(puts).hasSize(1);
        LoggedRequest upload = puts.get(0);
        assertThat(upload.getHeader("Authorization")).matches(SIGV4);
        assertThat(upload.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        // over plain HTTP the SDK signs the payload in aws-chunked encoding, each chunk with its own signature
        assertThat(upload.getHeader("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(upload.getHeader("x-amz-decoded-content-length")).isEqualTo(String.valueOf(PHOTO.length));
        assertThat(awsChunkedPayload(upload.getBody())).isEqualTo(PHOTO);
        try (InputStream in = store.open(PHOTO_SHA256)) {
            assertThat(in.readAllBytes()).isEqualTo(PHOTO);
        }
        s3.verify(getRequestedFor(urlPathEqualTo(PHOTO_KEY)).withHeader("Authorization", matching(SIGV4)));
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void theSameContentPutTwiceIsUploadedOnce() throws IOException {
        bucketWithoutThePhotoUntilItIsPut();

        StoredFile first = store.put(new ByteArrayInputStream(PHOTO), 1024);
        StoredFile second = store.put(new ByteArrayInputStream(PHOTO), 1024);

        assertThat(second).isEqualTo(first);
        s3.verify(2, headRequestedFor(urlPathEqualTo(PHOTO_KEY)));
        s3.verify(1, putRequestedFor(urlPathEqualTo(PHOTO_KEY)));
    }

    @Test
    void contentAnotherInstanceAlreadyStoredIsNotUploadedAgain() throws IOException {
        s3.stubFor(head(urlPathEqualTo(PHOTO_KEY)).willReturn(objectHead()));

        assertThat(store.put(new ByteArrayInputStream(PHOTO), 1024).sha256()).isEqualTo(PHOTO_SHA256);

        s3.verify(0, putRequestedFor(anyUrl()));
    }

    @Test
    void contentLargerThanTheLimitIsNeitherUploadedNorLeftInTheSpool() {
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(PHOTO), PHOTO.length - 1))
                .isInstanceOf(MediaTooLargeException.class);

        s3.verify(0, anyRequestedFor(anyUrl()));
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void contentExactlyAtTheLimitIsKept() throws IOException {
        bucketWithoutThePhotoUntilItIsPut();

        assertThat(store.put(new ByteArrayInputStream(PHOTO), PHOTO.length).size()).isEqualTo(PHOTO.length);

        s3.verify(1, putRequestedFor(urlPathEqualTo(PHOTO_KEY)));
    }

    @Test
    void openingAKeyTheBucketDoesNotHaveIsFileNotFound() {
        s3.stubFor(get(urlPathEqualTo(PHOTO_KEY)).willReturn(s3Error(404, "NoSuchKey",
                "The specified key does not exist.")));

        assertThatThrownBy(() -> store.open(PHOTO_SHA256)).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(PHOTO_SHA256);
    }

    @Test
    void containsAsksTheBucketForTheObjectsHead() throws IOException {
        String other = sha256("another file".getBytes(StandardCharsets.UTF_8));
        s3.stubFor(head(urlPathEqualTo(PHOTO_KEY)).willReturn(objectHead()));
        s3.stubFor(head(urlPathEqualTo("/" + BUCKET + "/" + PREFIX + other)).willReturn(headNotFound()));

        assertThat(store.contains(PHOTO_SHA256)).isTrue();
        assertThat(store.contains(other)).isFalse();
        s3.verify(headRequestedFor(urlPathEqualTo(PHOTO_KEY)).withHeader("Authorization", matching(SIGV4)));
    }

    @Test
    void anUploadTheBucketRefusesIsAnIoErrorAndLeavesNothingInTheSpool() {
        s3.stubFor(head(urlPathEqualTo(PHOTO_KEY)).willReturn(headNotFound()));
        s3.stubFor(put(urlPathEqualTo(PHOTO_KEY)).willReturn(s3Error(403, "AccessDenied", "Access Denied")));

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(PHOTO), 1024))
                .isInstanceOf(IOException.class).isNotInstanceOf(MediaTooLargeException.class)
                .hasMessageContaining("PutObject").hasMessageContaining("Access Denied");
        assertThat(spool).isEmptyDirectory();
    }

    @Test
    void aBucketThatDoesNotAnswerFailsWithinTheTimeout() throws IOException {
        s3.stubFor(any(anyUrl()).willReturn(headNotFound().withFixedDelay(10_000)));
        store.close();
        store = storeWithTimeout(Duration.ofMillis(300));

        long started = System.nanoTime();
        assertThatThrownBy(() -> store.contains(PHOTO_SHA256)).isInstanceOf(IOException.class)
                .hasMessageContaining("HeadObject");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void anAddressThatIsNotASha256IsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.contains(PHOTO_SHA256.toUpperCase())).isInstanceOf(
                IllegalArgumentException.class);

        s3.verify(0, anyRequestedFor(anyUrl()));
    }

    private S3MediaStore storeWithTimeout(Duration timeout) throws IOException {
        MediaProperties.S3 config = new MediaProperties.S3(BUCKET, "http://127.0.0.1:" + s3.port(), REGION,
                ACCESS_KEY, SECRET_KEY, PREFIX, true);
        return S3MediaStore.connect(config, timeout, spool);
    }

    /** HeadObject answers 404 until a PutObject of the photo succeeded, then 200. */
    private static void bucketWithoutThePhotoUntilItIsPut() {
        s3.stubFor(head(urlPathEqualTo(PHOTO_KEY)).inScenario("photo").whenScenarioStateIs(STARTED)
                .willReturn(headNotFound()));
        s3.stubFor(put(urlPathEqualTo(PHOTO_KEY)).inScenario("photo").whenScenarioStateIs(STARTED)
                .willSetStateTo("stored").willReturn(s3Ok().withHeader("ETag", ETAG)));
        s3.stubFor(head(urlPathEqualTo(PHOTO_KEY)).inScenario("photo").whenScenarioStateIs("stored")
                .willReturn(objectHead()));
    }

    private static ResponseDefinitionBuilder s3Ok() {
        return aResponse().withStatus(200).withHeader("x-amz-request-id", "4442587FB7D0A2F9")
                .withHeader("Server", "AmazonS3");
    }

    private static ResponseDefinitionBuilder objectHead() {
        return s3Ok().withHeader("Content-Type", "application/octet-stream")
                .withHeader("Content-Length", String.valueOf(PHOTO.length))
                .withHeader("ETag", ETAG)
                .withHeader("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
    }

    /** S3 answers a HEAD of a missing key 404 without a body (no XML error: HEAD has none). */
    private static ResponseDefinitionBuilder headNotFound() {
        return aResponse().withStatus(404).withHeader("x-amz-request-id", "4442587FB7D0A2F9")
                .withHeader("Content-Type", "application/xml").withHeader("Server", "AmazonS3");
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "4442587FB7D0A2F9").withHeader("Server", "AmazonS3")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message><RequestId>4442587FB7D0A2F9</RequestId>"
                        + "<HostId>r3sdvHnQkHa0=</HostId></Error>");
    }

    /** The data of an aws-chunked body: chunks of {@code <hex size>;chunk-signature=<hex>\r\n<data>\r\n}. */
    private static byte[] awsChunkedPayload(byte[] body) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrLf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            assertThat(header).matches("[0-9a-f]+;chunk-signature=[0-9a-f]{64}");
            int size = Integer.parseInt(header.substring(0, header.indexOf(';')), 16);
            if (size == 0) {
                return payload.toByteArray();
            }
            payload.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk header after byte " + from);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(HashingCopy.sha256().digest(bytes));
    }
}
