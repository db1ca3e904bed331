package dev.polycsi.core.conformance;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A CSI client for tests: one gRPC channel to a unix socket, as the sidecars and the kubelet
 * use. Every stub carries a deadline, so that a hung driver fails a test instead of hanging it.
 */
public final class CsiClient implements AutoCloseable {

    /** The deadline of each call made through the stubs. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);

    private final Path socket;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;
    private final Duration deadline;

    public CsiClient(Path socket) {
        this(socket, DEFAULT_DEADLINE);
    }

    public CsiClient(Path socket, Duration deadline) {
        this.socket = socket;
        this.deadline = deadline;
        this.eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioDomainSocketChannel.class)
                .eventLoopGroup(eventLoop)
                .usePlaintext()
                // A socket path is no authority; the kubelet sends "localhost" too.
                .overrideAuthority("localhost")
                .build();
    }

    public Path socket() {
        return socket;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public IdentityGrpc.IdentityBlockingStub identity() {
        return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ControllerGrpc.ControllerBlockingStub controller() {
        return ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public NodeGrpc.NodeBlockingStub node() {
        return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls Probe until it answers ready=true. */
    public void waitUntilReady(Duration timeout) throws InterruptedException {
        waitUntilReady(timeout, () -> true);
    }

    /**
     * Polls Probe until it answers ready=true; gives up at once when {@code keepWaiting} says
     * so (e.g. the driver process has exited).
     *
     * @throws IllegalStateException with the last answer or error when the driver did not become ready
     */
    public void waitUntilReady(Duration timeout, BooleanSupplier keepWaiting) throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        String last = "no answer yet";
        while (true) {
            try {
                Csi.ProbeResponse probe = IdentityGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(2, TimeUnit.SECONDS)
                        .probe(Csi.ProbeRequest.getDefaultInstance());
                if (probe.hasReady() && probe.getReady().getValue()) {
                    return;
                }
                last = "Probe answered ready=" + (probe.hasReady() ? probe.getReady().getValue() : "(not set)");
            } catch (StatusRuntimeException e) {
                last = "Probe failed: " + e.getStatus();
            }
            if (!keepWaiting.getAsBoolean()) {
                throw new IllegalStateException("gave up waiting for the driver on " + socket + "; last: " + last);
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the driver on " + socket + " was not ready within " + timeout + "; last: " + last);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
