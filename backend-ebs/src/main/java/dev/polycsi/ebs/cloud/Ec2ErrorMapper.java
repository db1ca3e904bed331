package dev.polycsi.ebs.cloud;

import dev.polycsi.aws.errors.AwsErrorMapper;
import dev.polycsi.spi.CsiException.Code;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * EC2's error codes for the shared {@link AwsErrorMapper}, the one place that turns an SDK failure
 * into an {@link EbsCloudException}; throttling, server errors, timeouts and credentials are the
 * shared mapper's.
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
            Map.entry("SnapshotLocked", Code.FAILED_PRECONDITION),
            Map.entry("InvalidVolume.ZoneMismatch", Code.FAILED_PRECONDITION),
            Map.entry("IncorrectModificationState", Code.UNAVAILABLE),
            // who may do what, in EC2's words
            Map.entry("AuthFailure", Code.PERMISSION_DENIED),
            Map.entry("UnauthorizedOperation", Code.PERMISSION_DENIED),
            Map.entry("Blocked", Code.PERMISSION_DENIED),
            Map.entry("PendingVerification", Code.PERMISSION_DENIED));

    private static final AwsErrorMapper<EbsCloudException> MAPPER = new AwsErrorMapper<>("EC2", "ec2", CODES, EbsCloudException.class,
            EbsCloudException::new);

    /** Errors that name a resource that is not there: callers that may treat absence as success test this. */
    static final Set<String> NOT_FOUND_CODES = Set.of("InvalidVolume.NotFound", "InvalidVolumeID.Malformed", "InvalidSnapshot.NotFound",
            "InvalidSnapshotID.Malformed", "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", "InvalidAttachment.NotFound",
            "InvalidVolumeModification.NotFound");

    private Ec2ErrorMapper() {
    }

    /** The CSI code for an EC2 error code; unknown codes go by HTTP status (429 and 5xx UNAVAILABLE, 403 PERMISSION_DENIED, else INTERNAL). */
    static Code codeFor(String awsErrorCode, int httpStatus) {
        return MAPPER.codeFor(awsErrorCode, httpStatus);
    }

    /** {@code what} says what was being done, e.g. "CreateVolume pvc-1". */
    static EbsCloudException map(String what, RuntimeException failure) {
        return MAPPER.map(what, failure);
    }

    /** Runs an EC2 call, or one of the shared helpers around it, so that every failure is an {@link EbsCloudException}. */
    static <T> T call(String what, Supplier<T> call) {
        return MAPPER.call(what, call);
    }

    /** Whether a mapped failure is EC2's way of saying the resource is not there. */
    static boolean isNotFound(RuntimeException failure) {
        return failure instanceof EbsCloudException e && NOT_FOUND_CODES.contains(e.awsErrorCode());
    }
}
