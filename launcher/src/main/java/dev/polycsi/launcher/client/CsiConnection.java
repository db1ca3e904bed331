package dev.polycsi.launcher.client;

import csi.v1.ControllerGrpc;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import dev.polycsi.core.server.Endpoint;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext gRPC channel to a CSI endpoint, on an event loop of its own so that closing the
 * connection leaves no thread behind. Every stub it hands out carries the deadline.
 */
final class CsiConnection implements AutoCloseable {

    /** A ListVolumes page of thousands of volumes is more than gRPC's default 4 MiB. */
    private static final int MAX_RESPONSE_BYTES = 64 << 20;

    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;
    private final Duration deadline;

    private CsiConnection(EventLoopGroup eventLoop, ManagedChannel channel, Duration deadline) {
        this.eventLoop = eventLoop;
        this.channel = channel;
        this.deadline = deadline;
    }

    /** Connects lazily: nothing is dialled until the first call. */
    static CsiConnection open(Endpoint endpoint, Duration deadline) {
        EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        NettyChannelBuilder builder = switch (endpoint) {
            case Endpoint.Unix unix -> NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(unix.path()))
                    .channelType(NioDomainSocketChannel.class)
                    // A socket path is no authority; the kubelet sends "localhost" too.
                    .overrideAuthority("localhost");
            case Endpoint.Tcp tcp -> NettyChannelBuilder.forAddress(tcp.address())
                    .channelType(NioSocketChannel.class);
        };
        ManagedChannel channel = builder.eventLoopGroup(eventLoop)
                .usePlaintext()
                .maxInboundMessageSize(MAX_RESPONSE_BYTES)
                .build();
        return new CsiConnection(eventLoop, channel, deadline);
    }

    IdentityGrpc.IdentityBlockingStub identity() {
        return IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    ControllerGrpc.ControllerBlockingStub controller() {
        return ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    NodeGrpc.NodeBlockingStub node() {
        return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
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
