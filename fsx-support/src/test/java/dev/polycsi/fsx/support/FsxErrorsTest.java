package dev.polycsi.fsx.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException.Code;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.fsx.model.FSxException;

class FsxErrorsTest {

    private final FsxErrors errors = FsxErrors.builder()
            .badRequest(Pattern.compile("already in progress"), Code.ABORTED, "another update has not finished; retry")
            .code("VolumeNotFound", Code.NOT_FOUND)
            .build();

    private static FSxException fsx(String code, String message, int status) {
        return (FSxException) FSxException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message)
                .build();
    }

    private FsxCloudException failing(String what, Code otherBadRequest, RuntimeException failure) {
        return assertThrows(FsxCloudException.class, () -> errors.call(what, otherBadRequest, () -> {
            throw failure;
        }));
    }

    @ParameterizedTest
    @CsvSource({
            "FileSystemNotFound, NOT_FOUND",
            "FileCacheNotFound, NOT_FOUND",
            "ResourceNotFound, NOT_FOUND",
            "DataRepositoryAssociationNotFound, NOT_FOUND",
            "IncompatibleParameterError, ALREADY_EXISTS",
            "ServiceLimitExceeded, RESOURCE_EXHAUSTED",
            "InvalidNetworkSettings, INVALID_ARGUMENT",
            "InvalidPerUnitStorageThroughput, INVALID_ARGUMENT",
            "InvalidImportPath, INVALID_ARGUMENT",
            "InvalidExportPath, INVALID_ARGUMENT",
            "MissingFileSystemConfiguration, INVALID_ARGUMENT",
            "MissingFileCacheConfiguration, INVALID_ARGUMENT",
            "UnsupportedOperation, INVALID_ARGUMENT",
            "ThrottlingException, UNAVAILABLE",
            "InternalServerError, UNAVAILABLE",
            "AccessDeniedException, PERMISSION_DENIED",
            "SomethingFsxAddsLater, INTERNAL"})
    void mapsFsxsCodes(String awsCode, Code expected) {
        FsxCloudException e = errors.error("CreateFileSystem pvc-1", awsCode, "what FSx says");

        assertEquals(expected, e.code());
        assertEquals(awsCode, e.awsErrorCode());
        assertTrue(e.getMessage().startsWith("CreateFileSystem pvc-1: "), e.getMessage());
        assertTrue(e.getMessage().contains("what FSx says"), e.getMessage());
    }

    @Test
    void notFoundCodesAreNotFoundAndSaySo() {
        FsxCloudException e = failing("DescribeVolumes fsvol-1", Code.INVALID_ARGUMENT, fsx("VolumeNotFound", "no such volume", 400));
        assertEquals(Code.NOT_FOUND, e.code());
        assertTrue(e.isNotFound());
        assertTrue(e.getMessage().contains("no such volume"), e.getMessage());
    }

    @Test
    void aTokenUsedWithOtherParametersIsAlreadyExists() {
        FsxCloudException e = failing("CreateVolume pvc-1", Code.INVALID_ARGUMENT,
                fsx(FsxErrors.INCOMPATIBLE_PARAMETER, "Name differs", 400));
        assertEquals(Code.ALREADY_EXISTS, e.code());
        assertTrue(e.isTokenConflict());
    }

    @Test
    void aBadRequestARuleKnowsGetsItsCodeAndExplanation() {
        FsxCloudException e = failing("UpdateVolume fsvol-1", Code.INVALID_ARGUMENT,
                fsx(FsxErrors.BAD_REQUEST, "An update is Already In Progress.", 400));
        assertEquals(Code.ABORTED, e.code());
        assertTrue(e.getMessage().contains("another update has not finished"), e.getMessage());
        assertTrue(e.getMessage().contains("An update is Already In Progress."), e.getMessage());
    }

    @Test
    void anyOtherBadRequestGetsTheCallsCode() {
        assertEquals(Code.INVALID_ARGUMENT, failing("CreateVolume pvc-1", Code.INVALID_ARGUMENT,
                fsx(FsxErrors.BAD_REQUEST, "Name is invalid", 400)).code());
        assertEquals(Code.FAILED_PRECONDITION, failing("DeleteVolume fsvol-1", Code.FAILED_PRECONDITION,
                fsx(FsxErrors.BAD_REQUEST, "volume is CREATING", 400)).code());
        FSxException other = fsx(FsxErrors.BAD_REQUEST, "The file system has a data repository task running.", 400);
        assertEquals(Code.INVALID_ARGUMENT, assertThrows(FsxCloudException.class, () -> errors.call("UpdateFileSystem fs-1", () -> {
            throw other;
        })).code());
    }

    @Test
    void theSdksExceptionIsTheCause() {
        FSxException other = fsx(FsxErrors.BAD_REQUEST, "The file system has a data repository task running.", 400);
        assertSame(other, failing("DeleteFileSystem fs-1", Code.FAILED_PRECONDITION, other).getCause());
        FSxException known = fsx(FsxErrors.BAD_REQUEST, "There is an update already in progress.", 400);
        assertSame(known, failing("UpdateFileSystem fs-1", Code.INVALID_ARGUMENT, known).getCause());
    }

    @Test
    void backupsInUseAndInProgress() {
        assertEquals(Code.ABORTED, failing("CreateBackup fsvol-1", Code.INVALID_ARGUMENT, fsx("BackupInProgress", "busy", 400)).code());
        assertEquals(Code.FAILED_PRECONDITION,
                failing("DeleteBackup backup-1", Code.INVALID_ARGUMENT, fsx("BackupRestoring", "restoring", 400)).code());
    }

    @Test
    void serverErrorsAfterRetriesAreUnavailableAndDeniedCallsNameThePermission() {
        assertEquals(Code.UNAVAILABLE, failing("DescribeVolumes", Code.INVALID_ARGUMENT, fsx("InternalServerError", "oops", 500)).code());
        FsxCloudException denied = failing("CreateBackup fsvol-1", Code.INVALID_ARGUMENT, fsx("AccessDeniedException", "no", 403));
        assertEquals(Code.PERMISSION_DENIED, denied.code());
        assertTrue(denied.getMessage().contains("fsx:CreateBackup"), denied.getMessage());
    }

    /** Known by its code, whatever the HTTP status. */
    @Test
    void accessDeniedNamesThePermission() {
        FsxCloudException e = failing("ListTagsForResource fc-1", Code.INVALID_ARGUMENT, fsx("AccessDeniedException", "not authorized", 400));

        assertEquals(Code.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("fsx:ListTagsForResource"), e.getMessage());
    }

    @Test
    void aBatchSplitsOnNotFoundOnly() {
        assertTrue(FsxErrors.isNotFound(errors.error("DescribeFileCaches fc-1", "FileCacheNotFound", "no such cache")));
        assertTrue(FsxErrors.isNotFound(errors.error("ListTagsForResource fc-1", "ResourceNotFound", "gone")));
        assertFalse(FsxErrors.isNotFound(errors.error("DescribeFileSystems", FsxErrors.BAD_REQUEST, "bad")));
        assertFalse(FsxErrors.isNotFound(new IllegalStateException("FileSystemNotFound")));
    }

    @Test
    void fakesFailAsTheSdkWould() {
        FsxCloudException e = errors.error("UpdateVolume fsvol-1", FsxErrors.BAD_REQUEST, "update already in progress");
        assertEquals(Code.ABORTED, e.code());
        assertEquals(FsxErrors.BAD_REQUEST, e.awsErrorCode());
        assertEquals(Code.RESOURCE_EXHAUSTED, errors.error("CreateVolume pvc-1", FsxErrors.SERVICE_LIMIT_EXCEEDED, "500 volumes").code());
    }

    @Test
    void ourOwnFailuresPassThroughUnchanged() {
        FsxCloudException own = errors.error("CreateVolume pvc-1", FsxErrors.BAD_REQUEST, "update already in progress");
        assertEquals(own, failing("outer", Code.INVALID_ARGUMENT, own));
    }
}
