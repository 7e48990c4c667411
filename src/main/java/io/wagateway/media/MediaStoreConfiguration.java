package io.wagateway.media;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The media store: the local folder {@code MEDIA_DIR} unless an S3 bucket is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
public class MediaStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(MediaStore.class)
    MediaStore localMediaStore(MediaProperties properties) throws IOException {
        return new LocalMediaStore(Path.of(properties.dir()));
    }
}
