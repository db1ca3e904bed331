package dev.polycsi.bench;

import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up, idle memory and Probe latency of {@code polycsi node}, for several sets of JVM flags.
 * A benchmark, not a test: it asserts nothing and is never run by the build.
 *
 * <p>For each variant and each run it starts {@code java FLAGS -jar polycsi.jar node ...} on a
 * fresh unix socket, polls Probe until it answers {@code ready: true} (start-to-ready is measured
 * from just before the process is spawned), lets the process sit idle and reads its resident
 * memory from {@code /proc/PID/status}, times sequential Probe calls after a warm-up, and stops
 * the process with SIGTERM. Each figure in the table is the median over the runs.
 *
 * <p>A variant whose flags name an archive that does not exist yet ({@code -XX:AOTCache=FILE},
 * or {@code -XX:SharedArchiveFile=FILE} with {@code -XX:+AutoCreateSharedArchive}) first gets
 * one training run that writes it: for the AOT cache that run uses {@code -XX:AOTCacheOutput=FILE}
 * (JEP 514) instead; the archive is written when the trained process exits.
 */
public final class StartupBenchmark {

    private static final String USAGE = """
            usage: StartupBenchmark POLYCSI_JAR PLUGIN_DIR [options] NAME=FLAGS...
              NAME=FLAGS         a variant: a name and the JVM flags, split on spaces ("default=" for none)
              --runs N           runs per variant; the table shows the median (default 5)
              --warmup N         Probe calls before timing (default 20000)
              --calls N          timed Probe calls (default 20000)
              --idle-ms N        idle time before reading the resident memory (default 3000)
              --client nio|epoll the benchmark's own gRPC transport (default nio)
              --java PATH        the java to start the node with (default: this JVM's)
              --work-dir DIR     where sockets, logs and backend roots go (default: a new temp dir, removed at the end)
              --keep             say where the work dir is, and keep it
              -- ARG...          further arguments for 'polycsi node'
            """;

    private static final Pattern LISTENING = Pattern.compile("listening on \\S+ after (\\d+) ms");

    private final Path jar;
    private final Path pluginDir;
    private final List<Variant> variants = new ArrayList<>();
    private final List<String> extraNodeArgs = new ArrayList<>();
    private int runs = 5;
    private int warmup = 20_000;
    private int calls = 20_000;
    private long idleMillis = 3_000;
    private String client = "nio";
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private Path workDir;
    private boolean keep;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    record Variant(String name, List<String> flags) {
        String flagText() {
            return flags.isEmpty() ? "(none)" : String.join(" ", flags);
        }
    }

    /** One run's figures; NaN where not measured. */
    record Result(double readyMillis, double cpuMillis, double inProcessMillis, double rssMiB, double rssAnonMiB, double rssFileMiB,
                  int threads, double medianMicros, double p99Micros, double exitMillis, int exitCode) {
    }

