package dev.mediajobs.storage.archive;

/**
 * The asset itself is the problem: the provider's URL is gone or refused, kept failing, or the bytes did not match the
 * provider's checksum. The job fails with {@link #code()}. The message names the asset index and a redacted URL.
 */
public class AssetUnusableException extends Exception {

    private final String code;

    public AssetUnusableException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** An {@link dev.mediajobs.common.ErrorCodes} job error code. */
    public String code() {
        return code;
    }
}
