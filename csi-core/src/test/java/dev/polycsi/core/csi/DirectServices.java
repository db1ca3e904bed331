package dev.polycsi.core.csi;

import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.ParameterSchema;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The core's services called directly on the test's thread, without gRPC in between: what a
 * call leaves on its thread (log context, the backend it was routed to) can be looked at right
 * after it, and the metrics it reported are complete when it returns.
 */
final class DirectServices implements AutoCloseable {

    final BackendRegistry registry;
    final FakeMounter mounter = new FakeMounter();
    final ControllerService controller;
    final NodeService node;
    final IdentityService identity;

    DirectServices(Path dir, DriverMetrics metrics, List<BackendFactory> factories) throws Exception {
        List<DiscoveredBackend> discovered = factories.stream()
                .map(f -> new DiscoveredBackend(f, DirectServices.class.getClassLoader(), "test (" + f.name() + ")"))
                .toList();
        registry = new BackendRegistry(discovered, Map.of(), InProcessDriver.DRIVER_NAME, InProcessDriver.NODE_ID,
                Set.of(BackendContext.Role.CONTROLLER, BackendContext.Role.NODE), mounter, AwsAccess.DEFAULT,
                dir.resolve("by-id"), metrics);
        InFlight inFlight = new InFlight();
        controller = new ControllerService(registry, inFlight, ProvisionerFsType.NONE);
        node = new NodeService(registry, inFlight, mounter, InProcessDriver.NODE_ID);
        identity = new IdentityService(InProcessDriver.DRIVER_NAME, InProcessDriver.VERSION, true, registry);
        registry.start().get(30, TimeUnit.SECONDS);
    }

    /** {@code factory}, handing the context it gets to {@code keep}: what a backend sees of the core. */
    static BackendFactory keepingContext(BackendFactory factory, Consumer<BackendContext> keep) {
        return new BackendFactory() {
            @Override
            public String name() {
                return factory.name();
            }

            @Override
            public ParameterSchema volumeParameters() {
                return factory.volumeParameters();
            }

            @Override
            public Backend create(BackendContext context) throws Exception {
                keep.accept(context);
                return factory.create(context);
            }
        };
    }

    /** One call, answered before this returns. */
    static <Q, R> Answer<R> call(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        Answer<R> answer = new Answer<>();
        method.accept(request, answer);
        return answer;
    }

    @Override
    public void close() {
        registry.close();
    }

    /** What a call answered: a value, or a status. */
    static final class Answer<R> implements StreamObserver<R> {
        R value;
        Status status;

        @Override
        public void onNext(R value) {
            this.value = value;
        }

        @Override
        public void onError(Throwable failure) {
            status = Status.fromThrowable(failure);
        }

        @Override
        public void onCompleted() {
            status = Status.OK;
        }

        Status.Code code() {
            return status.getCode();
        }

        /** The value; fails the test with the status if the call failed. */
        R ok() {
            if (!status.isOk()) {
                throw new AssertionError("expected OK, got " + status);
            }
            return value;
        }
    }
}
