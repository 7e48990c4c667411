package io.wagateway.media;

/**
 * What one attempt at a download came to: the file stored, a final failure ({@code failed}, {@code too_large}), or
 * a retry after {@code retryDelayMs}.
 */
record DownloadOutcome(Kind kind, StoredFile file, String contentType, String reason, Long size, long retryDelayMs) {

    enum Kind { STORED, FAILED, TOO_LARGE, RETRY }

    static DownloadOutcome stored(StoredFile file, String contentType) {
        return new DownloadOutcome(Kind.STORED, file, contentType, null, file.size(), 0);
    }

    static DownloadOutcome failed(String reason) {
        return new DownloadOutcome(Kind.FAILED, null, null, reason, null, 0);
    }

    static DownloadOutcome tooLarge(String reason, Long size) {
        return new DownloadOutcome(Kind.TOO_LARGE, null, null, reason, size, 0);
    }

    static DownloadOutcome retry(String reason, long delayMs) {
        return new DownloadOutcome(Kind.RETRY, null, null, reason, null, delayMs);
    }

    /** The value of {@code media.status} for a final outcome. */
    String status() {
        return kind == Kind.TOO_LARGE ? "too_large" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
