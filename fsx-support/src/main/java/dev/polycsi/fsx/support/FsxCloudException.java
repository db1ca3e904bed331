package dev.polycsi.fsx.support;

import dev.polycsi.aws.errors.AwsCallException;

/**
 * An FSx failure, with the CSI code it maps to ({@link FsxErrors}) and FSx's error code for
 * callers that act on it (a token used with other parameters, a resource that has gone).
 */
public final class FsxCloudException extends AwsCallException {

    public FsxCloudException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, awsErrorCode, message, cause);
    }

    /** FSx refused a ClientRequestToken that was used before with other parameters. */
    public boolean isTokenConflict() {
        return awsErrorCode().equals(FsxErrors.INCOMPATIBLE_PARAMETER);
    }

    /** FSx says the resource the call names does not exist ({@code FileSystemNotFound}, {@code VolumeNotFound}, …). */
    public boolean isNotFound() {
        return awsErrorCode().endsWith("NotFound");
    }

    /** Whether FSx answered with this error code. */
    public boolean is(String awsErrorCode) {
        return awsErrorCode().equals(awsErrorCode);
    }
}
