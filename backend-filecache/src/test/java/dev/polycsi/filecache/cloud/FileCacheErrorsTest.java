package dev.polycsi.filecache.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BadRequest's meanings for File Cache, told apart by FSx's message; the codes every FSx backend shares are FsxErrorsTest's. */
class FileCacheErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot delete file cache fc-0123456789abcdef0 while in CREATING state.| ABORTED",
            "Cannot update file cache fc-0123456789abcdef0 while in UPDATING state.| ABORTED",
            "StorageCapacity 1000 is not valid for a cache; use 1200 or a multiple of 2400.| INVALID_ARGUMENT"})
    void tellsBadRequestsApartByTheirMessage(String message, Code expected) {
        FsxCloudException e = FileCacheErrors.ERRORS.error("DeleteFileCache fc-0123456789abcdef0", FsxErrors.BAD_REQUEST, message);

        assertEquals(expected, e.code());
        assertEquals(FsxErrors.BAD_REQUEST, e.awsErrorCode());
        assertTrue(e.getMessage().contains(message), "FSx's own words are kept: " + e.getMessage());
    }
}
