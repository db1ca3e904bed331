package dev.polycsi.filecache.cloud;

import dev.polycsi.aws.errors.AwsCallException;

/**
 * An FSx failure of a File Cache call, with the CSI code it maps to ({@link FileCacheErrors}) and
 * FSx's error code for callers that act on it (e.g. {@code IncompatibleParameterError},
 * {@code FileCacheNotFound}).
 */
public final class FileCacheCloudException extends AwsCallException {

    public FileCacheCloudException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, awsErrorCode, message, cause);
    }

    /** FSx refused a ClientRequestToken that was used before with other parameters. */
    public boolean isTokenConflict() {
        return awsErrorCode().equals(FileCacheErrors.INCOMPATIBLE_PARAMETER);
    }
}
