package io.wagateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.wagateway.support.LogCapture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which store the gateway uses, from the variables of application.yml: only the media configuration in a light
 * context, not the whole gateway.
 */
class MediaStoreConfigurationTest {

    private static final String SECRET = "minio-secret-never-logged";

    @TempDir
    Path mediaDir;

    private final ApplicationContextRunner gateway = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(MediaStoreConfiguration.class);

    @Test
    void aBucketInMediaS3BucketMakesTheBucketTheOnlyStore() {
        try (LogCapture logs = LogCapture.open()) {
            gateway.withPropertyValues("MEDIA_DIR=" + mediaDir, "MEDIA_S3_BUCKET=shared-media",
                    "MEDIA_S3_ENDPOINT=http://127.0.0.1:9000", "MEDIA_S3_REGION=eu-central-1",
                    "MEDIA_S3_ACCESS_KEY=minio", "MEDIA_S3_SECRET_KEY=" + SECRET, "MEDIA_S3_PREFIX=media/",
                    "MEDIA_S3_PATH_STYLE=true").run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(MediaStore.class);
                        assertThat(context.getBean(MediaStore.class)).isInstanceOf(S3MediaStore.class);
                        assertThat(context.getBean(MediaProperties.class).s3()).isEqualTo(new MediaProperties.S3(
                                "shared-media", "http://127.0.0.1:9000", "eu-central-1", "minio", SECRET, "media/",
                                true));
                    });

            assertThat(logs.infoAndAbove()).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains("S3 bucket shared-media at http://127.0.0.1:9000"))
                    .noneSatisfy(line -> assertThat(line).contains(SECRET));
        }
        // the local folder is not even created
        assertThat(mediaDir).isEmptyDirectory();
    }

    @Test
    void withoutABucketTheStoreIsTheLocalFolder() {
        gateway.withPropertyValues("MEDIA_DIR=" + mediaDir, "MEDIA_S3_BUCKET=").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MediaStore.class);
            assertThat(context.getBean(MediaStore.class)).isInstanceOf(LocalMediaStore.class);
        });
        assertThat(mediaDir.resolve("tmp")).isDirectory();
    }

    @Test
    void aBlankBucketCountsAsNone() {
        gateway.withPropertyValues("MEDIA_DIR=" + mediaDir, "MEDIA_S3_BUCKET=  ", "MEDIA_S3_ENDPOINT=http://x")
                .run(context -> assertThat(context.getBean(MediaStore.class)).isInstanceOf(LocalMediaStore.class));
    }
}
