package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException;

/**
 * An EC2 failure, with the CSI code it maps to and EC2's error code for callers that act on it
 * (e.g. {@code InvalidVolume.NotFound}, {@code VolumeInUse}, {@code AttachmentLimitExceeded}).
 */
public final class EbsCloudException extends CsiException {

    private final String awsErrorCode;

    public EbsCloudException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, message, cause);
        this.awsErrorCode = awsErrorCode == null ? "" : awsErrorCode;
    }

    /** EC2's error code, empty when the failure did not come from EC2 (e.g. a wait that timed out). */
    public String awsErrorCode() {
        return awsErrorCode;
    }
}
