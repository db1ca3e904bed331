package dev.polycsi.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.BoolValue;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CsiServerTest {

    private Path dir;
    private EventLoopGroup clientLoop;

    @BeforeEach
    void setUp() throws IOException {
        // Short, private path: unix socket paths are limited to 107 bytes.
        dir = Files.createTempDirectory("csi-server-");
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() throws IOException {
        clientLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void parsesEndpoints() {
        assertEquals(new Endpoint.Unix(Path.of("/csi/csi.sock")), Endpoint.parse("unix:///csi/csi.sock"));
        assertEquals(new Endpoint.Tcp("127.0.0.1", 10000), Endpoint.parse("tcp://127.0.0.1:10000"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("unix://relative/csi.sock"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("tcp://127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("/csi/csi.sock"));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> Endpoint.parse("unix:///" + "d".repeat(120) + "/csi.sock"));
        assertTrue(tooLong.getMessage().contains("107 bytes"), tooLong.getMessage());
    }

    @Test
    void servesOnAUnixSocketThatOnlyOwnerAndGroupMayUse() throws Exception {
        Path socket = dir.resolve("csi.sock");
        AtomicBoolean virtual = new AtomicBoolean();
        try (CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(new Identity(virtual, null)))) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            ManagedChannel channel = channel(socket);
            try {
                assertTrue(IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()).getReady().getValue());
                assertTrue(virtual.get(), "calls must run on virtual threads");
            } finally {
                channel.shutdownNow();
            }
        }
        assertFalse(Files.exists(socket), "the socket is removed on shutdown");
    }

    @Test
    void replacesAStaleSocketFile() throws Exception {
        Path socket = dir.resolve("csi.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "closing a unix server socket leaves its file behind");
        try (CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(new Identity(new AtomicBoolean(), null)))) {
            ManagedChannel channel = channel(socket);
            try {
                assertTrue(IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()).hasReady());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void refusesASocketAnotherProcessServesOn() throws Exception {
        Path socket = dir.resolve("csi.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            IOException e = assertThrows(IOException.class,
                    () -> CsiServer.start(new Endpoint.Unix(socket), List.of(new Identity(new AtomicBoolean(), null))));
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
        }
    }

    @Test
    void refusesASocketDirectoryThatEveryUserMayWriteTo() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class,
                () -> CsiServer.start(new Endpoint.Unix(open.resolve("csi.sock")), List.of(new Identity(new AtomicBoolean(), null))));
        assertTrue(e.getMessage().contains("chmod o-w " + open), e.getMessage());
        assertFalse(Files.exists(open.resolve("csi.sock")));

        // With the sticky bit (as /tmp has), others may not remove or rename what is in it.
        Files.setAttribute(open, "unix:mode", 01777);
        try (CsiServer server = CsiServer.start(new Endpoint.Unix(open.resolve("csi.sock")), List.of(new Identity(new AtomicBoolean(), null)))) {
            assertTrue(Files.exists(open.resolve("csi.sock")));
        }
    }

    @Test
    void neverReplacesAFileThatIsNotASocket() throws Exception {
        Path notASocket = dir.resolve("csi.sock");
        Files.writeString(notASocket, "precious");
        IOException e = assertThrows(IOException.class,
                () -> CsiServer.start(new Endpoint.Unix(notASocket), List.of(new Identity(new AtomicBoolean(), null))));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(notASocket));
    }

    @Test
    void shutdownLetsACallInFlightFinish() throws Exception {
        Path socket = dir.resolve("csi.sock");
        CountDownLatch release = new CountDownLatch(1);
        Identity slow = new Identity(new AtomicBoolean(), release);
        CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(slow));
        ManagedChannel channel = channel(socket);
        try {
            CompletableFuture<Csi.ProbeResponse> call = CompletableFuture.supplyAsync(
                    () -> IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()));
            assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(20)));
            Thread.sleep(200);
            assertFalse(drained.isDone(), "shutdown waits for the call in flight");
            release.countDown();
            assertTrue(call.get(10, TimeUnit.SECONDS).getReady().getValue());
            assertTrue(drained.get(10, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
            server.close();
        }
    }

    @Test
    void shutdownCancelsCallsThatOutlastTheGrace() throws Exception {
        Path socket = dir.resolve("csi.sock");
        Identity stuck = new Identity(new AtomicBoolean(), new CountDownLatch(1));
        CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(stuck));
        ManagedChannel channel = channel(socket);
        try {
            CompletableFuture<Csi.ProbeResponse> call = CompletableFuture.supplyAsync(
                    () -> IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()));
            assertTrue(stuck.entered.await(10, TimeUnit.SECONDS));
            assertFalse(server.shutdown(Duration.ofMillis(200)));
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            Status.Code code = ((StatusRuntimeException) failure.getCause()).getStatus().getCode();
            assertTrue(code == Status.Code.CANCELLED || code == Status.Code.UNAVAILABLE, code.toString());
        } finally {
            channel.shutdownNow();
        }
    }

    /** Found by the hostile-input campaign: grpc-java answers a request it cannot parse with UNKNOWN. */
    @Test
    void aRequestThatDoesNotParseIsInvalidArgumentAndTheServerServesOn() throws Exception {
        Path socket = dir.resolve("csi.sock");
        try (CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(new Identity(new AtomicBoolean(), null)))) {
            ManagedChannel channel = channel(socket);
            try {
                io.grpc.MethodDescriptor.Marshaller<byte[]> bytes = new io.grpc.MethodDescriptor.Marshaller<>() {
                    @Override
                    public java.io.InputStream stream(byte[] value) {
                        return new java.io.ByteArrayInputStream(value);
                    }

                    @Override
                    public byte[] parse(java.io.InputStream stream) {
                        try {
                            return stream.readAllBytes();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                };
                var probe = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder().setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(IdentityGrpc.getProbeMethod().getFullMethodName()).setRequestMarshaller(bytes)
                        .setResponseMarshaller(bytes).build();
                // field 1 with wire type 7, which does not exist; a length past the end; a varint of 11 bytes
                for (byte[] malformed : List.of(new byte[] {0x0f, 0x01}, new byte[] {0x0a, 0x7f, 'a'},
                        new byte[] {0x08, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01})) {
                    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> io.grpc.stub.ClientCalls.blockingUnaryCall(
                            channel, probe, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), malformed));
                    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
                    assertTrue(e.getStatus().getDescription().startsWith("the request is not a valid csi.v1.ProbeRequest: "),
                            e.getStatus().getDescription());
                }
                assertTrue(IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()).getReady().getValue());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void servesOnTcpForDebugging() throws Exception {
        try (CsiServer server = CsiServer.start(new Endpoint.Tcp("127.0.0.1", 0), List.of(new Identity(new AtomicBoolean(), null)))) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                assertTrue(IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()).getReady().getValue());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioDomainSocketChannel.class)
                .eventLoopGroup(clientLoop)
                .usePlaintext()
                .build();
    }

    /** Probe that records whether it ran on a virtual thread and, if given a latch, waits on it. */
    private static final class Identity extends IdentityGrpc.IdentityImplBase {
        final CountDownLatch entered = new CountDownLatch(1);
        private final AtomicBoolean virtual;
        private final CountDownLatch release;

        Identity(AtomicBoolean virtual, CountDownLatch release) {
            this.virtual = virtual;
            this.release = release;
        }

        @Override
        public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> observer) {
            virtual.set(Thread.currentThread().isVirtual());
            entered.countDown();
            if (release != null) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    observer.onError(Status.CANCELLED.asRuntimeException());
                    return;
                }
            }
            observer.onNext(Csi.ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
            observer.onCompleted();
        }
    }
}
