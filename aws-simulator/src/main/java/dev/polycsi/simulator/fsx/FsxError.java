package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.http.AwsError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An FSx error shape: its code, its {@code Message} and the members some shapes carry (the
 * {@code Parameter} of IncompatibleParameterError, the {@code InvalidSubnetId} of
 * InvalidNetworkSettings, …). FSx models no HTTP status, so every error is 400 except the
 * {@code fault} InternalServerError, 500.
 */
final class FsxError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> members;

    private FsxError(int status, String code, String message, Map<String, String> members) {
        super(message);
        this.status = status;
        this.code = code;
        this.members = Map.copyOf(members);
    }

    private static FsxError of(String code, String message) {
        return new FsxError(400, code, message, Map.of());
    }

    /** The pipeline's errors: injected faults, throttling, missing signature. */
    static FsxError of(AwsError error) {
        String code = error.code().equals("InternalError") ? "InternalServerError" : error.code();
        return new FsxError(error.status(), code, error.getMessage(), Map.of());
    }

    static FsxError badRequest(String format, Object... args) {
        return of("BadRequest", format.formatted(args));
    }

    static FsxError internal(String message) {
        return new FsxError(500, "InternalServerError", message, Map.of());
    }

    static FsxError unknownOperation(String target) {
        return of("UnknownOperationException", "The FSx simulator does not implement " + target + ".");
    }

    static FsxError fileSystemNotFound(String fileSystemId) {
        return of("FileSystemNotFound", "File system '%s' does not exist.".formatted(fileSystemId));
    }

    static FsxError fileCacheNotFound(String fileCacheId) {
        return of("FileCacheNotFound", "File cache '%s' does not exist.".formatted(fileCacheId));
    }

    static FsxError associationNotFound(String associationId) {
        return of("DataRepositoryAssociationNotFound", "Data repository association '%s' does not exist.".formatted(associationId));
    }

    static FsxError volumeNotFound(String volumeId) {
        return of("VolumeNotFound", "Volume '%s' does not exist.".formatted(volumeId));
    }

    static FsxError svmNotFound(String svmId) {
        return of("StorageVirtualMachineNotFound", "Storage virtual machine '%s' does not exist.".formatted(svmId));
    }

    static FsxError backupNotFound(String backupId) {
        return of("BackupNotFound", "Backup '%s' does not exist.".formatted(backupId));
    }

    /** Another backup of the volume is CREATING, or the backup to delete still is. */
    static FsxError backupInProgress(String format, Object... args) {
        return of("BackupInProgress", format.formatted(args));
    }

    /** BackupRestoring names the file system being restored to, here the new volume's. */
    static FsxError backupRestoring(String backupId, String volumeId, String fileSystemId) {
        return new FsxError(400, "BackupRestoring", "You can't delete backup %s while it's being used to restore volume %s."
                .formatted(backupId, volumeId), Map.of("FileSystemId", fileSystemId));
    }

    static FsxError missingVolumeConfiguration(String format, Object... args) {
        return of("MissingVolumeConfiguration", format.formatted(args));
    }

    static FsxError missingFileCacheConfiguration(String format, Object... args) {
        return of("MissingFileCacheConfiguration", format.formatted(args));
    }

    static FsxError invalidDataRepositoryType(String format, Object... args) {
        return of("InvalidDataRepositoryType", format.formatted(args));
    }

    static FsxError incompatibleParameter(String parameter, String token) {
        return new FsxError(400, "IncompatibleParameterError",
                "The client request token '%s' was used before with a different %s.".formatted(token, parameter),
                Map.of("Parameter", parameter));
    }

    static FsxError invalidSubnet(String subnetId) {
        return new FsxError(400, "InvalidNetworkSettings", "The subnet ID '%s' is invalid.".formatted(subnetId),
                Map.of("InvalidSubnetId", subnetId));
    }

    static FsxError invalidSecurityGroup(String securityGroupId) {
        return new FsxError(400, "InvalidNetworkSettings", "The security group ID '%s' is invalid.".formatted(securityGroupId),
                Map.of("InvalidSecurityGroupId", securityGroupId));
    }

    static FsxError invalidPerUnitStorageThroughput(String format, Object... args) {
        return of("InvalidPerUnitStorageThroughput", format.formatted(args));
    }

    static FsxError unsupportedOperation(String format, Object... args) {
        return of("UnsupportedOperation", format.formatted(args));
    }

    static FsxError invalidImportPath(String format, Object... args) {
        return of("InvalidImportPath", format.formatted(args));
    }

    static FsxError invalidExportPath(String format, Object... args) {
        return of("InvalidExportPath", format.formatted(args));
    }

    static FsxError serviceLimitExceeded(String limit, String message) {
        return new FsxError(400, "ServiceLimitExceeded", message, Map.of("Limit", limit));
    }

    static FsxError resourceNotFound(String arn) {
        return new FsxError(400, "ResourceNotFound", "The resource '%s' does not exist.".formatted(arn), Map.of("ResourceARN", arn));
    }

    static FsxError notServiceResource(String arn) {
        return new FsxError(400, "NotServiceResourceError",
                "The resource '%s' is not an Amazon FSx resource.".formatted(arn), Map.of("ResourceARN", arn));
    }

    static FsxError doesNotSupportTagging(String arn) {
        return new FsxError(400, "ResourceDoesNotSupportTagging",
                "The resource '%s' does not support tagging.".formatted(arn), Map.of("ResourceARN", arn));
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Members besides {@code Message}, in a stable order. */
    Map<String, String> members() {
        return new LinkedHashMap<>(members);
    }
}
