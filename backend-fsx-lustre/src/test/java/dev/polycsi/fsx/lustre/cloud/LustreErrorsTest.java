package dev.polycsi.fsx.lustre.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BadRequest's meanings for Lustre, told apart by FSx's message; the codes every FSx backend shares are FsxErrorsTest's. */
class LustreErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // aws-fsx-csi-driver matches this text exactly
            "Unable to perform the storage capacity update. There is an update already in progress.| ABORTED",
            "Cannot update file system fs-0123456789abcdef0 while in UPDATING state.| ABORTED",
            "Cannot delete file system fs-0123456789abcdef0 while in CREATING state.| ABORTED",
            // the 6-hour rule, in the simulator's words and in the guides'
            "Unable to perform the storage capacity update. The storage capacity can be increased again PT6H after the last increase was requested.| RESOURCE_EXHAUSTED",
            "You can't make further storage capacity increases on a file system until 6 hours after the last increase was requested.| RESOURCE_EXHAUSTED",
            "Unable to perform the throughput capacity update. The throughput capacity can be changed again PT6H after the last change was requested.| RESOURCE_EXHAUSTED",
            "Unable to perform the metadata configuration update. There is an update already in progress.| ABORTED",
            "Invalid Lustre FS storage capacity: 3600. Must be 1200 or a multiple of 2400.| INVALID_ARGUMENT",
            "KmsKeyId is supported only for PERSISTENT deployment types, not SCRATCH_2.| INVALID_ARGUMENT"})
    void tellsBadRequestsApartByTheirMessage(String message, Code expected) {
        FsxCloudException e = LustreErrors.ERRORS.error("UpdateFileSystem fs-0123456789abcdef0", FsxErrors.BAD_REQUEST, message);

        assertEquals(expected, e.code());
        assertEquals(FsxErrors.BAD_REQUEST, e.awsErrorCode());
        assertTrue(e.getMessage().contains(message), "FSx's own words are kept: " + e.getMessage());
    }
}
