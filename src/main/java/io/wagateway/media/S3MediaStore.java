package io.wagateway.media;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Media files in an S3-compatible bucket ({@code MEDIA_S3_*}), so several gateway instances share them; the key of
 * a file is {@code <prefix><sha256>}. The address is known only once the content is read to its end, so
 * {@link #put} spools it to a local temporary file first, then uploads it unless the bucket already has it.
 */
public class S3MediaStore implements MediaStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path spoolDir;

    public S3MediaStore(S3Client s3, String bucket, String prefix, Path spoolDir) throws IOException {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.spoolDir = Files.createDirectories(spoolDir);
    }

    /** A store on the configured bucket; {@code timeout} bounds connecting and each wait for bytes. */
    public static S3MediaStore connect(MediaProperties.S3 config, Duration timeout, Path spoolDir)
            throws IOException {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .forcePathStyle(config.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                // the content address already proves the bytes; the SDK's newer default checksums are refused by
                // several S3-compatible servers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (StringUtils.hasText(config.endpoint())) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return new S3MediaStore(builder.build(), config.bucket(), config.prefix(), spoolDir);
    }

    private static AwsCredentialsProvider credentials(MediaProperties.S3 config) {
        if (!StringUtils.hasText(config.accessKey())) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }

    @Override
    public StoredFile put(InputStream content, long maxBytes) throws IOException {
        Path spooled = Files.createTempFile(spoolDir, "s3-upload-", ".part");
        try {
            StoredFile stored;
            try (OutputStream out = Files.newOutputStream(spooled)) {
                stored = HashingCopy.copy(content, out, maxBytes);
            }
            String key = keyOf(stored.sha256());
            if (!exists(key)) {
                try {
                    s3.putObject(request -> request.bucket(bucket).key(key).contentLength(stored.size())
                            .contentType("application/octet-stream"), RequestBody.fromFile(spooled));
                } catch (SdkException e) {
                    throw failed("PutObject", key, e);
                }
            }
            return stored;
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        String key = keyOf(sha256);
        try {
            return s3.getObject(request -> request.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new FileNotFoundException("no stored media file " + sha256 + " in bucket " + bucket);
            }
            throw failed("GetObject", key, e);
        } catch (SdkException e) {
            throw failed("GetObject", key, e);
        }
    }

    @Override
    public boolean contains(String sha256) throws IOException {
        return exists(keyOf(sha256));
    }

    @Override
    public void close() {
        s3.close();
    }

    private boolean exists(String key) throws IOException {
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failed("HeadObject", key, e);
        } catch (SdkException e) {
            throw failed("HeadObject", key, e);
        }
    }

    private String keyOf(String sha256) {
        return prefix + ContentAddress.checked(sha256);
    }

    private IOException failed(String action, String key, SdkException e) {
        return new IOException(action + " of " + key + " in bucket " + bucket + " failed: " + e.getMessage(), e);
    }
}
