package dev.polycsi.fsx.support;

import dev.polycsi.aws.errors.AwsErrorMapper;
import dev.polycsi.spi.CsiException.Code;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * FSx's error codes for the shared {@link AwsErrorMapper}: the one place that turns an FSx failure
 * into an {@link FsxCloudException}. Throttling (ThrottlingException), InternalServerError,
 * timeouts and credentials are the shared mapper's (UNAVAILABLE after the SDK's retries).
 *
 * <p>The codes every FSx backend reads alike ({@link #COMMON}):
 * <ul>
 * <li>{@code IncompatibleParameterError} → ALREADY_EXISTS: on a create it is a client token used
 *     before with other parameters, CSI's "name reused with another request". The controllers
 *     resolve it first (look-up by name, next token generation), so a caller sees it only when
 *     that fails.</li>
 * <li>every {@code …NotFound} → NOT_FOUND; {@code ServiceLimitExceeded} → RESOURCE_EXHAUSTED;
 *     {@code UnsupportedOperation} and FSx's refusals of a request as such → INVALID_ARGUMENT.</li>
 * <li>{@code BackupInProgress} → ABORTED: another backup of the volume is under way, which
 *     clears by itself and the sidecars retry; {@code BackupRestoring} and
 *     {@code BackupBeingCopied} → FAILED_PRECONDITION: the backup is in use.</li>
 * <li>{@code BadRequest} is FSx's answer to many things, told apart only by the message: each
 *     backend gives the rules it knows ({@link Builder#badRequest}); any other BadRequest is
 *     INVALID_ARGUMENT, or the code the call says (a delete refused for the resource's state is
 *     FAILED_PRECONDITION, not a bad request).</li>
 * </ul>
 */
public final class FsxErrors {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String INCOMPATIBLE_PARAMETER = "IncompatibleParameterError";
    public static final String SERVICE_LIMIT_EXCEEDED = "ServiceLimitExceeded";

    static final Map<String, Code> COMMON = Map.ofEntries(
            Map.entry(BAD_REQUEST, Code.INVALID_ARGUMENT),
            Map.entry(INCOMPATIBLE_PARAMETER, Code.ALREADY_EXISTS),
            Map.entry(SERVICE_LIMIT_EXCEEDED, Code.RESOURCE_EXHAUSTED),
            Map.entry("UnsupportedOperation", Code.INVALID_ARGUMENT),
            Map.entry("FileSystemNotFound", Code.NOT_FOUND),
            Map.entry("FileCacheNotFound", Code.NOT_FOUND),
            Map.entry("VolumeNotFound", Code.NOT_FOUND),
            Map.entry("BackupNotFound", Code.NOT_FOUND),
            Map.entry("StorageVirtualMachineNotFound", Code.NOT_FOUND),
            Map.entry("DataRepositoryAssociationNotFound", Code.NOT_FOUND),
            Map.entry("ResourceNotFound", Code.NOT_FOUND),
            Map.entry("BackupInProgress", Code.ABORTED),
            Map.entry("BackupRestoring", Code.FAILED_PRECONDITION),
            Map.entry("BackupBeingCopied", Code.FAILED_PRECONDITION),
            Map.entry("InvalidNetworkSettings", Code.INVALID_ARGUMENT),
            Map.entry("InvalidPerUnitStorageThroughput", Code.INVALID_ARGUMENT),
            Map.entry("InvalidImportPath", Code.INVALID_ARGUMENT),
            Map.entry("InvalidExportPath", Code.INVALID_ARGUMENT),
            Map.entry("MissingFileSystemConfiguration", Code.INVALID_ARGUMENT),
            Map.entry("MissingFileCacheConfiguration", Code.INVALID_ARGUMENT),
            Map.entry("MissingVolumeConfiguration", Code.INVALID_ARGUMENT),
            Map.entry("NotServiceResourceError", Code.INVALID_ARGUMENT),
            Map.entry("ResourceDoesNotSupportTagging", Code.INVALID_ARGUMENT));

    /** A kind of BadRequest, known by its message, with the code and the explanation callers get. */
    private record BadRequestRule(Pattern message, Code code, String explanation) {}

    private final AwsErrorMapper<FsxCloudException> mapper;
    private final List<BadRequestRule> rules;

    private FsxErrors(Map<String, Code> codes, List<BadRequestRule> rules) {
        this.mapper = new AwsErrorMapper<>("FSx", "fsx", codes, FsxCloudException.class, FsxCloudException::new);
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one FSx call; {@code what} says what was being done, its first word the API action
     * (for the IAM hint), e.g. "CreateVolume pvc-1". A BadRequest that no rule knows is INVALID_ARGUMENT.
     */
    public <T> T call(String what, Supplier<T> call) {
        return call(what, Code.INVALID_ARGUMENT, call);
    }

    /** As {@link #call(String, Supplier)}; {@code otherBadRequest} is the code of a BadRequest that no rule knows. */
    public <T> T call(String what, Code otherBadRequest, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw map(what, otherBadRequest, e);
        }
    }

    /** Runs one FSx call without an answer; see {@link #call(String, Code, Supplier)}. */
    public void run(String what, Code otherBadRequest, Runnable call) {
        call(what, otherBadRequest, () -> {
            call.run();
            return null;
        });
    }

    FsxCloudException map(String what, Code otherBadRequest, RuntimeException failure) {
        FsxCloudException mapped = mapper.map(what, failure);
        if (!mapped.awsErrorCode().equals(BAD_REQUEST) || failure instanceof FsxCloudException) {
            return mapped;
        }
        String message = failure instanceof AwsServiceException e && e.awsErrorDetails() != null
                ? e.awsErrorDetails().errorMessage() : failure.getMessage();
        return badRequest(what, message, otherBadRequest, failure);
    }

    /**
     * The failure a call gets when FSx answers {@code awsErrorCode} with {@code message}, as
     * {@link #call} makes it from the SDK's exception; for fakes of a backend's cloud port, so
     * that they fail as FSx does.
     */
    public FsxCloudException error(String what, String awsErrorCode, String message) {
        if (awsErrorCode.equals(BAD_REQUEST)) {
            return badRequest(what, message, Code.INVALID_ARGUMENT, null);
        }
        return new FsxCloudException(mapper.codeFor(awsErrorCode, 400), awsErrorCode, what + ": " + awsErrorCode + ": " + message, null);
    }

    /**
     * Whether {@code failure} is FSx saying that what the call names does not exist: a Describe
     * of several ids fails whole for one unknown id, so a batcher splits on it.
     */
    public static boolean isNotFound(RuntimeException failure) {
        return failure instanceof FsxCloudException e && e.isNotFound();
    }

    private FsxCloudException badRequest(String what, String message, Code other, Throwable cause) {
        String text = message == null ? "" : message;
        String lower = text.toLowerCase(Locale.ROOT);
        for (BadRequestRule rule : rules) {
            if (rule.message().matcher(lower).find()) {
                return new FsxCloudException(rule.code(), BAD_REQUEST, "%s: %s (FSx: %s)".formatted(what, rule.explanation(), text), cause);
            }
        }
        return new FsxCloudException(other, BAD_REQUEST, what + ": " + BAD_REQUEST + ": " + text, cause);
    }

    /** A backend's reading of FSx's errors: {@link #COMMON}, with its own codes and BadRequest rules. */
    public static final class Builder {

        private final Map<String, Code> codes = new HashMap<>(COMMON);
        private final List<BadRequestRule> rules = new ArrayList<>();

        private Builder() {
        }

        /** Another meaning for an FSx error code, or one {@link #COMMON} lacks. */
        public Builder code(String awsErrorCode, Code code) {
            codes.put(awsErrorCode, code);
            return this;
        }

        /**
         * A BadRequest whose message (lower case) contains a match of {@code message} is
         * {@code code}, with {@code explanation} before FSx's own text. Rules are tried in the
         * order given.
         */
        public Builder badRequest(Pattern message, Code code, String explanation) {
            rules.add(new BadRequestRule(message, code, explanation));
            return this;
        }

        public FsxErrors build() {
            return new FsxErrors(codes, rules);
        }
    }
}
