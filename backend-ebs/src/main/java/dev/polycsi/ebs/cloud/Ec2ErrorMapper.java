package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException.Code;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place that turns an SDK failure into an {@link EbsCloudException}: EC2's error code
 * decides the CSI code, and is kept in {@link EbsCloudException#awsErrorCode()}; EC2's message is
 * passed on, since it says what was wrong (a bad size, an unknown zone). The SDK has already
 * retried throttling, 5xx and connection errors by the time a failure reaches here.
 *
 * <p>Choices where EC2's code could map more than one way:
 * <ul>
 * <li>{@code InvalidVolume.ZoneMismatch} → FAILED_PRECONDITION: the request is well formed; the
 *     volume and the node are where they are, a state of the system that the caller must change
 *     (CSI uses FAILED_PRECONDITION for "volume and node incompatible").</li>
 * <li>{@code IncorrectModificationState} → UNAVAILABLE: an earlier modification is still running
 *     and the condition clears by itself; the resizer retries UNAVAILABLE with backoff, whereas it
 *     records INVALID_ARGUMENT / OUT_OF_RANGE as infeasible.</li>
 * <li>{@code VolumeModificationRateExceeded} (the ~6 h cool-down) → RESOURCE_EXHAUSTED: it is a
 *     per-volume rate quota; retried by the resizer (not infeasible) and distinguishable from a
 *     transient outage in its metrics.</li>
 * <li>malformed ids ({@code InvalidVolumeID.Malformed}, …) → NOT_FOUND: no such resource can exist,
 *     and CSI expects NOT_FOUND (or success for deletes) for ids that name nothing.</li>
 * </ul>
 */
final class Ec2ErrorMapper {

    private static final Map<String, Code> CODES = Map.ofEntries(
            // resources that do not exist
            Map.entry("InvalidVolume.NotFound", Code.NOT_FOUND),
            Map.entry("InvalidVolumeID.Malformed", Code.NOT_FOUND),
            Map.entry("InvalidSnapshot.NotFound", Code.NOT_FOUND),
            Map.entry("InvalidSnapshotID.Malformed", Code.NOT_FOUND),
            Map.entry("InvalidInstanceID.NotFound", Code.NOT_FOUND),
            Map.entry("InvalidInstanceID.Malformed", Code.NOT_FOUND),
            Map.entry("InvalidAttachment.NotFound", Code.NOT_FOUND),
            Map.entry("InvalidVolumeModification.NotFound", Code.NOT_FOUND),
            // requests EC2 refuses as such
            Map.entry("InvalidParameterValue", Code.INVALID_ARGUMENT),
            Map.entry("InvalidParameterCombination", Code.INVALID_ARGUMENT),
            Map.entry("InvalidParameterDependency", Code.INVALID_ARGUMENT),
            Map.entry("InvalidParameter", Code.INVALID_ARGUMENT),
            Map.entry("MissingParameter", Code.INVALID_ARGUMENT),
            Map.entry("UnknownVolumeType", Code.INVALID_ARGUMENT),
            Map.entry("InvalidZone.NotFound", Code.INVALID_ARGUMENT),
            Map.entry("InvalidAvailabilityZone", Code.INVALID_ARGUMENT),
            Map.entry("InvalidPaginationToken", Code.INVALID_ARGUMENT),
            Map.entry("InvalidNextToken", Code.INVALID_ARGUMENT),
            Map.entry("InvalidKMSKey.NotFound", Code.INVALID_ARGUMENT),
            Map.entry("KMSKeyNotAccessible", Code.INVALID_ARGUMENT),
            Map.entry("InvalidTagKey.Malformed", Code.INVALID_ARGUMENT),
            Map.entry("TagLimitExceeded", Code.INVALID_ARGUMENT),
            Map.entry("IdempotentParameterMismatch", Code.ALREADY_EXISTS),
            // quotas
            Map.entry("VolumeLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("MaxIOPSLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("SnapshotLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("SnapshotCreationPerVolumeRateExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("AttachmentLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("InsufficientVolumeCapacity", Code.RESOURCE_EXHAUSTED),
            Map.entry("VolumeModificationRateExceeded", Code.RESOURCE_EXHAUSTED),
            // states that forbid the request now
            Map.entry("VolumeInUse", Code.FAILED_PRECONDITION),
            Map.entry("IncorrectState", Code.FAILED_PRECONDITION),
            Map.entry("IncorrectInstanceState", Code.FAILED_PRECONDITION),
            Map.entry("InvalidSnapshot.InUse", Code.FAILED_PRECONDITION),
            Map.entry("InvalidVolume.ZoneMismatch", Code.FAILED_PRECONDITION),
            Map.entry("IncorrectModificationState", Code.UNAVAILABLE),
            // who may do what
            Map.entry("AuthFailure", Code.PERMISSION_DENIED),
            Map.entry("UnauthorizedOperation", Code.PERMISSION_DENIED),
            Map.entry("OptInRequired", Code.PERMISSION_DENIED),
            Map.entry("Blocked", Code.PERMISSION_DENIED),
            Map.entry("PendingVerification", Code.PERMISSION_DENIED),
            Map.entry("InvalidClientTokenId", Code.UNAUTHENTICATED),
            Map.entry("SignatureDoesNotMatch", Code.UNAUTHENTICATED),
            Map.entry("RequestExpired", Code.UNAUTHENTICATED),
            // retried by the SDK already; still failing means EC2 is not serving us now
            Map.entry("RequestLimitExceeded", Code.UNAVAILABLE),
            Map.entry("Throttling", Code.UNAVAILABLE),
            Map.entry("ThrottlingException", Code.UNAVAILABLE),
            Map.entry("InternalError", Code.UNAVAILABLE),
            Map.entry("InternalFailure", Code.UNAVAILABLE),
            Map.entry("ServiceUnavailable", Code.UNAVAILABLE),
            Map.entry("Unavailable", Code.UNAVAILABLE));

    /** Errors that name a resource that is not there: callers that may treat absence as success test this. */
    static final Set<String> NOT_FOUND_CODES = Set.of("InvalidVolume.NotFound", "InvalidVolumeID.Malformed", "InvalidSnapshot.NotFound",
            "InvalidSnapshotID.Malformed", "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", "InvalidAttachment.NotFound",
            "InvalidVolumeModification.NotFound");

    private Ec2ErrorMapper() {
    }

    /** The CSI code for an EC2 error code; unknown codes go by HTTP status (5xx UNAVAILABLE, else INTERNAL). */
    static Code codeFor(String awsErrorCode, int httpStatus) {
        Code known = CODES.get(awsErrorCode);
        if (known != null) {
            return known;
        }
        return httpStatus >= 500 ? Code.UNAVAILABLE : Code.INTERNAL;
    }

    /** {@code what} says what was being done, e.g. "CreateVolume pvc-1". */
    static EbsCloudException map(String what, RuntimeException failure) {
        return switch (failure) {
            case EbsCloudException already -> already;
            case AwsServiceException service -> {
                String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
                String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
                yield new EbsCloudException(codeFor(code == null ? "" : code, service.statusCode()), code,
                        what + ": " + (code == null || code.isEmpty() ? "" : code + ": ") + message, service);
            }
            case ApiCallTimeoutException timeout -> new EbsCloudException(Code.DEADLINE_EXCEEDED, "", what + ": EC2 did not answer in time", timeout);
            case ApiCallAttemptTimeoutException timeout -> new EbsCloudException(Code.DEADLINE_EXCEEDED, "", what + ": EC2 did not answer in time",
                    timeout);
            case SdkClientException client -> new EbsCloudException(Code.UNAVAILABLE, "", what + ": cannot reach EC2: " + client.getMessage(), client);
            default -> new EbsCloudException(Code.INTERNAL, "", what + ": " + failure, failure);
        };
    }

    /** Whether a mapped failure is EC2's way of saying the resource is not there. */
    static boolean isNotFound(RuntimeException failure) {
        return failure instanceof EbsCloudException e && NOT_FOUND_CODES.contains(e.awsErrorCode());
    }
}
