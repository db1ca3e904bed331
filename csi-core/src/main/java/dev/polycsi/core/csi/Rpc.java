package dev.polycsi.core.csi;

import com.google.protobuf.Message;
import dev.polycsi.core.telemetry.CallContext;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs one unary RPC: maps every outcome to a gRPC status (never UNKNOWN), logs one line with
 * the request, secrets removed, and measures it. While it runs, the thread's log context holds
 * the call's request id and the volume it is about ({@link CallContext}).
 */
final class Rpc {

    private static final Logger LOG = LogManager.getLogger("dev.polycsi.rpc");

    private final DriverMetrics metrics;

    Rpc(DriverMetrics metrics) {
        this.metrics = metrics;
    }

    <R extends Message> void run(String name, Message request, StreamObserver<R> observer, Supplier<R> body) {
        long started = System.nanoTime();
        DriverMetrics.RpcTimer timer = metrics.rpcStarted(name);
        try (CallContext call = CallContext.begin(LogFields.of(request))) {
            Status status = Status.OK;
            try {
                R response;
                try {
                    response = body.get();
                } catch (Throwable failure) {
                    status = toStatus(failure);
                    log(name, request, started, status, failure);
                    observer.onError(status.asRuntimeException());
                    return;
                }
                LogFields.learn(response);
                log(name, request, started, Status.OK, null);
                observer.onNext(response);
                observer.onCompleted();
            } finally {
                timer.ended(call.backend(), status.getCode().name());
            }
        }
    }

    /** The deadline of the call being served, as its caller set it; {@link Deadline#NONE} if it set none. */
    static Deadline deadline() {
        io.grpc.Deadline grpc = Context.current().getDeadline();
        return grpc == null ? Deadline.NONE : Deadline.after(Duration.ofNanos(Math.max(0, grpc.timeRemaining(TimeUnit.NANOSECONDS))));
    }

    static Status toStatus(Throwable failure) {
        if (failure instanceof CsiException csi) {
            return Status.fromCode(Status.Code.valueOf(csi.code().name())).withDescription(bounded(csi.getMessage()));
        }
        if (failure instanceof StatusRuntimeException grpc) {
            return grpc.getStatus().getCode() == Status.Code.UNKNOWN
                    ? Status.INTERNAL.withDescription(bounded(grpc.getStatus().getDescription()))
                    : grpc.getStatus().withDescription(bounded(grpc.getStatus().getDescription()));
        }
        return Status.INTERNAL.withDescription(bounded("internal error: " + failure));
    }

    /**
     * The most of a description an answer carries, in UTF-8 bytes. It travels in the trailers as
     * grpc-message, percent-encoded (up to three bytes per byte), and a client refuses trailers
     * past its header limit (grpc-java's 8 KiB) with an HTTP/2 error on the whole connection,
     * failing the other calls on it too: a message that echoes a megabyte of the request must not
     * be sent whole.
     */
    static final int MAX_DESCRIPTION_BYTES = 2048;

    static String bounded(String description) {
        if (description == null || description.length() <= MAX_DESCRIPTION_BYTES / 4
                || description.getBytes(StandardCharsets.UTF_8).length <= MAX_DESCRIPTION_BYTES) {
            return description;
        }
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        int limit = MAX_DESCRIPTION_BYTES - 64; // room for the note on what was left out
        for (int i = 0; i < description.length(); ) {
            int codePoint = description.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > limit) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return kept + "… (" + (description.length() - kept.length()) + " more characters)";
    }

    private static void log(String name, Message request, long started, Status status, Throwable failure) {
        Level level = levelFor(status.getCode());
        if (!LOG.isEnabled(level)) {
            return;
        }
        long micros = (System.nanoTime() - started) / 1_000;
        String outcome = status.isOk() ? "" : ": " + status.getDescription();
        String text = loggedRequest(request);
        if (status.getCode() == Status.Code.INTERNAL) {
            LOG.log(level, "{} -> {} in {} µs{}; request {{}}", name, status.getCode(), micros, outcome, text, failure);
        } else {
            LOG.log(level, "{} -> {} in {} µs{}; request {{}}", name, status.getCode(), micros, outcome, text);
        }
    }

    /**
     * The most of a request one log line shows, in characters: a caller that sends megabytes
     * (up to the server's message limit) gets one line of bounded size, not megabytes of log per call.
     */
    static final int MAX_LOGGED_REQUEST_CHARS = 8192;

    /** The request for a log line: secrets stripped, then cut to {@link #MAX_LOGGED_REQUEST_CHARS}. */
    static String loggedRequest(Message request) {
        String text = Redactor.toLogString(request);
        if (text.length() <= MAX_LOGGED_REQUEST_CHARS) {
            return text;
        }
        int end = MAX_LOGGED_REQUEST_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "… (" + (text.length() - end) + " more characters)";
    }

    private static Level levelFor(Status.Code code) {
        return switch (code) {
            case OK -> Level.DEBUG;
            case INTERNAL, UNKNOWN, DATA_LOSS -> Level.ERROR;
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> Level.WARN;
            default -> Level.INFO;
        };
    }
}
