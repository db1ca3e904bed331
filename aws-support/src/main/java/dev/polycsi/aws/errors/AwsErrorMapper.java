package dev.polycsi.aws.errors;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Maps SDK failures of one service to {@code X}: the service's error code decides the CSI code
 * (its own table first, then {@link #COMMON}, then the HTTP status) and is kept in
 * {@link AwsCallException#awsErrorCode()}; the service's message is passed on, since it says
 * what was wrong. By the time a failure arrives here the SDK has retried throttling, 5xx and
 * connection errors, so those mean the service is not serving us now: UNAVAILABLE.
 *
 * <p>A call that timed out is DEADLINE_EXCEEDED rather than UNAVAILABLE: the service may have
 * done it, which is what gRPC says DEADLINE_EXCEEDED means; the sidecars retry both.
 *
 * @param <X> the exception the backend throws, e.g. its own subclass of {@link AwsCallException}
 */
public final class AwsErrorMapper<X extends AwsCallException> {

    /** Makes the backend's exception. */
    @FunctionalInterface
    public interface Factory<X> {
        X create(Code code, String awsErrorCode, String message, Throwable cause);
    }

    private static final Logger LOG = LogManager.getLogger(AwsErrorMapper.class);

    /** Codes that any AWS API may answer, whatever the service. */
    public static final Map<String, Code> COMMON = Map.ofEntries(
            // retried by the SDK already; still failing means the service is not serving us now
            Map.entry("RequestLimitExceeded", Code.UNAVAILABLE),
            Map.entry("Throttling", Code.UNAVAILABLE),
            Map.entry("ThrottlingException", Code.UNAVAILABLE),
            Map.entry("TooManyRequestsException", Code.UNAVAILABLE),
            Map.entry("RequestThrottled", Code.UNAVAILABLE),
            Map.entry("RequestThrottledException", Code.UNAVAILABLE),
            Map.entry("InternalError", Code.UNAVAILABLE),
            Map.entry("InternalFailure", Code.UNAVAILABLE),
            Map.entry("InternalServerError", Code.UNAVAILABLE),
            Map.entry("ServiceUnavailable", Code.UNAVAILABLE),
            Map.entry("ServiceUnavailableException", Code.UNAVAILABLE),
            Map.entry("Unavailable", Code.UNAVAILABLE),
            // who may do what
            Map.entry("AccessDenied", Code.PERMISSION_DENIED),
            Map.entry("AccessDeniedException", Code.PERMISSION_DENIED),
            Map.entry("OptInRequired", Code.PERMISSION_DENIED),
            Map.entry("InvalidClientTokenId", Code.UNAUTHENTICATED),
            Map.entry("UnrecognizedClientException", Code.UNAUTHENTICATED),
            Map.entry("SignatureDoesNotMatch", Code.UNAUTHENTICATED),
            Map.entry("IncompleteSignature", Code.UNAUTHENTICATED),
            Map.entry("MissingAuthenticationToken", Code.UNAUTHENTICATED),
            Map.entry("RequestExpired", Code.UNAUTHENTICATED),
            Map.entry("ExpiredToken", Code.UNAUTHENTICATED),
            Map.entry("ExpiredTokenException", Code.UNAUTHENTICATED));

    private final String service;
    private final String iamPrefix;
    private final Map<String, Code> codes;
    private final Class<X> type;
    private final Factory<X> factory;

    /**
     * @param service   the service's name in messages, e.g. "EC2"
     * @param iamPrefix the service's prefix in IAM actions, e.g. "ec2", to say which permission is missing
     * @param codes     the service's own codes; they take precedence over {@link #COMMON}
     * @param type      the backend's exception, passed through when a call throws it already
     * @param factory   makes one
     */
    public AwsErrorMapper(String service, String iamPrefix, Map<String, Code> codes, Class<X> type, Factory<X> factory) {
        this.service = service;
        this.iamPrefix = iamPrefix;
        Map<String, Code> all = new HashMap<>(COMMON);
        all.putAll(codes);
        this.codes = Map.copyOf(all);
        this.type = type;
        this.factory = factory;
    }

    /** The CSI code for a service error code; codes no table knows go by HTTP status. */
    public Code codeFor(String awsErrorCode, int httpStatus) {
        Code known = codes.get(awsErrorCode);
        if (known != null) {
            return known;
        }
        if (httpStatus == 429 || httpStatus >= 500) {
            return Code.UNAVAILABLE;
        }
        return httpStatus == 403 ? Code.PERMISSION_DENIED : Code.INTERNAL;
    }

    /** {@code what} says what was being done, e.g. "CreateVolume pvc-1"; its first word is the API action. */
    public X map(String what, RuntimeException failure) {
        if (type.isInstance(failure)) {
            return type.cast(failure);
        }
        return switch (failure) {
            case AwsServiceException e -> {
                String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
                String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
                Code csi = codeFor(code, e.statusCode());
                String hint = csi == Code.PERMISSION_DENIED ? "does the role allow %s:%s? ".formatted(iamPrefix, what.split(" ", 2)[0]) : "";
                yield factory.create(csi, code, what + ": " + hint + (code.isEmpty() ? "" : code + ": ") + message, e);
            }
            // before SdkClientException, which these extend
            case ApiCallTimeoutException e -> factory.create(Code.DEADLINE_EXCEEDED, "", what + ": " + service + " did not answer in time", e);
            case ApiCallAttemptTimeoutException e -> factory.create(Code.DEADLINE_EXCEEDED, "", what + ": " + service + " did not answer in time", e);
            case SdkClientException e -> factory.create(Code.UNAVAILABLE, "", what + ": cannot reach " + service + ": " + e.getMessage(), e);
            // a CSI failure from our own side of the call (a wait, a batch): same code, the backend's type
            case AwsCallException e -> factory.create(e.code(), e.awsErrorCode(), e.getMessage(), e);
            case CsiException e -> factory.create(e.code(), "", e.getMessage(), e);
            default -> factory.create(Code.INTERNAL, "", what + ": " + failure, failure);
        };
    }

    /** Runs one SDK call, mapping its failure. */
    public <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            X mapped = map(what, e);
            LOG.debug("{} failed: {} ({})", what, mapped.code(), mapped.awsErrorCode());
            throw mapped;
        }
    }
}
