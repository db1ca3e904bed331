package dev.polycsi.aws.errors;

import dev.polycsi.spi.CsiException;

/**
 * A failed AWS call, with the CSI code it maps to and the service's error code for callers that
 * act on it (e.g. {@code VolumeInUse}, {@code IncompatibleParameterError}). Backends may name
 * their own subclass, so that their callers and tests can tell their failures apart.
 */
public class AwsCallException extends CsiException {

    private final String awsErrorCode;

    public AwsCallException(Code code, String awsErrorCode, String message, Throwable cause) {
        super(code, message, cause);
        this.awsErrorCode = awsErrorCode == null ? "" : awsErrorCode;
    }

    /** The service's error code, empty when the failure did not come from the service (e.g. a wait that timed out). */
    public String awsErrorCode() {
        return awsErrorCode;
    }
}
