package dev.polycsi.aws.client;

import dev.polycsi.spi.metrics.AwsCall;
import dev.polycsi.spi.metrics.AwsCallObserver;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Turns the SDK's own account of each API call into an {@link AwsCall} for the driver's metrics:
 * its metric publisher gives the service, action, duration and every attempt with its error type
 * (so throttled attempts that a retry then got through are counted too); an interceptor adds the
 * error code the call ended with, which the SDK's metrics do not carry. The SDK fails the
 * interceptor before it publishes, on the calling thread, so the code waits in a thread-local.
 */
final class CallRecorder implements ExecutionInterceptor, MetricPublisher {

    private static final ThreadLocal<String> FAILURE = new ThreadLocal<>();

    /** The SDK's {@code ErrorType} metric value for an attempt its retry policy took as throttled. */
    private static final String THROTTLING = "Throttling";

    private final AwsCallObserver observer;

    CallRecorder(AwsCallObserver observer) {
        this.observer = observer;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        FAILURE.remove();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        FAILURE.set(errorCode(context.exception()));
    }

    @Override
    public void publish(MetricCollection call) {
        String failure = FAILURE.get();
        FAILURE.remove();
        try {
            String service = first(call, CoreMetric.SERVICE_ID).orElse("unknown");
            String action = first(call, CoreMetric.OPERATION_NAME).orElse("unknown");
            Duration duration = first(call, CoreMetric.API_CALL_DURATION).orElse(Duration.ZERO);
            boolean succeeded = first(call, CoreMetric.API_CALL_SUCCESSFUL).orElse(failure == null);
            int attempts = 0;
            int throttled = 0;
            for (MetricCollection child : call.children()) {
                if (child.name().equals("ApiCallAttempt")) {
                    attempts++;
                    if (child.metricValues(CoreMetric.ERROR_TYPE).contains(THROTTLING)) {
                        throttled++;
                    }
                }
            }
            attempts = Math.max(attempts, 1 + first(call, CoreMetric.RETRY_COUNT).orElse(0));
            Optional<String> error = succeeded ? Optional.empty() : Optional.of(failure == null ? "Unknown" : failure);
            observer.completed(new AwsCall(service, action, duration, attempts, Math.min(throttled, attempts), error));
        } catch (RuntimeException e) {
            // Metrics must never fail or slow down the call they describe.
        }
    }

    @Override
    public void close() {
    }

    /** AWS's code where the service answered; what went wrong otherwise, in a few fixed words. */
    static String errorCode(Throwable failure) {
        if (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null && !service.awsErrorDetails().errorCode().isBlank()) {
            return service.awsErrorDetails().errorCode();
        }
        if (failure instanceof AwsServiceException service) {
            return "HTTP" + service.statusCode();
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return "Timeout";
        }
        return "ConnectionError";
    }

    private static <T> Optional<T> first(MetricCollection call, software.amazon.awssdk.metrics.SdkMetric<T> metric) {
        List<T> values = call.metricValues(metric);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
    }
}
