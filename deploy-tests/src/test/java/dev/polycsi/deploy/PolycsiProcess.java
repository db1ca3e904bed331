package dev.polycsi.deploy;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * polycsi.jar run as a manifest runs it (the polycsi container's own arguments, its socket moved
 * into a test directory) against the AWS simulator, with a gRPC channel to its socket. Closing
 * stops it.
 */
final class PolycsiProcess implements AutoCloseable {

    private static final long READY_SECONDS = 60;
    private static final long CALL_SECONDS = 120;

    private final String name;
    private final Process process;
    private final Path log;
    private final Path socket;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    private PolycsiProcess(String name, Process process, Path log, Path socket) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.socket = socket;
        if (socket == null) {
            eventLoop = null;
            channel = null;
        } else {
            eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                    .channelType(NioDomainSocketChannel.class)
                    .overrideAuthority("localhost")
                    .eventLoopGroup(eventLoop)
                    .usePlaintext()
                    .build();
        }
    }

    /** {@code java -jar polycsi.jar ARGS}, its output in {@code dir/NAME.log}. */
    private static Process java(Path jar, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Repo.javaHome().resolve("bin/java").toString(), "-jar", jar.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The polycsi container of {@code workload}, serving on {@code dir/NAME.sock}, with
     * {@code simulation} (e.g. {@code --simulate}) added; returns once Probe says ready. Its
     * metrics are served on a free loopback port: tests run two at a time, and the manifests'
     * fixed ports (and the node's pod address) are the pod's, not this machine's.
     */
    static PolycsiProcess serve(Path jar, K8sObject workload, List<String> simulation, Path dir, String name) throws Exception {
        Path socket = dir.resolve(name + ".sock");
        List<String> args = new ArrayList<>();
        for (String arg : K8sObject.strings(workload.container(Installation.POLYCSI), "args")) {
            if (arg.startsWith("--endpoint=")) {
                args.add("--endpoint=unix://" + socket);
            } else if (arg.startsWith("--metrics-address=") || arg.startsWith("--http-endpoint=")) {
                args.add("--metrics-address=127.0.0.1:0");
            } else {
                args.add(arg);
            }
        }
        args.addAll(simulation);
        Path log = dir.resolve(name + ".log");
        PolycsiProcess polycsi = new PolycsiProcess(workload + " (" + name + ")", java(jar, args, log), log, socket);
        try {
            polycsi.awaitReady();
        } catch (Exception | Error e) {
            polycsi.close();
            throw e;
        }
        return polycsi;
    }

    /**
     * {@code polycsi simulator}, which the controller and the node join with
     * {@code --simulator-url}, so that they share one simulated AWS account as they share AWS.
     */
    static Simulator simulator(Path jar, Path dataDir, Path dir) throws Exception {
        Path log = dir.resolve("simulator.log");
        Path endpoint = dir.resolve("simulator.endpoint");
        List<String> command = new ArrayList<>(List.of(Repo.javaHome().resolve("bin/java").toString(), "-jar", jar.toString(),
                "simulator", "--simulator-data", dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(endpoint.toFile()).start();
        PolycsiProcess simulator = new PolycsiProcess("simulator", process, log, null);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
            while (System.nanoTime() < deadline) {
                simulator.requireAlive();
                String printed = Files.readString(endpoint).strip();
                if (!printed.isEmpty()) {
                    return new Simulator(simulator, printed);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the simulator printed no endpoint:\n" + Files.readString(log));
        } catch (Exception | Error e) {
            simulator.close();
            throw e;
        }
    }

    /** A running simulator and the URL it serves on. */
    record Simulator(PolycsiProcess process, String url) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            requireAlive();
            if (Files.exists(socket)) {
                try {
                    Csi.ProbeResponse probe = IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .probe(Csi.ProbeRequest.getDefaultInstance());
                    if (probe.getReady().getValue()) {
                        return;
                    }
                } catch (StatusRuntimeException notYet) {
                    // The socket exists before the server answers on it.
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not become ready:\n" + log());
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + log());
        }
    }

    /** What the process printed, for failure messages. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint, as {@code polycsi client --endpoint} takes it. */
    String endpoint() {
        return "unix://" + socket;
    }

    ControllerGrpc.ControllerBlockingStub controller() {
        return ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    NodeGrpc.NodeBlockingStub node() {
        return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
            eventLoop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
