package dev.polycsi.aws.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorMapperTest {

    /** A backend's own exception type, as EBS has one. */
    static final class FsxFailure extends AwsCallException {
        FsxFailure(Code code, String awsErrorCode, String message, Throwable cause) {
            super(code, awsErrorCode, message, cause);
        }
    }

    private static final AwsErrorMapper<FsxFailure> FSX = new AwsErrorMapper<>("FSx", "fsx", Map.of(
            "FileSystemNotFound", Code.NOT_FOUND,
            "IncompatibleParameterError", Code.ALREADY_EXISTS,
            // a service may read a shared code its own way
            "InternalServerError", Code.INTERNAL), FsxFailure.class, FsxFailure::new);

    private static AwsServiceException error(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void theServicesTableThenTheSharedCodesThenTheStatus() {
        assertEquals(Code.NOT_FOUND, FSX.codeFor("FileSystemNotFound", 400));
        assertEquals(Code.INTERNAL, FSX.codeFor("InternalServerError", 500), "the service's table wins");
        assertEquals(Code.UNAVAILABLE, FSX.codeFor("ThrottlingException", 400));
        assertEquals(Code.UNAUTHENTICATED, FSX.codeFor("ExpiredTokenException", 400));
        assertEquals(Code.PERMISSION_DENIED, FSX.codeFor("AccessDeniedException", 400));
        assertEquals(Code.UNAVAILABLE, FSX.codeFor("SomethingNew", 503));
        assertEquals(Code.UNAVAILABLE, FSX.codeFor("SomethingNew", 429));
        assertEquals(Code.PERMISSION_DENIED, FSX.codeFor("SomethingNew", 403));
        assertEquals(Code.INTERNAL, FSX.codeFor("SomethingNew", 400));
    }

    @Test
    void serviceErrorsKeepTheirCodeAndMessageAndSayWhichPermissionIsMissing() {
        FsxFailure conflict = FSX.map("CreateFileSystem pvc-1", error(400, "IncompatibleParameterError", "token reused"));
        assertEquals(Code.ALREADY_EXISTS, conflict.code());
        assertEquals("IncompatibleParameterError", conflict.awsErrorCode());
        assertEquals("CreateFileSystem pvc-1: IncompatibleParameterError: token reused", conflict.getMessage());

        FsxFailure denied = FSX.map("CreateFileSystem pvc-1", error(400, "AccessDeniedException", "no"));
        assertEquals(Code.PERMISSION_DENIED, denied.code());
        assertTrue(denied.getMessage().contains("fsx:CreateFileSystem"), denied.getMessage());
    }

    @Test
    void timeoutsAreDeadlineExceededAndUnreachableIsUnavailable() {
        assertEquals(Code.DEADLINE_EXCEEDED, FSX.map("x", ApiCallTimeoutException.create(1000)).code());
        assertEquals(Code.DEADLINE_EXCEEDED, FSX.map("x", ApiCallAttemptTimeoutException.create(1000)).code());
        FsxFailure unreachable = FSX.map("DescribeFileSystems", SdkClientException.create("connection refused"));
        assertEquals(Code.UNAVAILABLE, unreachable.code());
        assertTrue(unreachable.getMessage().contains("cannot reach FSx") && unreachable.getMessage().contains("connection refused"),
                unreachable.getMessage());
        assertEquals(Code.INTERNAL, FSX.map("x", new IllegalStateException("bug")).code());
    }

    @Test
    void ownFailuresPassAndSharedOnesTakeTheBackendsType() {
        FsxFailure own = new FsxFailure(Code.NOT_FOUND, "FileSystemNotFound", "gone", null);
        assertSame(own, FSX.map("x", own));
        FsxFailure fromWait = FSX.map("x", new CsiException(Code.DEADLINE_EXCEEDED, "timed out"));
        assertEquals(Code.DEADLINE_EXCEEDED, fromWait.code());
        assertEquals("timed out", fromWait.getMessage());
        FsxFailure fromHelper = FSX.map("x", new AwsCallException(Code.ALREADY_EXISTS, "IncompatibleParameterError", "refused", null));
        assertEquals("IncompatibleParameterError", fromHelper.awsErrorCode());
    }

    @Test
    void callMapsWhatTheCallThrows() {
        assertEquals("ok", FSX.call("x", () -> "ok"));
        FsxFailure e = assertThrows(FsxFailure.class, () -> FSX.call("DeleteFileSystem fs-1", () -> {
            throw error(400, "FileSystemNotFound", "no such file system");
        }));
        assertEquals(Code.NOT_FOUND, e.code());
        assertInstanceOf(AwsServiceException.class, e.getCause());
    }
}
