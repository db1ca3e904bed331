package dev.polycsi.ebs.cloud;

import dev.polycsi.aws.errors.AwsCallException;

/**
 * An EC2 failure, with the CSI code it maps to and EC2's error code for callers that act on it
 * (e.g. {@code InvalidVolume.NotFound}, {@code VolumeInUse}, {@code AttachmentLimitExceeded}).
 */
public final class EbsCloudException extends AwsCallException {

    public EbsCloudException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, awsErrorCode, message, cause);
    }
}
