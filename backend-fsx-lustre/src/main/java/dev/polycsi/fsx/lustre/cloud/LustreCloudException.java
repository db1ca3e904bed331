package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.aws.errors.AwsCallException;

/**
 * An FSx failure, with the CSI code it maps to ({@link FsxErrors}) and FSx's error code for callers
 * that act on it (e.g. {@code IncompatibleParameterError}, {@code FileSystemNotFound}).
 */
public final class LustreCloudException extends AwsCallException {

    public LustreCloudException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, awsErrorCode, message, cause);
    }

    /** FSx refused a ClientRequestToken that was used before with other parameters. */
    public boolean isTokenConflict() {
        return awsErrorCode().equals(FsxErrors.INCOMPATIBLE_PARAMETER);
    }
}
