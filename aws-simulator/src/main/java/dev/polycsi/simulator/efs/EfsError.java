package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.AwsError;
import java.util.Map;

/**
 * An EFS error: HTTP status, error code and message, plus the members some EFS errors carry
 * in their body (e.g. the {@code AccessPointId} of {@code AccessPointAlreadyExists}), which
 * {@link AwsError} has no room for.
 */
final class EfsError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> members;

    private EfsError(int status, String code, String message, Map<String, String> members) {
        super(message);
        this.status = status;
        this.code = code;
        this.members = Map.copyOf(members);
    }

    /** EFS calls its 500 {@code InternalServerError}; the pipeline's injected faults say {@code InternalError}. */
    static EfsError of(AwsError error) {
        String code = error.code().equals("InternalError") ? "InternalServerError" : error.code();
        return new EfsError(error.status(), code, error.getMessage(), Map.of());
    }

    static EfsError badRequest(String format, Object... args) {
        return new EfsError(400, "BadRequest", format.formatted(args), Map.of());
    }

    /**
     * What AWS answers for a request member outside its documented constraints, before EFS sees
     * it: 400 {@code ValidationException}, "1 validation error detected: Value '…' at '…' failed
     * to satisfy constraint: …", the constraints joined by "; ".
     */
    static EfsError validation(java.util.List<String> violations) {
        String count = violations.size() == 1 ? "1 validation error detected: " : violations.size() + " validation errors detected: ";
        return new EfsError(400, "ValidationException", count + String.join("; ", violations), Map.of());
    }

    static EfsError internal(String message) {
        return new EfsError(500, "InternalServerError", message, Map.of());
    }

    static EfsError fileSystemNotFound(String fileSystemId) {
        return new EfsError(404, "FileSystemNotFound", "File system '%s' does not exist.".formatted(fileSystemId), Map.of());
    }

    static EfsError accessPointNotFound(String accessPointId) {
        return new EfsError(404, "AccessPointNotFound", "Access point '%s' does not exist.".formatted(accessPointId), Map.of());
    }

    static EfsError mountTargetNotFound(String mountTargetId) {
        return new EfsError(404, "MountTargetNotFound", "Mount target '%s' does not exist.".formatted(mountTargetId), Map.of());
    }

    static EfsError fileSystemAlreadyExists(String fileSystemId, String creationToken) {
        return new EfsError(409, "FileSystemAlreadyExists",
                "File system '%s' already exists with creation token '%s'.".formatted(fileSystemId, creationToken),
                Map.of("FileSystemId", fileSystemId));
    }

    static EfsError accessPointAlreadyExists(String accessPointId, String clientToken) {
        return new EfsError(409, "AccessPointAlreadyExists",
                "Access point '%s' already exists with client token '%s'.".formatted(accessPointId, clientToken),
                Map.of("AccessPointId", accessPointId));
    }

    static EfsError fileSystemInUse(String fileSystemId, int mountTargets) {
        return new EfsError(409, "FileSystemInUse",
                "File system '%s' has %d mount targets; delete them first.".formatted(fileSystemId, mountTargets), Map.of());
    }

    static EfsError incorrectFileSystemLifeCycleState(String fileSystemId, String state) {
        return new EfsError(409, "IncorrectFileSystemLifeCycleState",
                "File system '%s' is %s, not available.".formatted(fileSystemId, state), Map.of());
    }

    static EfsError accessPointLimitExceeded(String fileSystemId, int limit) {
        return new EfsError(403, "AccessPointLimitExceeded",
                "File system '%s' already has the maximum of %d access points.".formatted(fileSystemId, limit), Map.of());
    }

    static EfsError fileSystemLimitExceeded(int limit) {
        return new EfsError(403, "FileSystemLimitExceeded",
                "The account already has the maximum of %d file systems.".formatted(limit), Map.of());
    }

    static EfsError unsupportedAvailabilityZone(String zone) {
        return new EfsError(400, "UnsupportedAvailabilityZone",
                "Availability Zone '%s' is not supported in this region.".formatted(zone), Map.of());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Extra body members, e.g. {@code FileSystemId}. */
    Map<String, String> members() {
        return members;
    }
}
