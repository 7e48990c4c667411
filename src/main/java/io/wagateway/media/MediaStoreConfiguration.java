package io.wagateway.media;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The media store: the local folder {@code MEDIA_DIR} unless an S3 bucket ({@code MEDIA_S3_BUCKET}) is set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
public class MediaStoreConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MediaStoreConfiguration.class);
    private static final String BUCKET = "gateway.media.s3.bucket";

    @Bean
    @Conditional(NoS3Bucket.class)
    MediaStore localMediaStore(MediaProperties properties) throws IOException {
        LocalMediaStore store = new LocalMediaStore(Path.of(properties.dir()));
        LOG.info("Media store: local folder {}", Path.of(properties.dir()).toAbsolutePath().normalize());
        return store;
    }

    @Bean
    @Conditional(S3BucketSet.class)
    MediaStore s3MediaStore(MediaProperties properties,
                            @Value("${gateway.provider-timeout-ms:10000}") long timeoutMs) throws IOException {
        MediaProperties.S3 s3 = properties.s3();
        LOG.info("Media store: S3 bucket {} at {} (prefix '{}', path-style {}, {} credentials)", s3.bucket(),
                StringUtils.hasText(s3.endpoint()) ? s3.endpoint() : "AWS " + s3.region(), s3.prefix(),
                s3.pathStyle(), StringUtils.hasText(s3.accessKey()) ? "static" : "default-chain");
        return S3MediaStore.connect(s3, Duration.ofMillis(timeoutMs),
                Path.of(System.getProperty("java.io.tmpdir"), "wa-gateway-media"));
    }

    /** The bean methods' conditions are each other's negation, so exactly one store exists. */
    static final class S3BucketSet implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty(BUCKET));
        }
    }

    static final class NoS3Bucket implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !new S3BucketSet().matches(context, metadata);
        }
    }
}
