package dev.polycsi.simulator.http;

/**
 * An error as AWS reports it: HTTP status, error code (e.g. {@code InvalidVolume.NotFound})
 * and message. Each service renders it in its own protocol.
 */
public final class AwsError extends RuntimeException {

    private final int status;
    private final String code;

    public AwsError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AwsError badRequest(String code, String format, Object... args) {
        return new AwsError(400, code, format.formatted(args));
    }

    public static AwsError notFound(String code, String format, Object... args) {
        return new AwsError(404, code, format.formatted(args));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
