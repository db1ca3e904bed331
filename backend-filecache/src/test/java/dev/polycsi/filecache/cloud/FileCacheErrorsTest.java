package dev.polycsi.filecache.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.fsx.model.BadRequestException;

/** BadRequest's meanings for File Cache, told apart by FSx's message; the codes every FSx backend shares are FsxErrorsTest's. */
class FileCacheErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot delete file cache fc-0123456789abcdef0 while in CREATING state.| ABORTED",
            "Cannot update file cache fc-0123456789abcdef0 while in UPDATING state.| ABORTED",
            "StorageCapacity 1000 is not valid for a cache; use 1200 or a multiple of 2400.| INVALID_ARGUMENT"})
    void tellsBadRequestsApartByTheirMessage(String message, Code expected) {
        FsxCloudException e = FileCacheErrors.FSX.error("DeleteFileCache fc-0123456789abcdef0", FsxErrors.BAD_REQUEST, message);

        assertEquals(expected, e.code());
        assertEquals(FsxErrors.BAD_REQUEST, e.awsErrorCode());
        assertTrue(e.getMessage().contains(message), "FSx's own words are kept: " + e.getMessage());
    }

    @Test
    void theSdksExceptionsAreMappedTheSameWayAndOtherBadRequestsAsTheCallSays() {
        BadRequestException creating = badRequest("Cannot delete file cache fc-1 while in CREATING state.");
        BadRequestException other = badRequest("The cache has a data repository task running.");

        assertEquals(Code.ABORTED, assertThrows(FsxCloudException.class,
                () -> FileCacheErrors.FSX.call("DeleteFileCache fc-1", Code.FAILED_PRECONDITION, () -> { throw creating; })).code());
        FsxCloudException delete = assertThrows(FsxCloudException.class,
                () -> FileCacheErrors.FSX.call("DeleteFileCache fc-1", Code.FAILED_PRECONDITION, () -> { throw other; }));
        assertEquals(Code.FAILED_PRECONDITION, delete.code());
        assertSame(other, delete.getCause());
        assertEquals(Code.INVALID_ARGUMENT, assertThrows(FsxCloudException.class,
                () -> FileCacheErrors.FSX.call("CreateFileCache pvc-1", () -> { throw other; })).code());
    }

    private static BadRequestException badRequest(String message) {
        return (BadRequestException) BadRequestException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(FsxErrors.BAD_REQUEST).errorMessage(message).build()).build();
    }
}