    private StartupBenchmark(Path jar, Path pluginDir) {
        this.jar = jar.toAbsolutePath();
        this.pluginDir = pluginDir.toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        // log4j-api is on this class path (through csi-core) without a provider; Netty would pick it and complain.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        if (args.length < 3 || Arrays.asList(args).contains("--help")) {
            System.err.print(USAGE);
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        StartupBenchmark bench = new StartupBenchmark(Path.of(args[0]), Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--runs" -> bench.runs = Integer.parseInt(args[++i]);
                case "--warmup" -> bench.warmup = Integer.parseInt(args[++i]);
                case "--calls" -> bench.calls = Integer.parseInt(args[++i]);
                case "--idle-ms" -> bench.idleMillis = Long.parseLong(args[++i]);
                case "--client" -> bench.client = args[++i];
                case "--java" -> bench.java = Path.of(args[++i]);
                case "--work-dir" -> bench.workDir = Path.of(args[++i]);
                case "--keep" -> bench.keep = true;
                case "--" -> {
                    bench.extraNodeArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> {
                    int eq = arg.indexOf('=');
                    if (arg.startsWith("-") || eq <= 0) {
                        System.err.println("not an option nor NAME=FLAGS: " + arg);
                        System.err.print(USAGE);
                        System.exit(2);
                    }
                    String flags = arg.substring(eq + 1).strip();
                    bench.variants.add(new Variant(arg.substring(0, eq),
                            flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"))));
                }
            }
        }
        if (!Files.isRegularFile(bench.jar) || !Files.isDirectory(bench.pluginDir)) {
            System.err.println("no such jar or plugin directory: " + bench.jar + ", " + bench.pluginDir);
            System.exit(2);
        }
        if (!bench.client.equals("nio") && !bench.client.equals("epoll")) {
            System.err.println("--client: nio or epoll");
            System.exit(2);
        }
        if (bench.client.equals("epoll") && !Epoll.isAvailable()) {
            System.err.println("--client epoll: epoll is not available here: " + Epoll.unavailabilityCause());
            System.exit(2);
        }
        bench.run();
    }

    private void run() throws Exception {
        boolean temporary = workDir == null;
        if (temporary) {
            workDir = Files.createTempDirectory("polycsi-bench-");
        } else {
            Files.createDirectories(workDir);
        }
        EventLoopGroup group = client.equals("epoll")
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            header();
            warmUpClient(group);
            for (Variant variant : variants) {
                train(variant, group);
            }
            // Round-robin over the variants, so that other load on the machine falls on all of them alike.
            List<List<Result>> all = new ArrayList<>();
            variants.forEach(v -> all.add(new ArrayList<>()));
            for (int i = 1; i <= runs; i++) {
                for (int v = 0; v < variants.size(); v++) {
                    Variant variant = variants.get(v);
                    Result r = runOnce(variant, i, group, false);
                    progress.printf(Locale.ROOT, "  %s run %d: ready %.0f ms (CPU %.0f ms, in-process %.0f ms), RSS %.1f MiB, Probe p50 %.1f µs p99 %.1f µs, exit %d in %.0f ms%n",
                            variant.name(), i, r.readyMillis(), r.cpuMillis(), r.inProcessMillis(), r.rssMiB(), r.medianMicros(), r.p99Micros(), r.exitCode(), r.exitMillis());
                    all.get(v).add(r);
                }
            }
            table(all);
            out.println();
            out.println("- load average at the end: " + loadAverage());
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            if (keep) {
                progress.println("work dir kept: " + workDir);
            } else if (temporary) {
                deleteTree(workDir);
            }
        }
    }

    private void header() {
        out.println("## polycsi node: start-up, idle memory, Probe latency");
        out.println();
        out.printf(Locale.ROOT, "- %s; java %s (%s); %d CPUs; client transport %s%n", Instant.now(), javaVersion(),
                java, Runtime.getRuntime().availableProcessors(), client);
        out.printf(Locale.ROOT, "- %d runs per variant, interleaved (medians shown); RSS after %d ms idle; Probe: %d warm-up calls, then %d timed, one at a time%n",
                runs, idleMillis, warmup, calls);
        out.println("- load average at the start: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private String javaVersion() {
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().skip(1).findFirst().orElse("?").strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    /**
     * Loads and compiles this process's own client path against an in-process server first, so
     * the first start-to-ready figure does not include the benchmark's own class loading.
     */
    private void warmUpClient(EventLoopGroup group) throws Exception {
        Path socket = workDir.resolve("warmup.sock");
        EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Server server = NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .channelType(NioServerDomainSocketChannel.class)
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .bossEventLoopGroup(serverGroup).workerEventLoopGroup(serverGroup)
                .directExecutor()
                .addService(new IdentityGrpc.IdentityImplBase() {
                    @Override
                    public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> observer) {
                        observer.onNext(Csi.ProbeResponse.newBuilder().setReady(com.google.protobuf.BoolValue.of(true)).build());
                        observer.onCompleted();
                    }
                })
                .build().start();
        ManagedChannel channel = channel(socket, group);
        try {
            IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
            for (int i = 0; i < warmup; i++) {
                stub.probe(Csi.ProbeRequest.getDefaultInstance());
            }
            long[] nanos = timeProbes(stub);
            out.printf(Locale.ROOT, "- this client's own floor: Probe p50 %.1f µs, p99 %.1f µs against a no-op Probe served in this JVM (NIO, a direct executor)%n",
                    percentile(nanos, 0.5) / 1e3, percentile(nanos, 0.99) / 1e3);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            serverGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        }
    }

    /** Writes the variant's archive if its flags name one that is missing. */
    private void train(Variant variant, EventLoopGroup group) throws Exception {
        Path archive = null;
        List<String> flags = new ArrayList<>();
        for (String flag : variant.flags()) {
            if (flag.startsWith("-XX:AOTCache=")) {
                archive = Path.of(flag.substring("-XX:AOTCache=".length()));
                flags.add("-XX:AOTCacheOutput=" + archive);
            } else if (flag.startsWith("-XX:AOTMode=")) {
                continue; // the training run is in record mode
            } else {
                if (flag.startsWith("-XX:SharedArchiveFile=") && variant.flags().contains("-XX:+AutoCreateSharedArchive")) {
                    archive = Path.of(flag.substring("-XX:SharedArchiveFile=".length()));
                }
                flags.add(flag);
            }
        }
        if (archive == null || Files.exists(archive)) {
            return;
        }
        Variant training = new Variant(variant.name() + " (training)", flags);
        progress.printf("  %s: training run with %s%n", variant.name(), training.flagText());
        long started = System.nanoTime();
        Result r = runOnce(training, 0, group, true);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run did not write " + archive + "; see the node log in " + workDir);
        }
        out.printf(Locale.ROOT, "- %s: training run %d ms in all (exit %d after SIGTERM took %.0f ms, which includes writing the archive); %s is %.1f MiB%n",
                variant.name(), millis, r.exitCode(), r.exitMillis(), archive.getFileName(), Files.size(archive) / 1048576.0);
    }

    private Result runOnce(Variant variant, int index, EventLoopGroup group, boolean training) throws Exception {
        String tag = variant.name().replaceAll("[^A-Za-z0-9._-]", "_") + (training ? "-training" : "-" + index);
        Path dir = workDir.resolve(tag);
        Files.createDirectories(dir);
        Path socket = dir.resolve("csi.sock");
        Path log = dir.resolve("node.log");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(variant.flags());
        command.addAll(List.of("-jar", jar.toString(), "node",
                "--endpoint", "unix://" + socket,
                "--plugin-dir", pluginDir.toString(),
                "--backend-option", "hostpath.root=" + dir.resolve("hostpath"),
                "--node-id", "bench-node"));
        command.addAll(extraNodeArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only the variant's flags count: options from the environment would apply to every variant.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");

        ManagedChannel channel = channel(socket, group);
        Process process = null;
        try {
            IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
            long started = System.nanoTime();
            process = builder.start();
            double readyMillis = awaitReady(process, socket, channel, stub, started, log);
            double cpuMillis = cpuMillis(process.pid());

            double[] memory = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            if (!training) {
                Thread.sleep(idleMillis);
                memory = memory(process.pid());
            }
            for (int i = 0; i < warmup; i++) {
                stub.probe(Csi.ProbeRequest.getDefaultInstance());
            }
            long[] nanos = timeProbes(stub);
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

            long stopping = System.nanoTime();
            process.destroy(); // SIGTERM
            if (!process.waitFor(training ? 300 : 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(variant.name() + ": the node did not exit after SIGTERM; log: " + log);
            }
            double exitMillis = (System.nanoTime() - stopping) / 1e6;
            return new Result(readyMillis, cpuMillis, inProcessMillis(log), memory[0], memory[1], memory[2], (int) memory[3],
                    percentile(nanos, 0.5) / 1e3, percentile(nanos, 0.99) / 1e3,
                    exitMillis, process.exitValue());
        } finally {
            channel.shutdownNow();
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code calls} sequential Probe calls, each timed; sorted. */
    private long[] timeProbes(IdentityGrpc.IdentityBlockingStub stub) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            stub.probe(Csi.ProbeRequest.getDefaultInstance());
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    /** Polls until Probe says ready; returns the milliseconds since {@code started}. */
    private static double awaitReady(Process process, Path socket, ManagedChannel channel, IdentityGrpc.IdentityBlockingStub stub,
                                     long started, Path log) throws IOException {
        long deadline = started + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + " before it was ready:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node was not ready within 60 s:\n" + Files.readString(log));
            }
            if (Files.exists(socket)) {
                try {
                    Csi.ProbeResponse response = stub.withDeadlineAfter(10, TimeUnit.SECONDS).probe(Csi.ProbeRequest.getDefaultInstance());
                    if (response.getReady().getValue()) {
                        return (System.nanoTime() - started) / 1e6;
                    }
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                        throw e;
                    }
                    // Bound but not yet accepting, or not bound yet: try again at once, not after the channel's back-off.
                    channel.resetConnectBackoff();
                }
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private ManagedChannel channel(Path socket, EventLoopGroup group) {
        SocketAddress address = client.equals("epoll") ? new DomainSocketAddress(socket.toString()) : UnixDomainSocketAddress.of(socket);
        return NettyChannelBuilder.forAddress(address)
                .eventLoopGroup(group)
                .channelType(client.equals("epoll") ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class)
                .overrideAuthority("localhost")
                // Not a TCP socket: Netty would warn about this option on every connection.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .build();
    }

    /**
     * CPU time the process has used so far, summed over its live threads (JIT and GC threads too);
     * less disturbed than wall-clock time when other work shares the machine.
     */
    private static double cpuMillis(long pid) {
        long nanos = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    nanos += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException threadGone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return nanos / 1e6;
    }

    /** VmRSS, RssAnon, RssFile in MiB, and the thread count. */
    private static double[] memory(long pid) throws IOException {
        double[] values = new double[4];
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] parts = line.split("\\s+");
            switch (parts[0]) {
                case "VmRSS:" -> values[0] = Long.parseLong(parts[1]) / 1024.0;
                case "RssAnon:" -> values[1] = Long.parseLong(parts[1]) / 1024.0;
                case "RssFile:" -> values[2] = Long.parseLong(parts[1]) / 1024.0;
                case "Threads:" -> values[3] = Long.parseLong(parts[1]);
                default -> { }
            }
        }
        return values;
    }

    /** The driver's own "listening ... after N ms" figure: from DriverProcess.run to bound. */
    private static double inProcessMillis(Path log) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private void table(List<List<Result>> all) {
        out.println();
        out.println("| variant | flags | start-to-ready ms | idle RSS MiB | Probe median µs | Probe p99 µs |");
        out.println("|---|---|---:|---:|---:|---:|");
        for (int v = 0; v < variants.size(); v++) {
            List<Result> rs = all.get(v);
            out.printf(Locale.ROOT, "| %s | `%s` | %.0f | %.1f | %.1f | %.1f |%n", variants.get(v).name(), variants.get(v).flagText(),
                    median(rs, Result::readyMillis), median(rs, Result::rssMiB), median(rs, Result::medianMicros), median(rs, Result::p99Micros));
        }
        out.println();
        out.println("Details (medians; ready range is min–max over the runs; CPU to ready is summed over the node's threads;");
        out.println("in-process is the driver's own \"listening after\" figure, from DriverProcess.run to bound):");
        out.println();
        out.println("| variant | ready min–max ms | CPU to ready ms | in-process ms | RssAnon MiB | RssFile MiB | threads | SIGTERM-to-exit ms | exit codes |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (int v = 0; v < variants.size(); v++) {
            List<Result> rs = all.get(v);
            double min = rs.stream().mapToDouble(Result::readyMillis).min().orElse(Double.NaN);
            double max = rs.stream().mapToDouble(Result::readyMillis).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "| %s | %.0f–%.0f | %.0f | %.0f | %.1f | %.1f | %.0f | %.0f | %s |%n", variants.get(v).name(), min, max,
                    median(rs, Result::cpuMillis), median(rs, Result::inProcessMillis), median(rs, Result::rssAnonMiB), median(rs, Result::rssFileMiB),
                    median(rs, r -> r.threads()), median(rs, Result::exitMillis),
                    rs.stream().map(r -> Integer.toString(r.exitCode())).distinct().reduce((a, b) -> a + "," + b).orElse(""));
        }
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> figure) {
        double[] values = results.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
