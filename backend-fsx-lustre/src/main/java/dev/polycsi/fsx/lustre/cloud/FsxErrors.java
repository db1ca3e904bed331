package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.aws.errors.AwsErrorMapper;
import dev.polycsi.spi.CsiException.Code;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * FSx's error codes for the shared {@link AwsErrorMapper}, the one place that turns an FSx failure
 * into a {@link LustreCloudException}; throttling (ThrottlingException), InternalServerError,
 * timeouts and credentials are the shared mapper's (UNAVAILABLE after the SDK's retries).
 *
 * <p>Choices where FSx's code could map more than one way:
 * <ul>
 * <li>{@code IncompatibleParameterError} → ALREADY_EXISTS: FSx's only use of it on the calls made
 *     here is a client token used before with other parameters, which for CreateVolume is CSI's
 *     "name reused with another request". The controller resolves it first (look-up by name, next
 *     token generation), so a caller sees it only when that fails.</li>
 * <li>{@code BadRequest} is FSx's answer to many things, told apart only by the message:
 *     <ul>
 *     <li>"…There is an update already in progress." (the text aws-fsx-csi-driver matches), or a
 *         file system that is CREATING or UPDATING → ABORTED: CSI's "operation pending for
 *         volume", which clears by itself; the sidecars retry it, and the core's waiters treat it
 *         as transient, so an expansion queued behind another update starts once that one ends.
 *         Not FAILED_PRECONDITION, which gRPC keeps for states a caller must fix first.</li>
 *     <li>the 6-hour rule (no storage capacity increase, throughput change or metadata IOPS
 *         increase until 6 hours after the last one of its kind was requested and its
 *         optimization has finished) → RESOURCE_EXHAUSTED, as EBS maps EC2's
 *         VolumeModificationRateExceeded: a per-volume rate quota, retried by the resizer and the
 *         modifier (not infeasible) and told apart from an outage. FSx documents no exact text,
 *         so the message is matched on its wording ("6 hours", "increased again", "changed
 *         again").</li>
 *     <li>anything else → INVALID_ARGUMENT (FSx refuses the request as such), except where the
 *         call says otherwise: DeleteFileSystem's BadRequest is about the file system's state
 *         (a data repository task running), FAILED_PRECONDITION.</li>
 *     </ul></li>
 * <li>{@code UnsupportedOperation} → INVALID_ARGUMENT: the change cannot be made to this file
 *     system, which the resizer and the modifier record as infeasible instead of retrying.</li>
 * </ul>
 */
public final class FsxErrors {

    public static final String FILE_SYSTEM_NOT_FOUND = "FileSystemNotFound";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String INCOMPATIBLE_PARAMETER = "IncompatibleParameterError";

    private static final Map<String, Code> CODES = Map.ofEntries(
            Map.entry(FILE_SYSTEM_NOT_FOUND, Code.NOT_FOUND),
            Map.entry(BAD_REQUEST, Code.INVALID_ARGUMENT),
            Map.entry(INCOMPATIBLE_PARAMETER, Code.ALREADY_EXISTS),
            Map.entry("ServiceLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("InvalidNetworkSettings", Code.INVALID_ARGUMENT),
            Map.entry("InvalidPerUnitStorageThroughput", Code.INVALID_ARGUMENT),
            Map.entry("InvalidImportPath", Code.INVALID_ARGUMENT),
            Map.entry("InvalidExportPath", Code.INVALID_ARGUMENT),
            Map.entry("MissingFileSystemConfiguration", Code.INVALID_ARGUMENT),
            Map.entry("UnsupportedOperation", Code.INVALID_ARGUMENT));

    private static final AwsErrorMapper<LustreCloudException> MAPPER = new AwsErrorMapper<>("FSx", "fsx", CODES,
            LustreCloudException.class, LustreCloudException::new);

    /** An update (ours or another) that FSx has not finished, or a file system in a passing state. */
    private static final Pattern IN_PROGRESS = Pattern.compile(".*(already in progress|while in (creating|updating) state).*", Pattern.DOTALL);
    /** The 6-hour rule, in the words FSx's guides use for it. */
    private static final Pattern COOLDOWN = Pattern.compile(".*(6 hours|six hours|(increased|changed|updated) again|time between increases).*",
            Pattern.DOTALL);

    private FsxErrors() {
    }

    /** Runs one FSx call; a BadRequest that is neither of the known kinds is INVALID_ARGUMENT. */
    public static <T> T call(String what, Supplier<T> call) {
        return call(what, Code.INVALID_ARGUMENT, call);
    }

    /**
     * Runs one FSx call; {@code what} says what was being done, its first word the API action
     * (for the IAM hint), e.g. "CreateFileSystem pvc-1". {@code otherBadRequest} is the code of a
     * BadRequest that is neither "in progress" nor the 6-hour rule.
     */
    public static <T> T call(String what, Code otherBadRequest, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw map(what, otherBadRequest, e);
        }
    }

    static LustreCloudException map(String what, Code otherBadRequest, RuntimeException failure) {
        LustreCloudException mapped = MAPPER.map(what, failure);
        if (!mapped.awsErrorCode().equals(BAD_REQUEST)) {
            return mapped;
        }
        String message = failure instanceof AwsServiceException e && e.awsErrorDetails() != null
                ? e.awsErrorDetails().errorMessage() : failure.getMessage();
        return badRequest(what, message, otherBadRequest, failure);
    }

    /**
     * The failure a call gets when FSx answers {@code awsErrorCode} with {@code message}, as
     * {@link #call} makes it from the SDK's exception; for fakes of {@link LustreCloud}, so that
     * they fail as FSx does.
     */
    public static LustreCloudException error(String what, String awsErrorCode, String message) {
        if (awsErrorCode.equals(BAD_REQUEST)) {
            return badRequest(what, message, Code.INVALID_ARGUMENT, null);
        }
        return new LustreCloudException(MAPPER.codeFor(awsErrorCode, 400), awsErrorCode, what + ": " + awsErrorCode + ": " + message, null);
    }

    private static LustreCloudException badRequest(String what, String message, Code other, Throwable cause) {
        String text = message == null ? "" : message;
        String lower = text.toLowerCase(Locale.ROOT);
        if (IN_PROGRESS.matcher(lower).matches()) {
            return new LustreCloudException(Code.ABORTED, BAD_REQUEST, "%s: another update of the file system has not finished; "
                    .formatted(what) + "retry once it has (FSx: " + text + ")", cause);
        }
        if (COOLDOWN.matcher(lower).matches()) {
            return new LustreCloudException(Code.RESOURCE_EXHAUSTED, BAD_REQUEST, "%s: FSx allows the next update of a kind (storage "
                    .formatted(what) + "capacity, throughput, metadata IOPS) only 6 hours after the last one was requested and once its "
                    + "optimization has finished; retry later (FSx: " + text + ")", cause);
        }
        return new LustreCloudException(other, BAD_REQUEST, what + ": " + BAD_REQUEST + ": " + text, cause);
    }

    /** Whether a mapped failure says the file system does not exist. */
    static boolean isNotFound(RuntimeException failure) {
        return failure instanceof LustreCloudException e && e.awsErrorCode().equals(FILE_SYSTEM_NOT_FOUND);
    }
}
