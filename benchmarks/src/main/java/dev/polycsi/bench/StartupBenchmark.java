package dev.polycsi.bench;

import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGrpc;
import dev.polycsi.bench.Footprint.Mappings;
import dev.polycsi.bench.Footprint.Nmt;
import dev.polycsi.bench.Footprint.Status;
import io.grpc.ManagedChannel;
import io.grpc.Server;
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
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The node's footprint and RPC latency, as shipped and under other JVM flags: start-up, idle and
 * loaded resident memory with an NMT breakdown, and Probe/NodeGetInfo latency percentiles over
 * the unix socket, beside another driver's figures and issue 14's aims. A benchmark, not a test:
 * it asserts nothing and is never run by the build.
 *
 * <p><b>As shipped</b> means what {@code deploy/} runs on every node, read from the files: the
 * JVM flags of the polycsi container in {@code deploy/kubernetes/base/node.yaml}, passed in the
 * same environment variable, and its arguments (the endpoint moved to a socket here); the AOT
 * cache trained the way {@code deploy/docker/Dockerfile} trains it (its training script, run with
 * this JVM on this JAR); all the built-in backends {@code polycsi node} serves by default; and
 * {@code --simulate --simulator-url URL --simulator-data DIR} against one separate
 * {@code polycsi simulator --port 0} process on loopback, which every variant shares.
 *
 * <p>Each timed run of a variant: exec {@code java … -jar polycsi.jar node …}; poll Probe until it
 * answers {@code ready: true} (ready time, from just before exec); sit idle, then read
 * {@code /proc/PID/status} (idle RSS, threads) and {@code smaps}; send the load (NodeGetInfo and
 * NodeGetVolumeStats, alternating, one at a time) and read the RSS again; time Probe and then
 * NodeGetInfo calls, one at a time, after a warm-up; SIGTERM. Runs are interleaved over the
 * variants and each figure is the median over the runs. Then one more run per variant with
 * {@code -XX:NativeMemoryTracking=summary} added (NMT costs memory itself, so never in the timed
 * runs): {@code jcmd PID VM.native_memory summary} and {@code VM.classloader_stats} when idle and
 * after the same load.
 *
 * <p>A variant whose flags name an archive that does not exist yet ({@code -XX:AOTCache=FILE}, or
 * {@code -XX:SharedArchiveFile=FILE} with {@code -XX:+AutoCreateSharedArchive}) first gets one
 * training run of this benchmark's own protocol that writes it (with {@code -XX:AOTCacheOutput}
 * for the AOT cache); only the shipped variants use the image's training.
 *
 * <p>Two floors, each with the node's flags and its own AOT cache, measured the same way, say what
 * each MiB and millisecond of the node is: {@code floor-jvm} ({@link JvmFloor}: the JVM alone) and
 * {@code floor-grpc} ({@link GrpcFloor}: a CSI node served by grpc-java as polycsi serves it, and
 * nothing else). The last table splits the node's figures into the JVM, grpc-java with Netty and
 * protobuf, and polycsi's own.
 */
public final class StartupBenchmark {

    private static final String USAGE = """
            usage: StartupBenchmark POLYCSI_JAR [options] [NAME=FLAGS...] [-- ARG...]
              --repo DIR           the repository whose deploy/ says what is shipped (default: .)
              --variants LIST      built-in variants, comma-separated (default: all of them):
                                     node-shipped   polycsi node, node.yaml's flags, node.aot trained as the image trains it
                                     all-shipped    polycsi all, the same flags and node.aot (all has no manifest of its own)
                                     node-no-aot    polycsi node, node.yaml's flags without -XX:AOTCache
                                     node-no-flags  polycsi node, no JVM flags at all
                                     floor-grpc     GrpcFloor: Identity and Node served by grpc-java as polycsi serves them, and
                                                    nothing else; node.yaml's flags, its own AOT cache trained by one run
                                     floor-jvm      JvmFloor: the JVM alone (prints a line, sleeps); node.yaml's flags, its own cache
              NAME=FLAGS           one more variant of polycsi node (all:NAME=FLAGS: of polycsi all) with these JVM flags,
                                   split on spaces; @node-flags stands for node.yaml's flags without -XX:AOTCache. A missing
                                   -XX:AOTCache=FILE is trained first by one run of this benchmark
              --runs N             timed runs per variant; figures are medians (default 5)
              --idle-ms N          idle time before reading the idle RSS (default 3000)
              --load-calls N       calls before the loaded RSS, NodeGetInfo and NodeGetVolumeStats alternating (default 10000)
              --stats-volume ID    NodeGetVolumeStats' volume_id (default ebs:vol-0123456789abcdef0)
              --stats-path PATH    its volume_path (default /: a mount point, so the call passes the mount check and
                                   the backend answers from statfs; a path that is no mount point gives NOT_FOUND)
              --warmup N           Probe and NodeGetInfo calls each before timing (default 2000)
              --calls N            timed Probe and NodeGetInfo calls each (default 5000)
              --nmt-runs N         NMT runs per variant, 0 for none (default 1)
              --client-warmup N    calls that warm this benchmark's own client up against a no-op server in its own JVM,
                                   before anything is timed; the last --calls of them give the client's floor (default 30000)
              --reference NAME:K=V,...  another driver's figures, e.g. go-hostpath:ready=5ms,rss=13MiB,probe-p50=120us
                                   (keys: ready, rss, loaded-rss, probe-p50|p90|p99, nodegetinfo-p50|p90|p99); the aims
                                   compare against the first
              --client nio|epoll   the benchmark's own gRPC transport (default nio)
              --java PATH          the java for polycsi (default: this JVM's); its jcmd reads NMT
              --work-dir DIR       where sockets, logs, the simulator's data and the caches go (default: a new temp dir, removed)
              --keep               keep the work dir, and say where it is
              -- ARG...            further arguments for every polycsi node/all
            """;

    static final List<String> BUILT_IN = List.of("node-shipped", "all-shipped", "node-no-aot", "node-no-flags", "floor-grpc", "floor-jvm");
    private static final String FLOOR_GRPC = "floor-grpc";
    private static final String FLOOR_JVM = "floor-jvm";
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+ after (\\d+) ms");
    private static final double READY_AIM_MS = 250;
    private static final double IDLE_RSS_AIM_MIB = 40;
    private static final double LOADED_RSS_AIM_MIB = 64;

    private final Path jar;
    private Path repo = Path.of(".");
    private List<String> builtIn = BUILT_IN;
    private final List<String> extraVariants = new ArrayList<>();
    private final List<String> extraNodeArgs = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private int runs = 5;
    private long idleMillis = 3_000;
    private int loadCalls = 10_000;
    private String statsVolume = "ebs:vol-0123456789abcdef0";
    private String statsPath = "/";
    private int warmup = 2_000;
    private int calls = 5_000;
    private int nmtRuns = 1;
    private int clientWarmup = 30_000;
    private String client = "nio";
    private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private Path workDir;
    private boolean keep;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    private EventLoopGroup group;
    private ShippedNode shipped;
    private Path imageDir;
    private Path imageCache;
    /** The floors' classes, in a JAR of their own: an AOT cache takes only JARs on the class path, no directories. */
    private Path floorJar;
    private URI simulatorUrl;
    private Path simulatorData;
    private final List<Variant> variants = new ArrayList<>();

