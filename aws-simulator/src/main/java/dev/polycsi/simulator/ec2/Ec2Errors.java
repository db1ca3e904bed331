package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.http.AwsError;
import java.util.List;

/** EC2's error codes with messages worded as EC2 words them, so that clients parsing them behave as in production. */
final class Ec2Errors {

    private Ec2Errors() {
    }

    static AwsError invalidParameterValue(String format, Object... args) {
        return AwsError.badRequest("InvalidParameterValue", format, args);
    }

    static AwsError invalidParameterCombination(String format, Object... args) {
        return AwsError.badRequest("InvalidParameterCombination", format, args);
    }

    static AwsError missingParameter(String name) {
        return AwsError.badRequest("MissingParameter", "The request must contain the parameter %s", name);
    }

    static AwsError incorrectState(String format, Object... args) {
        return AwsError.badRequest("IncorrectState", format, args);
    }

    static AwsError volumeNotFound(List<String> volumeIds) {
        return AwsError.badRequest("InvalidVolume.NotFound", "The volume '%s' does not exist.", String.join(", ", volumeIds));
    }

    static AwsError volumeNotFound(String volumeId) {
        return volumeNotFound(List.of(volumeId));
    }

    static AwsError snapshotNotFound(List<String> snapshotIds) {
        return AwsError.badRequest("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", String.join(", ", snapshotIds));
    }

    static AwsError snapshotNotFound(String snapshotId) {
        return snapshotNotFound(List.of(snapshotId));
    }

    /** DeleteSnapshot of a snapshot whose lock has not expired. */
    static AwsError snapshotLocked(String snapshotId, String lockState, java.time.Instant expiresOn) {
        return AwsError.badRequest("SnapshotLocked", "The snapshot '%s' is locked (%s) until %s and cannot be deleted.", snapshotId, lockState, expiresOn);
    }

    static AwsError instanceNotFound(List<String> instanceIds) {
        return AwsError.badRequest("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", String.join(", ", instanceIds));
    }

    static AwsError instanceNotFound(String instanceId) {
        return instanceNotFound(List.of(instanceId));
    }

    static AwsError malformed(String code, String id, String expectedPrefix) {
        return AwsError.badRequest(code, "Invalid id: \"%s\" (expecting \"%s...\")", id, expectedPrefix);
    }

    static AwsError invalidPaginationToken(String token) {
        return AwsError.badRequest("InvalidPaginationToken", "The specified pagination token is not valid or is expired: %s", token);
    }

    static AwsError invalidFilter(String name) {
        return invalidParameterValue("The filter '%s' is invalid", name);
    }

    /** EC2 answers a dry run that would have succeeded with this error, and HTTP 412. */
    static AwsError dryRunSucceeded() {
        return new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }

    static AwsError requestLimitExceeded() {
        return new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.");
    }

    static AwsError internalError(String format, Object... args) {
        return new AwsError(500, "InternalError", format.formatted(args));
    }
}
