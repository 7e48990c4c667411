package io.wagateway.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Where media files are kept and how large one may be ({@code MEDIA_DIR}, {@code MEDIA_MAX_BYTES},
 * {@code MEDIA_S3_*}). A blank value means the default, as an unset one does.
 *
 * @param dir      the local folder of the default store
 * @param maxBytes the largest file kept; a larger one is recorded as {@code too_large}, not downloaded
 * @param s3       an S3-compatible bucket instead of the folder, when its bucket is set
 */
@ConfigurationProperties("gateway.media")
public record MediaProperties(String dir, Long maxBytes, S3 s3) {

    static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;

    public MediaProperties {
        dir = StringUtils.hasText(dir) ? dir : "./data/media";
        maxBytes = maxBytes == null || maxBytes < 1 ? DEFAULT_MAX_BYTES : maxBytes;
        s3 = s3 == null ? new S3(null, null, null, null, null, null, null) : s3;
    }

    /**
     * An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Ceph...).
     *
     * @param bucket    the bucket; unset means the local folder
     * @param endpoint  the service's base URL; unset means AWS in {@code region}
     * @param region    the signing region, {@code us-east-1} when unset
     * @param accessKey the access key id; unset means the AWS SDK's default credentials chain
     * @param secretKey its secret
     * @param prefix    a key prefix inside the bucket, e.g. {@code media/}
     * @param pathStyle {@code true} for path-style addressing (MinIO and most self-hosted servers)
     */
    public record S3(String bucket, String endpoint, String region, String accessKey, String secretKey,
                     String prefix, Boolean pathStyle) {

        public S3 {
            region = StringUtils.hasText(region) ? region : "us-east-1";
            prefix = prefix == null ? "" : prefix;
            pathStyle = pathStyle != null && pathStyle;
        }

        public boolean configured() {
            return StringUtils.hasText(bucket);
        }
    }
}