    /**
     * @param mode          node or all (polycsi's), floor-grpc or floor-jvm (a floor's main class)
     * @param flagsVariable the environment variable the flags go in, as the pod passes them; null: on the command line
     */
    record Variant(String name, String mode, List<String> flags, String flagsVariable, String description) {
        boolean floor() {
            return mode.startsWith("floor-");
        }

        /** Whether it serves CSI: every variant but floor-jvm. */
        boolean serves() {
            return !mode.equals(FLOOR_JVM);
        }

        /** What runs: polycsi MODE, or the floor's main class. */
        String what() {
            return switch (mode) {
                case FLOOR_GRPC -> GrpcFloor.class.getSimpleName();
                case FLOOR_JVM -> JvmFloor.class.getSimpleName();
                default -> "polycsi " + mode;
            };
        }

        String flagText() {
            String text = flags.isEmpty() ? "(none)" : String.join(" ", flags);
            return flagsVariable == null ? text : flagsVariable + "=\"" + text + "\"";
        }

        /** The archive the flags name: the last -XX:AOTCache, else an auto-created dynamic CDS archive. */
        Optional<Path> archive() {
            Optional<Path> archive = Optional.empty();
            for (String flag : flags) {
                if (flag.startsWith("-XX:AOTCache=")) {
                    archive = Optional.of(Path.of(flag.substring("-XX:AOTCache=".length())));
                } else if (flag.startsWith("-XX:SharedArchiveFile=") && flags.contains("-XX:+AutoCreateSharedArchive")) {
                    archive = Optional.of(Path.of(flag.substring("-XX:SharedArchiveFile=".length())));
                }
            }
            return archive;
        }

        Variant withFlags(String suffix, List<String> newFlags) {
            return new Variant(name + suffix, mode, newFlags, flagsVariable, description);
        }

        /** The same, its flags on the command line. */
        Variant onCommandLine() {
            return new Variant(name, mode, flags, null, description);
        }
    }

    /** Nearest-rank percentiles, in µs. */
    record Latency(double p50, double p90, double p99) {
        static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN);

