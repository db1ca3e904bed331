package dev.polycsi.spi;

/**
 * The one error type a backend throws. The core turns it into the gRPC status of the same name;
 * any other exception becomes INTERNAL with its cause logged.
 */
public class CsiException extends RuntimeException {

    private final Code code;

    public CsiException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public CsiException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static CsiException invalidArgument(String format, Object... args) {
        return new CsiException(Code.INVALID_ARGUMENT, format.formatted(args));
    }

    public static CsiException notFound(String format, Object... args) {
        return new CsiException(Code.NOT_FOUND, format.formatted(args));
    }

    public static CsiException alreadyExists(String format, Object... args) {
        return new CsiException(Code.ALREADY_EXISTS, format.formatted(args));
    }

    public static CsiException failedPrecondition(String format, Object... args) {
        return new CsiException(Code.FAILED_PRECONDITION, format.formatted(args));
    }

    public static CsiException resourceExhausted(String format, Object... args) {
        return new CsiException(Code.RESOURCE_EXHAUSTED, format.formatted(args));
    }

    public static CsiException outOfRange(String format, Object... args) {
        return new CsiException(Code.OUT_OF_RANGE, format.formatted(args));
    }

    public static CsiException unavailable(String format, Object... args) {
        return new CsiException(Code.UNAVAILABLE, format.formatted(args));
    }

    public static CsiException aborted(String format, Object... args) {
        return new CsiException(Code.ABORTED, format.formatted(args));
    }

    public static CsiException internal(String format, Object... args) {
        return new CsiException(Code.INTERNAL, format.formatted(args));
    }

    public static CsiException unimplemented(String format, Object... args) {
        return new CsiException(Code.UNIMPLEMENTED, format.formatted(args));
    }

    /** The gRPC status codes a CSI plugin returns; same names as {@code io.grpc.Status.Code}. */
    public enum Code {
        INVALID_ARGUMENT,
        NOT_FOUND,
        ALREADY_EXISTS,
        PERMISSION_DENIED,
        RESOURCE_EXHAUSTED,
        FAILED_PRECONDITION,
        ABORTED,
        OUT_OF_RANGE,
        UNIMPLEMENTED,
        INTERNAL,
        UNAVAILABLE,
        DEADLINE_EXCEEDED,
        UNAUTHENTICATED
    }
}
