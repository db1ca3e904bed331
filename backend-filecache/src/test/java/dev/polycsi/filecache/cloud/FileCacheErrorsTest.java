package dev.polycsi.filecache.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.FSxException;

/** FSx's error codes of the File Cache calls, and BadRequest's meanings told apart by FSx's message. */
class FileCacheErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "FileCacheNotFound, NOT_FOUND",
            "ResourceNotFound, NOT_FOUND",
            "DataRepositoryAssociationNotFound, NOT_FOUND",
            "IncompatibleParameterError, ALREADY_EXISTS",
            "ServiceLimitExceeded, RESOURCE_EXHAUSTED",
            "InvalidNetworkSettings, INVALID_ARGUMENT",
            "InvalidPerUnitStorageThroughput, INVALID_ARGUMENT",
            "MissingFileCacheConfiguration, INVALID_ARGUMENT",
            "UnsupportedOperation, INVALID_ARGUMENT",
            "ThrottlingException, UNAVAILABLE",
            "InternalServerError, UNAVAILABLE",
            "AccessDeniedException, PERMISSION_DENIED",
            "SomethingFsxAddsLater, INTERNAL"})
    void mapsFsxsCodes(String awsCode, Code expected) {
        FileCacheCloudException e = FileCacheErrors.error("CreateFileCache pvc-1", awsCode, "what FSx says");

        assertEquals(expected, e.code());
        assertEquals(awsCode, e.awsErrorCode());
        assertTrue(e.getMessage().startsWith("CreateFileCache pvc-1: "), e.getMessage());
        assertTrue(e.getMessage().contains("what FSx says"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot delete file cache fc-0123456789abcdef0 while in CREATING state.| ABORTED",
            "Cannot update file cache fc-0123456789abcdef0 while in UPDATING state.| ABORTED",
            "StorageCapacity 1000 is not valid for a cache; use 1200 or a multiple of 2400.| INVALID_ARGUMENT"})
    void tellsBadRequestsApartByTheirMessage(String message, Code expected) {
        FileCacheCloudException e = FileCacheErrors.error("DeleteFileCache fc-0123456789abcdef0", FileCacheErrors.BAD_REQUEST, message);

        assertEquals(expected, e.code());
        assertEquals(FileCacheErrors.BAD_REQUEST, e.awsErrorCode());
        assertTrue(e.getMessage().contains(message), "FSx's own words are kept: " + e.getMessage());
    }

    @Test
    void theSdksExceptionsAreMappedTheSameWayAndOtherBadRequestsAsTheCallSays() {
        BadRequestException creating = badRequest("Cannot delete file cache fc-1 while in CREATING state.");
        BadRequestException other = badRequest("The cache has a data repository task running.");

        assertEquals(Code.ABORTED, assertThrows(FileCacheCloudException.class,
                () -> FileCacheErrors.call("DeleteFileCache fc-1", Code.FAILED_PRECONDITION, () -> { throw creating; })).code());
        FileCacheCloudException delete = assertThrows(FileCacheCloudException.class,
                () -> FileCacheErrors.call("DeleteFileCache fc-1", Code.FAILED_PRECONDITION, () -> { throw other; }));
        assertEquals(Code.FAILED_PRECONDITION, delete.code());
        assertSame(other, delete.getCause());
        assertEquals(Code.INVALID_ARGUMENT, assertThrows(FileCacheCloudException.class,
                () -> FileCacheErrors.call("CreateFileCache pvc-1", () -> { throw other; })).code());
    }

    @Test
    void accessDeniedNamesThePermission() {
        FSxException denied = (FSxException) FSxException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("not authorized").build()).build();

        FileCacheCloudException e = assertThrows(FileCacheCloudException.class,
                () -> FileCacheErrors.call("ListTagsForResource fc-1", () -> { throw denied; }));

        assertEquals(Code.PERMISSION_DENIED, e.code());
        assertTrue(e.getMessage().contains("fsx:ListTagsForResource"), e.getMessage());
    }

    private static BadRequestException badRequest(String message) {
        return (BadRequestException) BadRequestException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(FileCacheErrors.BAD_REQUEST).errorMessage(message).build()).build();
    }
}
