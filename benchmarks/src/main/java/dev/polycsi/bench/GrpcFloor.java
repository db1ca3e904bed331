package dev.polycsi.bench;

import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import com.google.protobuf.BoolValue;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * The floor under the node's footprint that gRPC sets: a CSI node plugin served by grpc-java as
 * polycsi's {@code CsiServer} serves it (grpc-netty-shaded, epoll where available, a unix socket,
 * one boss and one worker event loop, calls on virtual threads) and nothing else: no Guice, no
 * Log4j (Netty logs to java.util.logging, left at its defaults), no picocli, no backends.
 *
 * <p>It answers GetPluginInfo, GetPluginCapabilities, Probe (ready), NodeGetCapabilities
 * (GET_VOLUME_STATS), NodeGetInfo (a fixed node id and zone) and NodeGetVolumeStats from the
 * path's {@link FileStore} (statvfs: total, available and used bytes; no inode counts, which
 * FileStore does not give); every other RPC is UNIMPLEMENTED.
 *
 * <pre>java FLAGS -cp polycsi.jar:floor.jar dev.polycsi.bench.GrpcFloor --endpoint unix:///path/csi.sock</pre>
 *
 * Prints "listening on ENDPOINT after N ms" as the driver does; SIGTERM stops it with exit 0.
 */
public final class GrpcFloor {

    /** gRPC's shaded Netty reads its io.netty.* properties under the shaded prefix. */
    private static final String NETTY = "io.grpc.netty.shaded.io.netty.";
    static final String NODE_ID = "i-0123456789abcdef0";
    static final String ZONE_KEY = "topology.kubernetes.io/zone";
    static final String ZONE = "us-east-1a";

    private GrpcFloor() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        // As polycsi's main does: Netty's JFR events would otherwise build JFR's event metadata
        // (about 5 MiB), and pooled buffers would hold memory CSI's few small calls never need.
        for (String[] property : new String[][] {{NETTY + "jfr.enabled", "false"}, {NETTY + "allocator.type", "unpooled"}}) {
            if (System.getProperty(property[0]) == null) {
                System.setProperty(property[0], property[1]);
            }
        }
        // Log4j and SLF4J are in polycsi.jar, and Netty would pick them; the floor has none.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        String endpoint = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--endpoint") && i + 1 < args.length) {
                endpoint = args[++i];
            } else if (args[i].startsWith("--endpoint=")) {
                endpoint = args[i].substring("--endpoint=".length());
            }
        }
        if (endpoint == null || !endpoint.startsWith("unix://")) {
            System.err.println("usage: GrpcFloor --endpoint unix:///PATH");
            System.exit(2);
        }
        Path socket = Path.of(endpoint.substring("unix://".length()));

        // CsiServer.start, without its stale-socket handling (the benchmark gives a fresh directory).
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, io);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Files.createDirectories(socket.getParent());
        Server server = (epoll
                ? NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString())).channelType(EpollServerDomainSocketChannel.class)
                : NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(socket)).channelType(NioServerDomainSocketChannel.class))
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .bossEventLoopGroup(boss).workerEventLoopGroup(workers).executor(executor)
                .addService(new Identity())
                .addService(new Node())
                .build().start();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));

        // The driver drains on SIGTERM and exits 0; so does this, with the same mechanism.
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        System.out.printf("grpc floor listening on %s after %d ms (%s)%n", endpoint, (System.nanoTime() - started) / 1_000_000,
                epoll ? "epoll" : "nio");
        System.out.flush();
        stop.await();
        server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        executor.shutdownNow();
        Files.deleteIfExists(socket);
        System.exit(0);
    }

    static final class Identity extends IdentityGrpc.IdentityImplBase {
        @Override
        public void getPluginInfo(Csi.GetPluginInfoRequest request, StreamObserver<Csi.GetPluginInfoResponse> observer) {
            observer.onNext(Csi.GetPluginInfoResponse.newBuilder().setName("floor.polycsi.dev").setVendorVersion("0").build());
            observer.onCompleted();
        }

        @Override
        public void getPluginCapabilities(Csi.GetPluginCapabilitiesRequest request, StreamObserver<Csi.GetPluginCapabilitiesResponse> observer) {
            observer.onNext(Csi.GetPluginCapabilitiesResponse.newBuilder()
                    .addCapabilities(Csi.PluginCapability.newBuilder().setService(Csi.PluginCapability.Service.newBuilder()
                            .setType(Csi.PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS)))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> observer) {
            observer.onNext(Csi.ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
            observer.onCompleted();
        }
    }

    static final class Node extends NodeGrpc.NodeImplBase {
        @Override
        public void nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest request, StreamObserver<Csi.NodeGetCapabilitiesResponse> observer) {
            observer.onNext(Csi.NodeGetCapabilitiesResponse.newBuilder()
                    .addCapabilities(Csi.NodeServiceCapability.newBuilder().setRpc(Csi.NodeServiceCapability.RPC.newBuilder()
                            .setType(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS)))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void nodeGetInfo(Csi.NodeGetInfoRequest request, StreamObserver<Csi.NodeGetInfoResponse> observer) {
            observer.onNext(Csi.NodeGetInfoResponse.newBuilder()
                    .setNodeId(NODE_ID)
                    .setAccessibleTopology(Csi.Topology.newBuilder().putSegments(ZONE_KEY, ZONE))
                    .build());
            observer.onCompleted();
        }

        /** statvfs of the path, through FileStore; no mount check (the node's is against /proc/self/mountinfo). */
        @Override
        public void nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest request, StreamObserver<Csi.NodeGetVolumeStatsResponse> observer) {
            Path path = Path.of(request.getVolumePath());
            if (request.getVolumePath().isEmpty() || !path.isAbsolute() || !Files.exists(path)) {
                observer.onError(Status.NOT_FOUND.withDescription("no such path: " + request.getVolumePath()).asRuntimeException());
                return;
            }
            try {
                FileStore store = Files.getFileStore(path);
                long total = store.getTotalSpace();
                long available = store.getUsableSpace();
                observer.onNext(Csi.NodeGetVolumeStatsResponse.newBuilder()
                        .addUsage(Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.BYTES)
                                .setTotal(total).setAvailable(available).setUsed(total - store.getUnallocatedSpace()))
                        .build());
                observer.onCompleted();
            } catch (IOException e) {
                observer.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
        }
    }
}