        static Latency of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latency(percentile(sorted, 0.5) / 1e3, percentile(sorted, 0.9) / 1e3, percentile(sorted, 0.99) / 1e3);
        }
    }

    /** The load phase: each call's latency by RPC, NodeGetVolumeStats' outcomes, its length. */
    record Load(Latency info, Latency stats, Map<String, Integer> statsOutcomes, double seconds) {
        static final Load NONE = new Load(Latency.NONE, Latency.NONE, Map.of(), Double.NaN);
    }

    /** One timed run's figures; NaN where not measured. */
    record Run(double readyMillis, double cpuMillis, double inProcessMillis, Status idle, Mappings mappings, Load load, Status loaded,
               Latency probe, Latency info, Status end, double exitMillis, int exitCode) {
    }

    /** One NMT run: idle, then after the load (floor-jvm: no load; loadedNmt null). */
    record NmtRun(Status idle, Nmt idleNmt, int idleClasses, Mappings mappings, Status loaded, Nmt loadedNmt, int loadedClasses) {
    }

    private StartupBenchmark(Path jar) {
        this.jar = jar.toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        // log4j-api is on this class path (through csi-core) without a provider; Netty would pick it and complain.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        if (args.length < 1 || Arrays.asList(args).contains("--help") || args[0].startsWith("-")) {
            System.err.print(USAGE);
            System.exit(args.length == 1 && args[0].equals("--help") ? 0 : 2);
        }
        StartupBenchmark bench = new StartupBenchmark(Path.of(args[0]));
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--repo" -> bench.repo = Path.of(args[++i]);
                    case "--variants" -> bench.builtIn = args[++i].isBlank() ? List.of() : List.of(args[i].split(","));
                    case "--runs" -> bench.runs = Integer.parseInt(args[++i]);
                    case "--idle-ms" -> bench.idleMillis = Long.parseLong(args[++i]);
                    case "--load-calls" -> bench.loadCalls = Integer.parseInt(args[++i]);
                    case "--stats-volume" -> bench.statsVolume = args[++i];
                    case "--stats-path" -> bench.statsPath = args[++i];
                    case "--warmup" -> bench.warmup = Integer.parseInt(args[++i]);
                    case "--calls" -> bench.calls = Integer.parseInt(args[++i]);
                    case "--nmt-runs" -> bench.nmtRuns = Integer.parseInt(args[++i]);
                    case "--client-warmup" -> bench.clientWarmup = Integer.parseInt(args[++i]);
                    case "--reference" -> bench.references.add(Reference.parse(args[++i]));
                    case "--client" -> bench.client = args[++i];
                    case "--java" -> bench.java = Path.of(args[++i]);
                    case "--work-dir" -> bench.workDir = Path.of(args[++i]);
                    case "--keep" -> bench.keep = true;
                    case "--" -> {
                        bench.extraNodeArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> {
                        if (arg.startsWith("-") || arg.indexOf('=') <= 0) {
                            throw new IllegalArgumentException("not an option nor NAME=FLAGS: " + arg);
                        }
                        bench.extraVariants.add(arg);
                    }
                }
            }
            for (String name : bench.builtIn) {
                if (!BUILT_IN.contains(name)) {
                    throw new IllegalArgumentException("--variants: no built-in variant " + name + "; there are " + BUILT_IN);
                }
            }
            if (!bench.client.equals("nio") && !bench.client.equals("epoll")) {
                throw new IllegalArgumentException("--client: nio or epoll");
            }
            if (bench.client.equals("epoll") && !Epoll.isAvailable()) {
                throw new IllegalArgumentException("--client epoll: epoll is not available here: " + Epoll.unavailabilityCause());
            }
            if (bench.runs < 1 || bench.calls < 1 || bench.loadCalls < 2) {
                throw new IllegalArgumentException("--runs and --calls must be at least 1, --load-calls at least 2");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println(e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        if (!Files.isRegularFile(bench.jar)) {
            System.err.println("no such jar: " + bench.jar);
            System.exit(2);
        }
        bench.run();
    }

    /**
     * The environment of every process this benchmark starts: no JVM options from this one's
     * environment (only a variant's flags count), no AWS settings, and no instance metadata
     * look-ups: nothing is to leave loopback.
     */
    static void isolate(Map<String, String> env) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    private void run() throws Exception {
        boolean temporary = workDir == null;
        if (temporary) {
            workDir = Files.createTempDirectory("polycsi-bench-");
        } else {
            Files.createDirectories(workDir);
        }
        workDir = workDir.toAbsolutePath();
        repo = repo.toAbsolutePath().normalize();
        group = client.equals("epoll")
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Process simulator = null;
        long benchStarted = System.nanoTime();
        try {
            shipped = ShippedNode.read(repo);
            header();
            simulator = startSimulator();
            defineVariants();
            if (variants.stream().anyMatch(v -> v.archive().filter(imageCache::equals).isPresent())) {
                trainAsTheImage();
            }
            if (variants.stream().anyMatch(Variant::floor)) {
                writeFloorJar();
            }
            warmUpClient();
            for (Variant variant : variants) {
                trainOwn(variant);
            }
            out.println();
            out.println("Variants (polycsi's with node.yaml's arguments and the separate simulator; the floors with --endpoint only):");
            for (Variant v : variants) {
                out.printf(Locale.ROOT, "  %-18s %s; %s%n  %-18s   %s%n", v.name(), v.what(), v.description(), "", v.flagText());
            }

            // Round-robin over the variants, so that other load on the machine falls on all of them alike.
            Map<Variant, List<Run>> timed = new LinkedHashMap<>();
            variants.forEach(v -> timed.put(v, new ArrayList<>()));
            for (int i = 1; i <= runs; i++) {
                for (Variant variant : variants) {
                    Run r = timedRun(variant, i);
                    progress.printf(Locale.ROOT, "  %s run %d: ready %.0f ms, idle RSS %.1f MiB, loaded %.1f MiB, Probe p50 %.1f µs, "
                                    + "NodeGetInfo p50 %.1f µs, stats %s, exit %d in %.0f ms%n",
                            variant.name(), i, r.readyMillis(), r.idle().rssMiB(), r.loaded().rssMiB(), r.probe().p50(), r.info().p50(),
                            r.load().statsOutcomes(), r.exitCode(), r.exitMillis());
                    timed.get(variant).add(r);
                }
            }
            Map<Variant, NmtRun> nmt = new LinkedHashMap<>();
            for (int i = 1; i <= nmtRuns; i++) {
                for (Variant variant : variants) {
                    NmtRun r = nmtRun(variant, i);
                    progress.printf(Locale.ROOT, "  %s NMT run %d: idle RSS %.1f MiB, NMT committed %.1f MiB, %d classes%n",
                            variant.name(), i, r.idle().rssMiB(), r.idleNmt().totalKiB() / 1024.0, r.idleClasses());
                    nmt.put(variant, r); // the last one is shown
                }
            }
            startupTable(timed);
            mappingTable(timed);
            latencyTable(timed);
            if (!nmt.isEmpty()) {
                nmtTable(nmt);
            }
            aims(timed);
            floorTable(timed, nmt);
            out.println();
            out.printf(Locale.ROOT, "- load average at the end: %s; the benchmark took %.0f s%n", loadAverage(),
                    (System.nanoTime() - benchStarted) / 1e9);
        } finally {
            if (simulator != null) {
                simulator.destroy();
                if (!simulator.waitFor(30, TimeUnit.SECONDS)) {
                    simulator.destroyForcibly();
                }
            }
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            if (keep) {
                progress.println("work dir kept: " + workDir);
            } else if (temporary) {
                deleteTree(workDir);
            }
        }
    }

    private void header() {
        out.println("## polycsi node: start-up, footprint and RPC latency");
        out.println();
        out.printf(Locale.ROOT, "- %s; java %s (%s); %d CPUs; load average at the start %s%n", Instant.now(), javaVersion(),
                java, Runtime.getRuntime().availableProcessors(), loadAverage());
        out.printf(Locale.ROOT, "- as shipped: %s gives the polycsi container %s=\"%s\" and the arguments %s (endpoint moved here)%n",
                repo.relativize(shipped.nodeYaml()), shipped.optionsVariable(), String.join(" ", shipped.flags()),
                String.join(" ", shipped.args()));
        out.printf(Locale.ROOT, "- %d timed run(s) per variant, interleaved; medians shown. Ready: from just before exec until Probe answers "
                + "ready=true. Idle RSS after %d ms idle. Loaded RSS after %,d calls, NodeGetInfo and NodeGetVolumeStats(%s at %s) "
                + "alternating, one at a time. Latency: %,d warm-up calls, then %,d timed, of Probe and then of NodeGetInfo, one at a "
                + "time over the unix socket%n", runs, idleMillis, loadCalls, statsVolume, statsPath, warmup, calls);
    }

    /** {@code polycsi simulator --port 0}: one for the whole benchmark, as one AWS serves a node's whole life. */
    private Process startSimulator() throws Exception {
        simulatorData = workDir.resolve("simulator-data");
        Files.createDirectories(simulatorData);
        Path endpoint = workDir.resolve("simulator.endpoint");
        Path log = workDir.resolve("simulator.log");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "simulator", "--port", "0",
                "--simulator-data", simulatorData.toString(), "--log-level", "warn")
                .redirectOutput(endpoint.toFile()).redirectError(log.toFile());
        isolate(builder.environment());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the simulator exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            String printed = Files.readString(endpoint).strip();
            if (!printed.isEmpty()) {
                simulatorUrl = URI.create(printed.lines().findFirst().orElseThrow());
                if (!InetAddress.getByName(simulatorUrl.getHost()).isLoopbackAddress()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the simulator is not on loopback: " + simulatorUrl);
                }
                out.printf(Locale.ROOT, "- simulator: a separate 'polycsi simulator --port 0' (pid %d) at %s; every polycsi gets "
                        + "--simulate --simulator-url %s --simulator-data <its data dir>%n", process.pid(), simulatorUrl, simulatorUrl);
                return process;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the simulator printed no endpoint within 60 s:\n" + Files.readString(log));
    }

    private void defineVariants() {
        imageDir = workDir.resolve("image");
        imageCache = shipped.localCache(imageDir);
        String cacheName = imageCache.getFileName().toString();
        String var = shipped.optionsVariable();
        for (String name : builtIn) {
            variants.add(switch (name) {
                case "node-shipped" -> new Variant(name, "node", shipped.flagsWithCache(imageCache), var,
                        "node.yaml's flags, " + cacheName + " trained as the image trains it");
                case "all-shipped" -> new Variant(name, "all", shipped.flagsWithCache(imageCache), var,
                        "the node's shipped flags and " + cacheName + " (polycsi all has no manifest, so no cache, of its own)");
                case "node-no-aot" -> new Variant(name, "node", shipped.flagsWithoutCache(), var, "node.yaml's flags without the AOT cache");
                case "node-no-flags" -> new Variant(name, "node", List.of(), null, "no JVM flags (the JDK's defaults for this machine)");
                // The floors: the node's flags, the same variable, and each its own cache, trained by one run (trainOwn).
                case FLOOR_GRPC -> new Variant(name, name, shipped.flagsWithCache(workDir.resolve("floors/" + name + ".aot")), var,
                        "CSI Identity and Node served by grpc-java as polycsi's CsiServer serves them, and nothing else; "
                                + "node.yaml's flags, its own AOT cache trained by one run; -cp polycsi.jar:floor.jar, "
                                + "--enable-native-access=ALL-UNNAMED as polycsi.jar's manifest gives the node");
                case FLOOR_JVM -> new Variant(name, name, shipped.flagsWithCache(workDir.resolve("floors/" + name + ".aot")), var,
                        "the JVM alone: prints a line and sleeps; node.yaml's flags, its own AOT cache trained by one run; "
                                + "-cp floor.jar, --enable-native-access=ALL-UNNAMED");
                default -> throw new IllegalStateException(name);
            });
        }
        for (String spec : extraVariants) {
            int eq = spec.indexOf('=');
            String name = spec.substring(0, eq);
            String mode = "node";
            if (name.startsWith("all:")) {
                mode = "all";
                name = name.substring(4);
            }
            List<String> flags = new ArrayList<>();
            for (String flag : spec.substring(eq + 1).strip().split("\\s+")) {
                if (flag.equals("@node-flags")) {
                    flags.addAll(shipped.flagsWithoutCache());
                } else if (!flag.isEmpty()) {
                    flags.add(flag);
                }
            }
            variants.add(new Variant(name, mode, flags, null, "a comparison"));
        }
    }

    /** The image's training step, run here: see {@link ShippedNode#train}. */
    private void trainAsTheImage() throws Exception {
        Files.createDirectories(imageDir);
        Path log = workDir.resolve("train-aot.log");
        progress.printf("  training the AOT caches as %s does: sh %s %s%n", repo.relativize(shipped.dockerfile()),
                repo.relativize(shipped.trainingScript()), String.join(" ", shipped.imageToLocal(java, jar, imageDir)));
        long millis = shipped.train(java, jar, imageDir, log, repo);
        List<String> caches = new ArrayList<>();
        try (Stream<Path> files = Files.list(imageDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".aot")).sorted().toList()) {
                caches.add(String.format(Locale.ROOT, "%s %.1f MiB%s", file.getFileName(), Files.size(file) / 1048576.0,
                        file.equals(imageCache) ? "" : " (not used here)"));
            }
        }
        out.printf(Locale.ROOT, "- AOT caches: trained as %s's RUN step does (%s %s, that is sh %s JAVA JAR DIR with this java and "
                        + "JAR, one cache per role in DIR): %.1f s; %s%n",
                repo.relativize(shipped.dockerfile()), shipped.trainingScript().getFileName(), String.join(" ", shipped.trainingArgs()),
                repo.relativize(shipped.trainingScript()), millis / 1e3, String.join(", ", caches));
    }

    /** floor.jar: the floors' classes, copied from this benchmark's class directory. */
    private void writeFloorJar() throws IOException, URISyntaxException {
        Path classes = Path.of(GrpcFloor.class.getResource(GrpcFloor.class.getSimpleName() + ".class").toURI()).getParent();
        floorJar = workDir.resolve("floors/floor.jar");
        Files.createDirectories(floorJar.getParent());
        String packagePath = GrpcFloor.class.getPackageName().replace('.', '/') + "/";
        try (JarOutputStream jarOut = new JarOutputStream(Files.newOutputStream(floorJar));
             Stream<Path> files = Files.list(classes)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && (name.startsWith(GrpcFloor.class.getSimpleName()) || name.startsWith(JvmFloor.class.getSimpleName()))) {
                    jarOut.putNextEntry(new JarEntry(packagePath + name));
                    jarOut.write(Files.readAllBytes(file));
                    jarOut.closeEntry();
                }
            }
        }
    }

    /**
     * Loads and compiles this process's own client path against an in-process server first, so
     * the first ready time does not include the benchmark's own class loading, and prints its floor.
     */
    private void warmUpClient() throws Exception {
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
        ManagedChannel channel = channel(socket);
        try {
            IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
            Latency floor = time(clientWarmup, calls, () -> stub.probe(Csi.ProbeRequest.getDefaultInstance()));
            out.printf(Locale.ROOT, "- this client (grpc-java, %s, one call at a time) against a no-op Probe served in its own JVM, after "
                    + "%,d calls: p50 %.1f µs, p90 %.1f µs, p99 %.1f µs: about the floor under every latency below%n", client, clientWarmup,
                    floor.p50(), floor.p90(), floor.p99());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            serverGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        }
    }

    /** Writes a comparison variant's archive, if its flags name one that is missing, by one run of this benchmark. */
    private void trainOwn(Variant variant) throws Exception {
        Optional<Path> archive = variant.archive();
        if (archive.isEmpty() || Files.exists(archive.get())) {
            return;
        }
        List<String> flags = new ArrayList<>();
        for (String flag : variant.flags()) {
            if (flag.startsWith("-XX:AOTCache=")) {
                flags.add("-XX:AOTCacheOutput=" + flag.substring("-XX:AOTCache=".length()));
            } else if (!flag.startsWith("-XX:AOTMode=")) { // the training run records
                flags.add(flag);
            }
        }
        // On the command line: -XX:AOTCacheOutput's training JVM starts a second JVM to write the cache,
        // which would inherit the flags from the environment too.
        Variant training = variant.withFlags("-training", flags).onCommandLine();
        progress.printf("  %s: training run with %s%n", variant.name(), training.flagText());
        long started = System.nanoTime();
        Path dir = runDir(training, 0);
        ManagedChannel channel = channel(dir.resolve("csi.sock"));
        Process process = start(training, dir, List.of());
        try {
            awaitReady(training, process, dir, channel, System.nanoTime());
            if (training.serves()) {
                load(channel);
                time(0, warmup, () -> IdentityGrpc.newBlockingStub(channel).probe(Csi.ProbeRequest.getDefaultInstance()));
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            stop(process, dir, 300);
        } finally {
            channel.shutdownNow();
            process.destroyForcibly();
        }
        if (!Files.exists(archive.get())) {
            throw new IllegalStateException("the training run did not write " + archive.get() + "; see " + dir.resolve("polycsi.log"));
        }
        out.printf(Locale.ROOT, "- %s: trained by one run of this benchmark in %.1f s; %s is %.1f MiB%n", variant.name(),
                (System.nanoTime() - started) / 1e9, archive.get().getFileName(), Files.size(archive.get()) / 1048576.0);
    }

    private Run timedRun(Variant variant, int index) throws Exception {
        Path dir = runDir(variant, index);
        ManagedChannel channel = channel(dir.resolve("csi.sock"));
        Process process = null;
        try {
            long started = System.nanoTime();
            process = start(variant, dir, List.of());
            double ready = awaitReady(variant, process, dir, channel, started);
            double cpu = cpuMillis(process.pid());
            Thread.sleep(idleMillis);
            Status idle = Status.of(process.pid());
            Mappings mappings = Mappings.of(process.pid());
            Load load = Load.NONE;
            Status loaded = Status.NONE;
            Latency probe = Latency.NONE;
            Latency info = Latency.NONE;
            if (variant.serves()) {
                load = load(channel);
                loaded = Status.of(process.pid());
                IdentityGrpc.IdentityBlockingStub identity = IdentityGrpc.newBlockingStub(channel);
                NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel);
                probe = time(warmup, calls, () -> identity.probe(Csi.ProbeRequest.getDefaultInstance()));
                info = time(warmup, calls, () -> node.nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance()));
            }
            Status end = Status.of(process.pid());
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            long stopping = System.nanoTime();
            int exit = stop(process, dir, 60);
            double exitMillis = (System.nanoTime() - stopping) / 1e6;
            return new Run(ready, cpu, inProcessMillis(dir), idle, mappings, load, loaded, probe, info, end, exitMillis, exit);
        } finally {
            channel.shutdownNow();
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private NmtRun nmtRun(Variant variant, int index) throws Exception {
        Variant withNmt = variant.withFlags("-nmt", Stream.concat(variant.flags().stream(), Stream.of("-XX:NativeMemoryTracking=summary")).toList());
        Path dir = runDir(withNmt, index);
        Path jcmd = java.resolveSibling("jcmd");
        ManagedChannel channel = channel(dir.resolve("csi.sock"));
        Process process = null;
        try {
            process = start(withNmt, dir, List.of());
            awaitReady(withNmt, process, dir, channel, System.nanoTime());
            Thread.sleep(idleMillis);
            Status idle = Status.of(process.pid()); // before jcmd, whose attach starts a thread
            Mappings mappings = Mappings.of(process.pid());
            Nmt idleNmt = Nmt.of(jcmd, process.pid());
            int idleClasses = Footprint.loadedClasses(jcmd, process.pid());
            Status loaded = Status.NONE;
            Nmt loadedNmt = null;
            int loadedClasses = -1;
            if (withNmt.serves()) {
                load(channel);
                loaded = Status.of(process.pid());
                loadedNmt = Nmt.of(jcmd, process.pid());
                loadedClasses = Footprint.loadedClasses(jcmd, process.pid());
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            stop(process, dir, 60);
            return new NmtRun(idle, idleNmt, idleClasses, mappings, loaded, loadedNmt, loadedClasses);
        } finally {
            channel.shutdownNow();
            if (process != null && process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Path runDir(Variant variant, int index) throws IOException {
        Path dir = workDir.resolve("runs").resolve(variant.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + index);
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * {@code java FLAGS -jar polycsi.jar MODE ARGS --simulate …}, or a floor's
     * {@code java FLAGS -cp [polycsi.jar:]floor.jar CLASS [--endpoint unix://…]}; the output in DIR/polycsi.log.
     */
    private Process start(Variant variant, Path dir, List<String> moreFlags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        List<String> flags = Stream.concat(variant.flags().stream(), moreFlags.stream()).toList();
        if (variant.flagsVariable() == null) {
            command.addAll(flags);
        }
        // The floors run from -cp, where polycsi.jar's manifest does not apply; its Enable-Native-Access: ALL-UNNAMED
        // does matter (without it Netty takes a 4 MiB direct buffer pool at the first call), so they get it here.
        switch (variant.mode()) {
            case FLOOR_GRPC -> command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", jar + ":" + floorJar,
                    GrpcFloor.class.getName(), "--endpoint", "unix://" + dir.resolve("csi.sock")));
            case FLOOR_JVM -> command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", floorJar.toString(),
                    JvmFloor.class.getName()));
            default -> {
                command.addAll(List.of("-jar", jar.toString()));
                command.addAll(shipped.args(variant.mode(), dir.resolve("csi.sock")));
                command.addAll(List.of("--simulate", "--simulator-url", simulatorUrl.toString(), "--simulator-data", simulatorData.toString()));
                command.addAll(extraNodeArgs);
            }
        }
        Files.writeString(dir.resolve("command"), (variant.flagsVariable() == null ? "" : variant.flagsVariable() + "='"
                + String.join(" ", flags) + "' ") + String.join(" ", command) + "\n");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("polycsi.log").toFile());
        isolate(builder.environment());
        if (variant.flagsVariable() != null) {
            builder.environment().put(variant.flagsVariable(), String.join(" ", flags));
        }
        return builder.start();
    }

    /** SIGTERM, and the exit code. */
    private static int stop(Process process, Path dir, int seconds) throws Exception {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("polycsi did not exit within " + seconds + " s of SIGTERM; log: " + dir.resolve("polycsi.log"));
        }
        return process.exitValue();
    }

    /** The load: NodeGetInfo and NodeGetVolumeStats, alternating, one at a time. */
    private Load load(ManagedChannel channel) {
        NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel);
        Csi.NodeGetVolumeStatsRequest stats = Csi.NodeGetVolumeStatsRequest.newBuilder().setVolumeId(statsVolume).setVolumePath(statsPath).build();
        long[] infoNanos = new long[(loadCalls + 1) / 2];
        long[] statsNanos = new long[loadCalls / 2];
        Map<String, Integer> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < loadCalls; i++) {
            long t = System.nanoTime();
            if (i % 2 == 0) {
                node.nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
                infoNanos[i / 2] = System.nanoTime() - t;
            } else {
                String outcome = "OK";
                try {
                    node.nodeGetVolumeStats(stats);
                } catch (StatusRuntimeException e) {
                    outcome = e.getStatus().getCode().name();
                }
                statsNanos[i / 2] = System.nanoTime() - t;
                outcomes.merge(outcome, 1, Integer::sum);
            }
        }
        return new Load(Latency.of(infoNanos), Latency.of(statsNanos), outcomes, (System.nanoTime() - started) / 1e9);
    }

    /** {@code warmup} calls, then {@code timed} calls, each timed. */
    private static Latency time(int warmup, int timed, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        long[] nanos = new long[timed];
        for (int i = 0; i < timed; i++) {
            long t = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - t;
        }
        return timed == 0 ? Latency.NONE : Latency.of(nanos);
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    /**
     * Polls Probe until it says ready (floor-jvm: the log until it has JvmFloor's line); returns the
     * milliseconds since {@code started}.
     */
    private static double awaitReady(Variant variant, Process process, Path dir, ManagedChannel channel, long started) throws IOException {
        Path socket = dir.resolve("csi.sock");
        Path log = dir.resolve("polycsi.log");
        IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
        long deadline = started + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(variant.what() + " exited with " + process.exitValue() + " before it was ready:\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(variant.what() + " was not ready within 60 s:\n" + Files.readString(log));
            }
            if (!variant.serves()) {
                if (Files.readString(log).contains(JvmFloor.READY_LINE)) {
                    return (System.nanoTime() - started) / 1e6;
                }
            } else if (Files.exists(socket)) {
                try {
                    Csi.ProbeResponse response = stub.withDeadlineAfter(10, TimeUnit.SECONDS).probe(Csi.ProbeRequest.getDefaultInstance());
                    if (response.getReady().getValue()) {
                        return (System.nanoTime() - started) / 1e6;
                    }
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                        throw e;
                    }
                    // Bound but not yet accepting, or not bound yet: try again at once, not after the channel's back-off.
                    channel.resetConnectBackoff();
                }
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private ManagedChannel channel(Path socket) {
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

    /** The driver's own "listening ... after N ms" figure: from DriverProcess.run to bound. */
    private static double inProcessMillis(Path dir) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(dir.resolve("polycsi.log")));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    // ---- output

    private void startupTable(Map<Variant, List<Run>> timed) {
        out.println();
        out.printf(Locale.ROOT, "Start-up and resident memory (medians of %d run(s); MiB from /proc/PID/status)%n", runs);
        out.println();
        out.printf(Locale.ROOT, "%-18s %8s %11s %7s %8s %9s %6s %6s %8s %11s %8s %9s %5s%n", "variant", "ready ms", "min-max", "CPU ms",
                "bound ms", "idle RSS", "anon", "file", "threads", "loaded RSS", "threads", "exit ms", "exit");
        for (var entry : timed.entrySet()) {
            List<Run> rs = entry.getValue();
            double min = rs.stream().mapToDouble(Run::readyMillis).min().orElse(Double.NaN);
            double max = rs.stream().mapToDouble(Run::readyMillis).max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%-18s %8s %11s %7s %8s %9s %6s %6s %8s %11s %8s %9s %5s%n", entry.getKey().name(),
                    f0(median(rs, Run::readyMillis)), f0(min) + "-" + f0(max), f0(median(rs, Run::cpuMillis)),
                    f0(median(rs, Run::inProcessMillis)), f1(median(rs, r -> r.idle().rssMiB())), f1(median(rs, r -> r.idle().anonMiB())),
                    f1(median(rs, r -> r.idle().fileMiB())), f0(median(rs, r -> r.idle().threads())), f1(median(rs, r -> r.loaded().rssMiB())),
                    f0(median(rs, r -> r.loaded().threads() < 0 ? Double.NaN : r.loaded().threads())), f0(median(rs, Run::exitMillis)),
                    rs.stream().map(r -> Integer.toString(r.exitCode())).distinct().reduce((a, b) -> a + "," + b).orElse(""));
        }
        out.println();
        out.println("ready: exec to Probe ready=true; CPU: CPU time to ready over all the process's threads; bound: the driver's own");
        out.printf(Locale.ROOT, "\"listening after\" (from its main to the socket bound); loaded: after the %,d load calls; exit: SIGTERM to exit%n",
                loadCalls);
    }

    private void mappingTable(Map<Variant, List<Run>> timed) {
        out.println();
        out.println("Idle resident memory by mapping (medians, MiB, from /proc/PID/smaps): the class data archive (AOT cache or CDS),");
        out.println("of it the pages written (private, anonymous), libjvm.so, other files, anonymous memory (heap, metaspace, code, stacks, malloc)");
        out.println();
        out.printf(Locale.ROOT, "%-18s %-22s %8s %8s %8s %11s %10s%n", "variant", "archive mapped", "archive", "written", "libjvm",
                "other files", "anonymous");
        for (var entry : timed.entrySet()) {
            List<Run> rs = entry.getValue();
            String archives = rs.stream().map(r -> r.mappings().archive()).distinct().map(a -> a.isEmpty() ? "none" : a)
                    .reduce((a, b) -> a + "|" + b).orElse("");
            out.printf(Locale.ROOT, "%-18s %-22s %8s %8s %8s %11s %10s%n", entry.getKey().name(), archives,
                    f1(median(rs, r -> r.mappings().archiveMiB())), f1(median(rs, r -> r.mappings().archiveDirtyMiB())),
                    f1(median(rs, r -> r.mappings().libjvmMiB())), f1(median(rs, r -> r.mappings().otherFilesMiB())),
                    f1(median(rs, r -> r.mappings().anonymousMiB())));
        }
    }

    private void latencyTable(Map<Variant, List<Run>> timed) {
        out.println();
        out.println("Latency over the unix socket, µs (for each run its percentiles; shown: the median of each over the runs)");
        out.println();
        out.printf(Locale.ROOT, "%-18s %9s %7s %7s   %9s %7s %7s   %-30s%n", "variant", "Probe p50", "p90", "p99", "GetInfo p50", "p90", "p99",
                "load: GetInfo p50, Stats p50, s");
        for (var entry : timed.entrySet()) {
            List<Run> rs = entry.getValue();
            out.printf(Locale.ROOT, "%-18s %9s %7s %7s   %11s %7s %7s   %s, %s, %s%n", entry.getKey().name(),
                    f1(median(rs, r -> r.probe().p50())), f1(median(rs, r -> r.probe().p90())), f1(median(rs, r -> r.probe().p99())),
                    f1(median(rs, r -> r.info().p50())), f1(median(rs, r -> r.info().p90())), f1(median(rs, r -> r.info().p99())),
                    f1(median(rs, r -> r.load().info().p50())), f1(median(rs, r -> r.load().stats().p50())),
                    f1(median(rs, r -> r.load().seconds())));
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        timed.values().stream().flatMap(List::stream).forEach(r -> r.load().statsOutcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum)));
        out.println();
        out.printf(Locale.ROOT, "GetInfo: NodeGetInfo. load: the load phase's own calls (NodeGetInfo, NodeGetVolumeStats(%s at %s)), cold at first;%n",
                statsVolume, statsPath);
        out.printf(Locale.ROOT, "NodeGetVolumeStats answered, over all runs: %s%n", outcomes);
    }

    private void nmtTable(Map<Variant, NmtRun> nmt) {
        List<Variant> vs = new ArrayList<>(nmt.keySet());
        out.println();
        out.printf(Locale.ROOT, "Native memory, one run per variant with -XX:NativeMemoryTracking=summary added: committed MiB from%n");
        out.printf(Locale.ROOT, "'jcmd PID VM.native_memory summary', idle / after the %,d load calls (NMT's committed is not RSS: see above)%n", loadCalls);
        out.println();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-34s", "NMT category"));
        vs.forEach(v -> head.append(String.format(Locale.ROOT, " %19s", v.name())));
        out.println(head);
        List<String> named = List.of("Java Heap", "Metaspace", "Class", "Code", "Thread", "Shared class space", "Symbol", "GC", "Compiler",
                "Native Memory Tracking");
        row(vs, nmt, "heap (Java Heap)", n -> n.category("Java Heap") / 1024.0);
        row(vs, nmt, "metaspace, non-class (Metaspace)", n -> n.category("Metaspace") / 1024.0);
        row(vs, nmt, "class space (of Class)", n -> n.classSpaceKiB() / 1024.0);
        row(vs, nmt, "class, malloc (rest of Class)", n -> (n.category("Class") - Math.max(0, n.classSpaceKiB())) / 1024.0);
        row(vs, nmt, "code (Code)", n -> n.category("Code") / 1024.0);
        row(vs, nmt, "threads: stacks etc. (Thread)", n -> n.category("Thread") / 1024.0);
        row(vs, nmt, "CDS/AOT (Shared class space)", n -> n.category("Shared class space") / 1024.0);
        row(vs, nmt, "symbols (Symbol)", n -> n.category("Symbol") / 1024.0);
        row(vs, nmt, "GC", n -> n.category("GC") / 1024.0);
        row(vs, nmt, "compiler (Compiler)", n -> n.category("Compiler") / 1024.0);
        // Any other category of half a MiB or more on a row of its own (Arena Chunk: the compilers' arenas, kept a few
        // seconds after use; Internal; …), the rest together.
        List<String> large = nmt.values().stream().flatMap(r -> Stream.of(r.idleNmt(), r.loadedNmt())).filter(Objects::nonNull)
                .flatMap(n -> n.committedKiB().entrySet().stream())
                .filter(e -> !named.contains(e.getKey()) && e.getValue() >= 512).map(Map.Entry::getKey).distinct().toList();
        for (String category : large) {
            row(vs, nmt, category, n -> n.category(category) / 1024.0);
        }
        row(vs, nmt, "the other categories", n -> n.committedKiB().entrySet().stream()
                .filter(e -> !named.contains(e.getKey()) && !large.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum() / 1024.0);
        row(vs, nmt, "NMT's own overhead", n -> n.category("Native Memory Tracking") / 1024.0);
        row(vs, nmt, "total committed", n -> n.totalKiB() / 1024.0);
        row(vs, nmt, "  of which malloc (all categories)", n -> n.mallocKiB() / 1024.0);
        rowOf(vs, nmt, "RSS of this run (with NMT)", r -> f1(r.idle().rssMiB()) + " / " + f1(r.loaded().rssMiB()));
        rowOf(vs, nmt, "threads (/proc; +1 jcmd after load)", r -> r.idle().threads() + " / " + (r.loaded().threads() < 0 ? "-" : r.loaded().threads()));
        rowOf(vs, nmt, "loaded classes (classloader_stats)", r -> r.idleClasses() + " / " + (r.loadedClasses() < 0 ? "-" : r.loadedClasses()));
        out.println();
        out.println("Loaded classes: the total of 'jcmd PID VM.classloader_stats' (hidden classes included), which attaches through");
        out.println("the attach mechanism and so works under -XX:-UsePerfData, unlike 'jcmd PID PerfCounter.print'.");
    }

    private void row(List<Variant> vs, Map<Variant, NmtRun> nmt, String label, Function<Nmt, Double> figure) {
        rowOf(vs, nmt, label, r -> f1(figure.apply(r.idleNmt())) + " / " + (r.loadedNmt() == null ? "-" : f1(figure.apply(r.loadedNmt()))));
    }

    private void rowOf(List<Variant> vs, Map<Variant, NmtRun> nmt, String label, Function<NmtRun, String> cell) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s", label));
        vs.forEach(v -> line.append(String.format(Locale.ROOT, " %19s", cell.apply(nmt.get(v)))));
        out.println(line);
    }

    /** Issue 14's aims, with the figures beside the reference's. */
    private void aims(Map<Variant, List<Run>> timed) {
        Optional<List<Run>> node = find(timed, "node-shipped");
        Optional<List<Run>> all = find(timed, "all-shipped");
        Optional<Reference> ref = references.stream().findFirst();
        out.println();
        out.println("As shipped, beside the reference" + (references.isEmpty() ? " (none given: --reference NAME:K=V,...)" : "s given")
                + " and issue 14's aims");
        out.println();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-30s %13s %13s", "figure (medians)", "node-shipped", "all-shipped"));
        references.forEach(r -> head.append(String.format(Locale.ROOT, " %14s", r.name())));
        head.append("   aim");
        out.println(head);
        String loadedLabel = String.format(Locale.ROOT, "RSS after %,d calls, MiB", loadCalls);
        compare(node, all, "ready after exec, ms", Run::readyMillis, "ready", 0, "node ≤ 250");
        compare(node, all, "idle RSS, MiB", r -> r.idle().rssMiB(), "rss", 1, "node ≤ 40");
        compare(node, all, loadedLabel, r -> r.loaded().rssMiB(), "loaded-rss", 1, "node ≤ 64");
        compare(node, all, "Probe p50, µs", r -> r.probe().p50(), "probe-p50", 1, "≤ the reference");
        compare(node, all, "Probe p90, µs", r -> r.probe().p90(), "probe-p90", 1, "");
        compare(node, all, "Probe p99, µs", r -> r.probe().p99(), "probe-p99", 1, "");
        compare(node, all, "NodeGetInfo p50, µs", r -> r.info().p50(), "nodegetinfo-p50", 1, "≤ the reference");
        compare(node, all, "NodeGetInfo p90, µs", r -> r.info().p90(), "nodegetinfo-p90", 1, "");
        compare(node, all, "NodeGetInfo p99, µs", r -> r.info().p99(), "nodegetinfo-p99", 1, "");
        out.println();
        if (node.isPresent()) {
            aim("node ready ≤ 250 ms after exec", median(node.get(), Run::readyMillis), READY_AIM_MS, "%.0f ms");
            aim("node idle RSS ≤ 40 MiB", median(node.get(), r -> r.idle().rssMiB()), IDLE_RSS_AIM_MIB, "%.1f MiB");
            aim(String.format(Locale.ROOT, "node RSS ≤ 64 MiB after %,d NodeGetInfo/NodeGetVolumeStats calls", loadCalls),
                    median(node.get(), r -> r.loaded().rssMiB()), LOADED_RSS_AIM_MIB, "%.1f MiB");
        } else {
            out.println("aim: node ready, idle and loaded RSS: not measured (node-shipped is not among the variants)");
        }
        for (var mode : List.of(Map.entry("node", node), Map.entry("all", all))) {
            for (var rpc : List.of(Map.entry("Probe", "probe-p50"), Map.entry("NodeGetInfo", "nodegetinfo-p50"))) {
                String label = mode.getKey() + " " + rpc.getKey() + " median ≤ " + ref.map(Reference::name).orElse("the reference") + "'s";
                if (mode.getValue().isEmpty()) {
                    out.printf("aim: %s: not measured (%s-shipped is not among the variants)%n", label, mode.getKey());
                    continue;
                }
                double ours = median(mode.getValue().get(), rpc.getKey().equals("Probe") ? r -> r.probe().p50() : r -> r.info().p50());
                OptionalDouble theirs = ref.isPresent() ? ref.get().get(rpc.getValue()) : OptionalDouble.empty();
                if (theirs.isEmpty()) {
                    out.printf(Locale.ROOT, "aim: %s: unknown (%.1f µs; no %s given in --reference)%n", label, ours, rpc.getValue());
                } else {
                    out.printf(Locale.ROOT, "aim: %s: %s (%.1f µs vs %.1f µs, %.2fx)%n", label, ours <= theirs.getAsDouble() ? "met" : "not met",
                            ours, theirs.getAsDouble(), ours / theirs.getAsDouble());
                }
            }
        }
    }

    /**
     * Where the node's figures go: the JVM with the node's flags (floor-jvm), what grpc-java, Netty
     * and protobuf add to it (floor-grpc − floor-jvm), and polycsi's own (node-shipped − floor-grpc).
     */
    private void floorTable(Map<Variant, List<Run>> timed, Map<Variant, NmtRun> nmt) {
        Optional<List<Run>> jvm = find(timed, FLOOR_JVM);
        Optional<List<Run>> grpc = find(timed, FLOOR_GRPC);
        Optional<List<Run>> node = find(timed, "node-shipped");
        out.println();
        if (jvm.isEmpty() || grpc.isEmpty() || node.isEmpty()) {
            out.println("Where the node's idle RSS goes: needs node-shipped, floor-grpc and floor-jvm among the variants");
            return;
        }
        out.println("Where the node's idle RSS goes: the JVM with the node's flags (floor-jvm), what grpc-java, Netty and protobuf add");
        out.println("(floor-grpc - floor-jvm), and polycsi's own (node-shipped - floor-grpc). Timed figures: medians; NMT and classes:");
        out.println("the one NMT run of each, idle. Each floor maps its own AOT cache, trained by one run; node-shipped the image's node.aot");
        out.println();
        out.printf(Locale.ROOT, "%-36s %10s %16s %14s %13s%n", "", FLOOR_JVM, "grpc-java+Netty", "polycsi's own", "node-shipped");
        out.printf(Locale.ROOT, "%-36s %10s %16s %14s %13s%n", "", "", "+protobuf", "", "");
        split("ready after exec, ms", jvm.get(), grpc.get(), node.get(), Run::readyMillis, 0);
        split("CPU time to ready, ms", jvm.get(), grpc.get(), node.get(), Run::cpuMillis, 0);
        split("idle RSS, MiB", jvm.get(), grpc.get(), node.get(), r -> r.idle().rssMiB(), 1);
        split("  archive (AOT cache) mapped", jvm.get(), grpc.get(), node.get(), r -> r.mappings().archiveMiB(), 1);
        split("    of it written (private)", jvm.get(), grpc.get(), node.get(), r -> r.mappings().archiveDirtyMiB(), 1);
        split("  libjvm.so", jvm.get(), grpc.get(), node.get(), r -> r.mappings().libjvmMiB(), 1);
        split("  other files", jvm.get(), grpc.get(), node.get(), r -> r.mappings().otherFilesMiB(), 1);
        split("  anonymous", jvm.get(), grpc.get(), node.get(), r -> r.mappings().anonymousMiB(), 1);
        // floor-jvm serves no calls: its idle RSS stands for its RSS after the load.
        split(String.format(Locale.ROOT, "RSS after %,d calls, MiB (*)", loadCalls), jvm.get(), grpc.get(), node.get(),
                r -> Double.isNaN(r.loaded().rssMiB()) ? r.idle().rssMiB() : r.loaded().rssMiB(), 1);
        split("threads, idle", jvm.get(), grpc.get(), node.get(), r -> r.idle().threads(), 0);
        Optional<NmtRun> jvmNmt = nmt.entrySet().stream().filter(e -> e.getKey().name().equals(FLOOR_JVM)).map(Map.Entry::getValue).findFirst();
        Optional<NmtRun> grpcNmt = nmt.entrySet().stream().filter(e -> e.getKey().name().equals(FLOOR_GRPC)).map(Map.Entry::getValue).findFirst();
        Optional<NmtRun> nodeNmt = nmt.entrySet().stream().filter(e -> e.getKey().name().equals("node-shipped")).map(Map.Entry::getValue).findFirst();
        if (jvmNmt.isPresent() && grpcNmt.isPresent() && nodeNmt.isPresent()) {
            NmtRun j = jvmNmt.get();
            NmtRun g = grpcNmt.get();
            NmtRun n = nodeNmt.get();
            splitNmt("loaded classes", j, g, n, r -> r.idleClasses(), 0);
            out.println("NMT committed, MiB:");
            splitNmt("  heap", j, g, n, r -> r.idleNmt().category("Java Heap") / 1024.0, 1);
            splitNmt("  metaspace + class space", j, g, n,
                    r -> (r.idleNmt().category("Metaspace") + Math.max(0, r.idleNmt().classSpaceKiB())) / 1024.0, 1);
            splitNmt("  CDS/AOT (shared class space)", j, g, n, r -> r.idleNmt().category("Shared class space") / 1024.0, 1);
            splitNmt("  code", j, g, n, r -> r.idleNmt().category("Code") / 1024.0, 1);
            splitNmt("  threads", j, g, n, r -> r.idleNmt().category("Thread") / 1024.0, 1);
            splitNmt("  symbols", j, g, n, r -> r.idleNmt().category("Symbol") / 1024.0, 1);
            splitNmt("  the rest", j, g, n, r -> (r.idleNmt().totalKiB() - r.idleNmt().category("Java Heap") - r.idleNmt().category("Metaspace")
                    - Math.max(0, r.idleNmt().classSpaceKiB()) - r.idleNmt().category("Shared class space") - r.idleNmt().category("Code")
                    - r.idleNmt().category("Thread") - r.idleNmt().category("Symbol")) / 1024.0, 1);
            splitNmt("  total", j, g, n, r -> r.idleNmt().totalKiB() / 1024.0, 1);
            splitNmt("  of it malloc (all categories)", j, g, n, r -> r.idleNmt().mallocKiB() / 1024.0, 1);
        } else {
            out.println("(loaded classes and NMT: no NMT runs; --nmt-runs 0)");
        }
        out.println();
        out.println("(*) floor-jvm serves no calls: its idle RSS stands in. The differences are of medians (timed) or single runs (NMT),");
        out.println("so each carries the noise of two measurements.");
    }

    private void split(String label, List<Run> jvm, List<Run> grpc, List<Run> node, ToDoubleFunction<Run> figure, int decimals) {
        splitRow(label, median(jvm, figure), median(grpc, figure), median(node, figure), decimals);
    }

    private void splitNmt(String label, NmtRun jvm, NmtRun grpc, NmtRun node, ToDoubleFunction<NmtRun> figure, int decimals) {
        splitRow(label, figure.applyAsDouble(jvm), figure.applyAsDouble(grpc), figure.applyAsDouble(node), decimals);
    }

    private void splitRow(String label, double jvm, double grpc, double node, int decimals) {
        out.printf(Locale.ROOT, "%-36s %10s %16s %14s %13s%n", label, fmt(jvm, decimals), signed(grpc - jvm, decimals),
                signed(node - grpc, decimals), fmt(node, decimals));
    }

    private static String signed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }

    private void compare(Optional<List<Run>> node, Optional<List<Run>> all, String label, ToDoubleFunction<Run> figure, String key,
                         int decimals, String aim) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s %13s %13s", label,
                node.map(rs -> fmt(median(rs, figure), decimals)).orElse("-"), all.map(rs -> fmt(median(rs, figure), decimals)).orElse("-")));
        for (Reference r : references) {
            line.append(String.format(Locale.ROOT, " %14s", r.get(key).isPresent() ? fmt(r.get(key).getAsDouble(), decimals) : "-"));
        }
        line.append("   ").append(aim);
        out.println(line.toString().stripTrailing());
    }

    private void aim(String label, double value, double limit, String format) {
        out.printf(Locale.ROOT, "aim: %s: %s (" + format + ")%n", label, value <= limit ? "met" : "not met", value);
    }

    private static Optional<List<Run>> find(Map<Variant, List<Run>> timed, String name) {
        return timed.entrySet().stream().filter(e -> e.getKey().name().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    private static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String f0(double value) {
        return fmt(value, 0);
    }

    private static String f1(double value) {
        return fmt(value, 1);
    }

    private static double median(List<Run> results, ToDoubleFunction<Run> figure) {
        double[] values = results.stream().mapToDouble(figure).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
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
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true);
            isolate(builder.environment());
            Process p = builder.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return text.lines().skip(1).findFirst().orElse("?").strip();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
