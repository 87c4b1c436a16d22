package dev.mediajobs.storage.archive;

/**
 * S3 could not be used (unreachable, 5xx, refused credentials, missing bucket…). This is never the job's fault: the
 * listener lets it escape, the record stays uncommitted and is retried with backoff until S3 is back, so an outage
 * delays storing but loses nothing.
 */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
