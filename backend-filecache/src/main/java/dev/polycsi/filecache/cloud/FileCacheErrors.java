package dev.polycsi.filecache.cloud;

import dev.polycsi.aws.errors.AwsErrorMapper;
import dev.polycsi.spi.CsiException.Code;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * FSx's error codes of the File Cache calls, for the shared {@link AwsErrorMapper}: the one place
 * that turns an FSx failure into a {@link FileCacheCloudException}. Throttling
 * (ThrottlingException), InternalServerError, timeouts and credentials are the shared mapper's
 * (UNAVAILABLE after the SDK's retries). The FSx for Lustre backend has a table of its own: the
 * two share FSx's codes, not their meanings (no 6-hour rule here, other not-found codes).
 *
 * <p>Choices where FSx's code could map more than one way:
 * <ul>
 * <li>{@code IncompatibleParameterError} → ALREADY_EXISTS: on CreateFileCache it is a client
 *     token used before with other parameters, CSI's "name reused with another request". The
 *     controller resolves it first (look-up by name, next token generation), so a caller sees it
 *     only when that fails.</li>
 * <li>{@code BadRequest} about a cache that is CREATING or UPDATING (DeleteFileCache of a cache
 *     still being made) → ABORTED: it clears by itself and the sidecars retry it. Any other
 *     BadRequest → INVALID_ARGUMENT, except where the call says otherwise (DeleteFileCache:
 *     FAILED_PRECONDITION, about the cache's state rather than the request).</li>
 * <li>{@code ResourceNotFound} (ListTagsForResource) and {@code DataRepositoryAssociationNotFound}
 *     → NOT_FOUND, as {@code FileCacheNotFound}: the cache has gone between two calls.</li>
 * </ul>
 */
public final class FileCacheErrors {

    public static final String FILE_CACHE_NOT_FOUND = "FileCacheNotFound";
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";
    public static final String ASSOCIATION_NOT_FOUND = "DataRepositoryAssociationNotFound";
    public static final String BAD_REQUEST = "BadRequest";
    public static final String INCOMPATIBLE_PARAMETER = "IncompatibleParameterError";

    private static final Map<String, Code> CODES = Map.ofEntries(
            Map.entry(FILE_CACHE_NOT_FOUND, Code.NOT_FOUND),
            Map.entry(RESOURCE_NOT_FOUND, Code.NOT_FOUND),
            Map.entry(ASSOCIATION_NOT_FOUND, Code.NOT_FOUND),
            Map.entry(BAD_REQUEST, Code.INVALID_ARGUMENT),
            Map.entry(INCOMPATIBLE_PARAMETER, Code.ALREADY_EXISTS),
            Map.entry("ServiceLimitExceeded", Code.RESOURCE_EXHAUSTED),
            Map.entry("InvalidNetworkSettings", Code.INVALID_ARGUMENT),
            Map.entry("InvalidPerUnitStorageThroughput", Code.INVALID_ARGUMENT),
            Map.entry("MissingFileCacheConfiguration", Code.INVALID_ARGUMENT),
            Map.entry("UnsupportedOperation", Code.INVALID_ARGUMENT));

    private static final AwsErrorMapper<FileCacheCloudException> MAPPER = new AwsErrorMapper<>("FSx", "fsx", CODES,
            FileCacheCloudException.class, FileCacheCloudException::new);

    /** A cache in a passing state, which FSx does not act on until it has left it. */
    private static final Pattern PASSING_STATE = Pattern.compile(".*(already in progress|while in (creating|updating) state).*",
            Pattern.DOTALL);

    private FileCacheErrors() {
    }

    /** Runs one FSx call; a BadRequest that is not about a passing state is INVALID_ARGUMENT. */
    public static <T> T call(String what, Supplier<T> call) {
        return call(what, Code.INVALID_ARGUMENT, call);
    }

    /**
     * Runs one FSx call; {@code what} says what was being done, its first word the API action
     * (for the IAM hint), e.g. "CreateFileCache pvc-1". {@code otherBadRequest} is the code of a
     * BadRequest that is not about a cache in a passing state.
     */
    public static <T> T call(String what, Code otherBadRequest, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw map(what, otherBadRequest, e);
        }
    }

    static FileCacheCloudException map(String what, Code otherBadRequest, RuntimeException failure) {
        FileCacheCloudException mapped = MAPPER.map(what, failure);
        if (!mapped.awsErrorCode().equals(BAD_REQUEST)) {
            return mapped;
        }
        String message = failure instanceof AwsServiceException e && e.awsErrorDetails() != null
                ? e.awsErrorDetails().errorMessage() : failure.getMessage();
        return badRequest(what, message, otherBadRequest, failure);
    }

    /**
     * The failure a call gets when FSx answers {@code awsErrorCode} with {@code message}, as
     * {@link #call} makes it from the SDK's exception; for fakes of {@link FileCacheCloud}, so
     * that they fail as FSx does.
     */
    public static FileCacheCloudException error(String what, String awsErrorCode, String message) {
        if (awsErrorCode.equals(BAD_REQUEST)) {
            return badRequest(what, message, Code.INVALID_ARGUMENT, null);
        }
        return new FileCacheCloudException(MAPPER.codeFor(awsErrorCode, 400), awsErrorCode, what + ": " + awsErrorCode + ": " + message,
                null);
    }

    private static FileCacheCloudException badRequest(String what, String message, Code other, Throwable cause) {
        String text = message == null ? "" : message;
        if (PASSING_STATE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            return new FileCacheCloudException(Code.ABORTED, BAD_REQUEST, "%s: the cache is still changing state; retry once it has "
                    .formatted(what) + "(FSx: " + text + ")", cause);
        }
        return new FileCacheCloudException(other, BAD_REQUEST, what + ": " + BAD_REQUEST + ": " + text, cause);
    }

    /** Whether a mapped failure says the cache, or the resource asked about, does not exist. */
    static boolean isNotFound(RuntimeException failure) {
        return failure instanceof FileCacheCloudException e && (e.awsErrorCode().equals(FILE_CACHE_NOT_FOUND)
                || e.awsErrorCode().equals(RESOURCE_NOT_FOUND) || e.awsErrorCode().equals(ASSOCIATION_NOT_FOUND));
    }
}
