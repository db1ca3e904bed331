package dev.polycsi.core.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The gRPC server on a unix socket (or TCP for debugging). Calls run on virtual threads, so a
 * backend may block on AWS or a mount command without holding a platform thread.
 */
public final class CsiServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(CsiServer.class);

    private final Server server;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService executor;
    private final Endpoint endpoint;

    private CsiServer(Server server, EventLoopGroup bossGroup, EventLoopGroup workerGroup, ExecutorService executor, Endpoint endpoint) {
        this.server = server;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.executor = executor;
        this.endpoint = endpoint;
    }

    /** Binds and starts serving; a unix socket is made accessible to its owner and group only. */
    public static CsiServer start(Endpoint endpoint, List<BindableService> services) throws IOException {
        // Netty's native epoll transport answers a call sooner than NIO (see benchmarks/). gRPC loads
        // its library at start-up either way; where it cannot (it ships for linux x86_64 and aarch64
        // only, and is unpacked to java.io.tmpdir), NIO serves instead.
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, io);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        NettyServerBuilder builder = switch (endpoint) {
            case Endpoint.Unix unix -> {
                prepareSocketPath(unix.path());
                yield (epoll
                        ? NettyServerBuilder.forAddress(new DomainSocketAddress(unix.path().toString()))
                                .channelType(EpollServerDomainSocketChannel.class)
                        : NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(unix.path()))
                                .channelType(NioServerDomainSocketChannel.class))
                        // Not a TCP socket: Netty would warn about this option on every connection.
                        .withChildOption(ChannelOption.SO_KEEPALIVE, null);
            }
            case Endpoint.Tcp tcp -> NettyServerBuilder.forAddress(tcp.address())
                    .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
        };
        builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).executor(executor);
        // A request that does not parse is INVALID_ARGUMENT, not grpc-java's UNKNOWN.
        services.forEach(service -> builder.addService(MalformedRequests.guard(service.bindService())));
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            executor.close();
            throw e;
        }
        if (endpoint instanceof Endpoint.Unix unix) {
            Files.setPosixFilePermissions(unix.path(), PosixFilePermissions.fromString("rw-rw----"));
        }
        LOG.info("serving CSI on {}", endpoint);
        return new CsiServer(server, boss, workers, executor, endpoint);
    }

    /**
     * A socket file left by a previous run is removed; one that a running process still
     * answers on is not (two drivers on one socket would be worse than failing); a file that
     * is not a socket is never touched.
     */
    static void prepareSocketPath(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        requireOnlyOwnerMayReplace(path.getParent());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!"socket".equals(fileType(path))) {
            throw new IOException(path + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("another process is serving on " + path);
        } catch (IOException refused) {
            if (refused.getMessage() != null && refused.getMessage().startsWith("another process")) {
                throw refused;
            }
            LOG.info("removing stale socket {}", path);
            Files.delete(path);
        }
    }

    /**
     * The kubelet trusts whatever answers on the socket: in a directory that every user may write
     * to (without the sticky bit, which keeps others from removing or renaming our file), anyone
     * on the host could put their own socket in its place and be asked to mount volumes.
     */
    private static void requireOnlyOwnerMayReplace(Path directory) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(directory, "unix:mode");
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes to judge by on this file system
        }
        boolean othersWrite = (mode & 0002) != 0;
        boolean sticky = (mode & 01000) != 0;
        if (othersWrite && !sticky) {
            throw new IOException(directory + " is writable by every user, so anyone on this host could replace the CSI socket "
                    + "in it; remove that permission (chmod o-w " + directory + ") or serve from another directory");
        }
    }

    private static String fileType(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int type = ((Integer) mode) & 0170000;
        return type == 0140000 ? "socket" : "other";
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** For tcp://HOST:0: the port actually bound. */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops accepting calls, lets those in flight finish for at most {@code grace}, then
     * cancels the rest. Returns whether everything finished in time.
     */
    public boolean shutdown(Duration grace) {
        server.shutdown();
        boolean drained;
        try {
            drained = server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            if (!drained) {
                LOG.warn("calls still running after {} ms; cancelling them", grace.toMillis());
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
            drained = false;
        }
        bossGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        workerGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        executor.shutdownNow();
        if (endpoint instanceof Endpoint.Unix unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                LOG.warn("cannot remove socket {}: {}", unix.path(), e.getMessage());
            }
        }
        return drained;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
