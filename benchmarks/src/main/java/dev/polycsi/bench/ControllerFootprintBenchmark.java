package dev.polycsi.bench;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import dev.polycsi.bench.Footprint.Mappings;
import dev.polycsi.bench.Footprint.Nmt;
import dev.polycsi.bench.Footprint.Status;
import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The controller's resident memory as shipped (issue 14): {@code polycsi controller} in its own
 * process, with the JVM flags and arguments of deploy/kubernetes/base/controller.yaml and an AOT
 * cache trained by deploy/docker/train-aot.sh, under the EBS benchmark's workload
 * ({@link EbsProvisioningBenchmark}: N volumes at once, CreateVolume then ControllerPublishVolume
 * through CSI gRPC over a unix socket, then unpublished and deleted), against a separate
 * {@code polycsi simulator} process whose knobs are set over its control endpoint. The
 * process's RSS is sampled throughout; one more run per variant adds Native Memory Tracking.
 * A benchmark, not a test: it asserts nothing.
 */
public final class ControllerFootprintBenchmark {

    private static final long GIB = 1L << 30;
    private static final String ZONE_KEY = "topology.kubernetes.io/zone";
    private static final Pattern COUNTER = Pattern.compile("\"([^\"]+)\":\\{\"calls\":(\\d+),\"errors\":(\\d+),\"throttled\":(\\d+)[,}]");

    private final ControllerBenchmarkOptions options;
    private final EbsBenchmarkOptions workload;
    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(10)).build();
    private Path work;
    private Path simulatorData;
    private URI simulatorUrl;
    private ControllerManifest manifest;
    private Path cache;
    private List<SimulatedInstance> targets;
    private EventLoopGroup group;
    private List<String> variants;

    private ControllerFootprintBenchmark(ControllerBenchmarkOptions options) {
        this.options = options;
        this.workload = options.workload();
    }

    public static void main(String[] args) throws Exception {
        ControllerBenchmarkOptions options;
        try {
            options = ControllerBenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(ControllerBenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        new ControllerFootprintBenchmark(options).run();
        // gRPC threads may linger; the benchmark is done
        System.exit(0);
    }

    /** One /proc/PID/status reading, at System.nanoTime(). */
    private record Sample(long nanos, Status status) {}

    /** One volume's timeline, in seconds from the start; NaN where it did not get that far. */
    private record Outcome(String volumeId, String instanceId, double published, Optional<String> error) {}

    /** What the workload did: so that the memory figures are known to be of a run that worked. */
    private record Workload(int volumes, int failed, Optional<String> firstError, double totalSeconds, double floorSeconds, int cleanUpFailed,
                            long ec2Calls, long ec2Throttled) {}

    /** One run of the controller: memory at each phase, the workload's outcome, NMT if it was on. */
    private record Run(String variant, int index, boolean nmt, double readyMillis, Status idle, Mappings idleMappings, Status warmupPeak,
                       Status provisioningPeak, Status published, Mappings publishedMappings, Status cleanUpPeak, Status cleanedUp,
                       Status settled, Status runPeak, int samples, Workload workload, Optional<Nmt> publishedNmt, Optional<Nmt> cleanedUpNmt,
                       int publishedClasses, int cleanedUpClasses, int exit, GcLog gc, boolean outOfMemory) {}

    /**
     * The run's -Xlog:gc: collections, their pauses, the most heap in use after a collection (after
     * a young one it includes garbage promoted since the last full one) and after a full one (the
     * live set then), and the most heap committed.
     */
    private record GcLog(int young, int full, double pauseMillis, double maxAfterMiB, double maxAfterFullMiB, double maxCommittedMiB) {
        private static final Pattern PAUSE = Pattern.compile("Pause (Young|Full) .*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

        static GcLog of(Path file) throws IOException {
            int young = 0;
            int full = 0;
            double pause = 0;
            double after = 0;
            double afterFull = Double.NaN;
            double committed = 0;
            for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                boolean isFull = m.group(1).equals("Full");
                if (isFull) {
                    full++;
                    afterFull = Double.isNaN(afterFull) ? Double.parseDouble(m.group(3)) : Math.max(afterFull, Double.parseDouble(m.group(3)));
                } else {
                    young++;
                }
                after = Math.max(after, Double.parseDouble(m.group(3)));
                committed = Math.max(committed, Double.parseDouble(m.group(4)));
                pause += Double.parseDouble(m.group(5));
            }
            return new GcLog(young, full, pause, after, afterFull, committed);
        }
    }

    private void run() throws Exception {
        long benchStarted = System.nanoTime();
        boolean temporary = workload.workDir().isEmpty();
        work = temporary ? Files.createTempDirectory("polycsi-ctl-bench") : Files.createDirectories(workload.workDir().get().toAbsolutePath());
        simulatorData = work.resolve("simulator-data");
        manifest = ControllerManifest.read(options.repo());
        // With no cache in controller.yaml, no-aot is the shipped variant again
        variants = options.variants().stream().filter(v -> !(v.equals("no-aot") && manifest.imageCache().isEmpty())).toList();
        int instances = workload.instanceCount();
        // The simulator's first instance is its "node": attachments to it become loop devices on
        // this machine. Every volume goes to the others, which are API state only.
        targets = SimulatorConfig.defaults(simulatorData).withInstanceCount(instances + 1).instances().subList(1, instances + 1);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Process simulator = null;
        try {
            header();
            if (variants.stream().anyMatch(this::usesCache)) {
                cache = trainCache();
            }
            simulator = startSimulator(instances + 1);
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < options.runs(); r++) {
                for (String variant : variants) {
                    runs.add(runOnce(variant, r, false));
                }
            }
            if (options.nmt()) {
                for (String variant : variants) {
                    runs.add(runOnce(variant, 0, true));
                }
            }
            report(runs);
            out.printf(Locale.ROOT, "%n- load average at the end: %s; the benchmark took %.0f s%n", loadAverage(),
                    (System.nanoTime() - benchStarted) / 1e9);
        } finally {
            if (simulator != null) {
                simulator.destroy();
                if (!simulator.waitFor(30, TimeUnit.SECONDS)) {
                    simulator.destroyForcibly();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    private void header() {
        out.println("## polycsi controller: resident memory under the EBS provisioning workload");
        out.println();
        out.printf(Locale.ROOT, "- %s; java %s %s (%s); %d CPUs; load average at the start %s%n", Instant.now(),
                System.getProperty("java.runtime.name"), System.getProperty("java.runtime.version"), options.java(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        out.printf(Locale.ROOT, "- as shipped: %s gives the polycsi container %s=\"%s\" and the arguments %s (endpoint moved here); "
                        + "memory request %s, limit %s%n", options.repo().relativize(manifest.yaml()), manifest.optionsVariable(),
                String.join(" ", manifest.flags()), String.join(" ", manifest.args()), manifest.memoryRequest().orElse("none"),
                manifest.memoryLimit().orElse("none"));
        out.printf(Locale.ROOT, "- every run: java -jar polycsi.jar %s --simulate --simulator-url URL --simulator-data DIR%s%n",
                String.join(" ", manifest.args(Path.of("<work>/csi.sock"))), extraArgs().isEmpty() ? "" : " " + String.join(" ", extraArgs()));
    }

    /** Runs deploy/docker/train-aot.sh JAVA JAR DIR, as the image's RUN step does, unless the cache is there already. */
    private Path trainCache() throws IOException, InterruptedException {
        String name = manifest.imageCache().map(c -> Path.of(c).getFileName().toString()).orElse("controller.aot");
        Path dir = options.aotDir().orElse(work.resolve("aot"));
        Path file = dir.resolve(name);
        // A cache fits only the JAR it was trained with (the JVM checks its size and time): reuse
        // one only if it is newer than the JAR.
        if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(options.jar())) > 0) {
            out.printf(Locale.ROOT, "- AOT cache: %s (%.1f MiB), trained before by sh deploy/docker/train-aot.sh JAVA JAR DIR with this "
                    + "JAR (--aot-dir), in place of %s%n", file, Files.size(file) / 1048576.0, manifest.imageCache().orElse("the image's"));
            return file;
        }
        Files.createDirectories(dir);
        Path script = options.repo().resolve("deploy/docker/train-aot.sh");
        Path log = work.resolve("train-aot.log");
        progress.printf("training the AOT cache: sh %s %s %s %s controller%n", script, options.java(), options.jar(), dir);
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString(), options.java().toString(), options.jar().toString(), dir.toString(),
                "controller")
                .directory(options.repo().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        StartupBenchmark.isolate(builder.environment());
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the AOT training did not finish within 5 minutes; log: " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("the AOT training failed (exit " + process.exitValue() + ", " + file + " "
                    + (Files.exists(file) ? "written" : "missing") + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        out.printf(Locale.ROOT, "- AOT cache: trained as deploy/docker/Dockerfile's RUN step does, by sh deploy/docker/train-aot.sh JAVA JAR "
                + "DIR controller with this java and JAR: %.1f s; %s is %.1f MiB, in place of %s%n", (System.nanoTime() - started) / 1e9, name,
                Files.size(file) / 1048576.0, manifest.imageCache().orElse("the image's"));
        return file;
    }

    /** {@code polycsi simulator --port 0}, which prints its URL as the first line of its output. */
    private Process startSimulator(int instances) throws IOException, InterruptedException {
        Path stdout = work.resolve("simulator.out");
        Path log = work.resolve("simulator.log");
        List<String> command = List.of(options.java().toString(), "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar", options.jar().toString(),
                "simulator", "--port", "0", "--simulator-data", simulatorData.toString(), "--simulator-instances", Integer.toString(instances),
                "--log-level", "warn");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile());
        StartupBenchmark.isolate(builder.environment());
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<String> lines = Files.exists(stdout) ? Files.readAllLines(stdout) : List.of();
            if (!lines.isEmpty() && !lines.getFirst().isBlank()) {
                simulatorUrl = URI.create(lines.getFirst().strip());
                break;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the simulator did not start:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        Map<String, String> knobs = workload.runKnobs();
        String zones = targets.stream().collect(Collectors.groupingBy(SimulatedInstance::zone, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getValue() + " in " + e.getKey()).collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "- simulator: a separate '%s' (pid %d) at %s; API-only but for one sparse file per volume under its data "
                        + "directory: every volume is published to an instance other than its first (whose attachments would be loop devices)%n",
                String.join(" ", command.subList(4, command.size())).replace(simulatorData.toString(), "DIR"), process.pid(), simulatorUrl);
        out.printf(Locale.ROOT, "- workload: as benchmarks/ebs.sh: %d volumes at once, each CreateVolume (backend=ebs, gp3, %d GiB, the instance's zone) "
                        + "then ControllerPublishVolume, volume i to instance i mod %d: %d x %s (its only type; %d attachments each): %s%n",
                workload.volumes(), workload.sizeGiB(), targets.size(), targets.size(), SimulatorConfig.DEFAULT_INSTANCE_TYPE,
                workload.attachmentLimit(), zones);
        out.printf(Locale.ROOT, "- knobs of the timed run (POST /_polycsi/knobs): %s%n", knobs.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        out.printf(Locale.ROOT, "- before it %d warm-up volume(s) per instance without knobs (one round at a time, the instances in parallel), "
                + "then removed; after it every volume ControllerUnpublishVolume + DeleteVolume, knobs reset (the controller still paces "
                + "itself at EC2's default rates)%n", workload.warmupPerDriver());
        out.printf(Locale.ROOT, "- memory: VmRSS, RssAnon, RssFile and Threads of /proc/PID/status every %d ms from exec to exit; idle is "
                + "%d ms after Probe says ready%n", options.sampleMillis(), options.idleMillis());
        return process;
    }

    private List<String> extraArgs() {
        List<String> args = new ArrayList<>();
        workload.backendOptions().forEach(o -> args.addAll(List.of("--backend-option", o)));
        args.addAll(options.extraControllerArgs());
        return args;
    }

    private List<String> flags(String variant, boolean nmt) {
        List<String> flags = new ArrayList<>(switch (variant) {
            case "shipped" -> manifest.flagsWithCache(cache);
            case "no-aot" -> manifest.flagsWithoutCache();
            default -> customWords(variant).stream().filter(w -> !isEnvironment(w))
                    .map(f -> f.startsWith(ControllerManifest.AOT_CACHE) ? ControllerManifest.AOT_CACHE + cache : f).toList();
        });
        if (nmt) {
            flags.add("-XX:NativeMemoryTracking=summary");
        }
        return flags;
    }

    private List<String> customWords(String variant) {
        return List.of(options.customVariants().get(variant).strip().split("\\s+"));
    }

    /** A NAME=FLAGS variant's leading VAR=VALUE words: environment, as a pod's env would set it. */
    private static boolean isEnvironment(String word) {
        return word.matches("[A-Z_][A-Z0-9_]*=.*");
    }

    private Map<String, String> environment(String variant) {
        return options.customVariants().containsKey(variant) ? customWords(variant).stream().filter(ControllerFootprintBenchmark::isEnvironment)
                .collect(Collectors.toMap(w -> w.substring(0, w.indexOf('=')), w -> w.substring(w.indexOf('=') + 1), (a, b) -> b, TreeMap::new))
                : Map.of();
    }

    private boolean usesCache(String variant) {
        return variant.equals("shipped") && manifest.imageCache().isPresent()
                || options.customVariants().containsKey(variant) && customWords(variant).stream().anyMatch(w -> w.startsWith(ControllerManifest.AOT_CACHE));
    }

    private Run runOnce(String variant, int index, boolean nmt) throws Exception {
        String tag = variant + (nmt ? "-nmt" : "") + "-" + index;
        Path dir = Files.createDirectories(work.resolve("runs").resolve(tag));
        Path socket = dir.resolve("csi.sock");
        Path log = dir.resolve("polycsi.log");
        Path jcmd = options.java().resolveSibling("jcmd");
        List<String> flags = flags(variant, nmt);
        Path gcLog = dir.resolve("gc.log");
        // Every collection's heap before -> after (committed), for the live set and the growth
        List<String> command = new ArrayList<>(List.of(options.java().toString(), "-Xlog:gc:file=" + gcLog, "-jar", options.jar().toString()));
        command.addAll(manifest.args(socket));
        command.addAll(List.of("--simulate", "--simulator-url", simulatorUrl.toString(), "--simulator-data", simulatorData.toString()));
        command.addAll(extraArgs());
        Files.writeString(dir.resolve("command"), environment(variant).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + " ")
                .collect(Collectors.joining()) + manifest.optionsVariable() + "='" + String.join(" ", flags) + "' " + String.join(" ", command) + "\n");
        progress.printf("%s: starting%n", tag);

        control("knobs/reset", ""); // the warm-up goes fast and unthrottled
        ManagedChannel channel = channel(socket);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        StartupBenchmark.isolate(builder.environment());
        builder.environment().put(manifest.optionsVariable(), String.join(" ", flags)); // as the pod passes them
        builder.environment().putAll(environment(variant));
        List<Sample> samples = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        Process process = builder.start();
        Thread sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> sample(process, samples));
        try {
            double ready = awaitReady(process, socket, log, channel, started);
            Thread.sleep(options.idleMillis());
            Status idle = Status.of(process.pid());
            Mappings idleMappings = Mappings.of(process.pid());
            if (usesCache(variant) && !idleMappings.archive().contains(cache.getFileName().toString())) {
                // The JVM runs on without an archive at all: figures of no use as the shipped ones.
                throw new IllegalStateException("the JVM did not map " + cache + " (mapped: '" + idleMappings.archive() + "'); its log:\n"
                        + Files.readAllLines(log).stream().filter(l -> l.contains("[aot]")).collect(Collectors.joining("\n")));
            }

            long warmupStart = System.nanoTime();
            warmUp(channel, tag);
            long warmupEnd = System.nanoTime();

            control("knobs", workload.runKnobs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
            control("counters/reset", "");
            progress.printf("%s: ready after %.0f ms; provisioning %d volumes%n", tag, ready, workload.volumes());
            long provisionStart = System.nanoTime();
            List<Outcome> outcomes = provision(channel, "pvc-" + tag, workload.volumes());
            long provisionEnd = System.nanoTime();
            Status published = Status.of(process.pid()); // before jcmd, whose attach starts a thread
            Mappings publishedMappings = Mappings.of(process.pid());
            Optional<Nmt> publishedNmt = nmt ? Optional.of(Nmt.of(jcmd, process.pid())) : Optional.empty();
            int publishedClasses = nmt ? Footprint.loadedClasses(jcmd, process.pid()) : -1;
            Map<String, long[]> counters = counters();

            control("knobs/reset", "");
            progress.printf("%s: cleaning up%n", tag);
            long cleanUpStart = System.nanoTime();
            int cleanUpFailed = cleanUp(channel, outcomes);
            long cleanUpEnd = System.nanoTime();
            Status cleanedUp = Status.of(process.pid());
            Thread.sleep(options.idleMillis());
            Status settled = Status.of(process.pid());
            Optional<Nmt> cleanedUpNmt = nmt ? Optional.of(Nmt.of(jcmd, process.pid())) : Optional.empty();
            int cleanedUpClasses = nmt ? Footprint.loadedClasses(jcmd, process.pid()) : -1;

            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            process.destroy(); // SIGTERM, as the kubelet stops it
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("polycsi controller did not exit within 60 s of SIGTERM; log: " + log);
            }
            sampler.join();
            Workload done = workload(outcomes, counters, cleanUpFailed);
            return new Run(variant, index, nmt, ready, idle, idleMappings, peak(samples, warmupStart, warmupEnd), peak(samples, provisionStart, provisionEnd),
                    published, publishedMappings, peak(samples, cleanUpStart, cleanUpEnd), cleanedUp, settled, peak(samples, started, Long.MAX_VALUE),
                    samples.size(), done, publishedNmt, cleanedUpNmt, publishedClasses, cleanedUpClasses, process.exitValue(), GcLog.of(gcLog),
                    Files.readString(log).contains("OutOfMemoryError"));
        } finally {
            channel.shutdownNow();
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            control("knobs/reset", "");
        }
    }

    /** Reads /proc/PID/status every sample period until the process is gone. */
    private void sample(Process process, List<Sample> samples) {
        long period = TimeUnit.MILLISECONDS.toNanos(options.sampleMillis());
        long next = System.nanoTime();
        while (process.isAlive()) {
            try {
                samples.add(new Sample(System.nanoTime(), Status.of(process.pid())));
            } catch (IOException | RuntimeException gone) {
                return; // exited between the check and the read
            }
            next += period;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    /** The sample of highest RSS within [from, to]. */
    private static Status peak(List<Sample> samples, long from, long to) {
        return samples.stream().filter(s -> s.nanos() >= from && s.nanos() <= to && !Double.isNaN(s.status().rssMiB()))
                .max(Comparator.comparingDouble(s -> s.status().rssMiB())).map(Sample::status).orElse(Status.NONE);
    }

    /** Loads classes and opens connections as the EBS benchmark's warm-up does; a failure stops the benchmark. */
    private void warmUp(ManagedChannel channel, String tag) throws Exception {
        List<Outcome> done = new ArrayList<>();
        for (int round = 0; round < workload.warmupPerDriver(); round++) {
            List<Future<Outcome>> futures = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < targets.size(); t++) {
                    SimulatedInstance target = targets.get(t);
                    String name = "warmup-" + tag + "-" + round + "-" + t;
                    futures.add(threads.submit(() -> provisionOne(channel, target, name, System.nanoTime())));
                }
            }
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                if (outcome.error().isPresent()) {
                    throw new IllegalStateException("warm-up failed: " + outcome.error().get());
                }
                done.add(outcome);
            }
        }
        int failed = cleanUp(channel, done);
        if (failed > 0) {
            throw new IllegalStateException("warm-up: " + failed + " volumes could not be removed");
        }
    }

    /** N volumes at once, each on its own virtual thread, released together as EbsProvisioningBenchmark does. */
    private List<Outcome> provision(ManagedChannel channel, String prefix, int volumes) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < volumes; i++) {
                SimulatedInstance target = targets.get(i % targets.size());
                String name = "%s-%04d".formatted(prefix, i);
                futures.add(threads.submit(() -> {
                    go.await();
                    return provisionOne(channel, target, name, start[0]);
                }));
            }
            Thread.sleep(200); // every thread parked on the latch
            start[0] = System.nanoTime();
            go.countDown();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }

    /** The EBS benchmark's requests: what external-provisioner (WaitForFirstConsumer) and external-attacher send. */
    private Outcome provisionOne(ManagedChannel channel, SimulatedInstance target, String name, long start) {
        ControllerGrpc.ControllerBlockingStub controller = ControllerGrpc.newBlockingStub(channel);
        Csi.VolumeCapability capability = Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
        Csi.Topology zone = Csi.Topology.newBuilder().putSegments(ZONE_KEY, target.zone()).build();
        String volumeId = "";
        try {
            volumeId = controller.withDeadlineAfter(10, TimeUnit.MINUTES).createVolume(Csi.CreateVolumeRequest.newBuilder()
                    .setName(name)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(workload.sizeGiB() * GIB))
                    .addVolumeCapabilities(capability)
                    .putParameters("type", "gp3")
                    // polycsi as shipped serves every built-in backend: the StorageClass names one
                    .putParameters("backend", "ebs")
                    .setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder().addRequisite(zone).addPreferred(zone))
                    .build()).getVolume().getVolumeId();
            controller.withDeadlineAfter(10, TimeUnit.MINUTES).controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setNodeId(target.id())
                    .setVolumeCapability(capability)
                    .build());
            return new Outcome(volumeId, target.id(), (System.nanoTime() - start) / 1e9, Optional.empty());
        } catch (StatusRuntimeException e) {
            String step = volumeId.isEmpty() ? "CreateVolume" : "ControllerPublishVolume";
            return new Outcome(volumeId, target.id(), Double.NaN, Optional.of(step + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription()));
        }
    }

    /** Unpublishes and deletes whatever was made, all at once; returns how many could not be removed. */
    private int cleanUp(ManagedChannel channel, List<Outcome> outcomes) {
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Outcome outcome : outcomes) {
                if (outcome.volumeId().isEmpty()) {
                    continue;
                }
                results.add(threads.submit(() -> {
                    ControllerGrpc.ControllerBlockingStub controller = ControllerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES);
                    try {
                        controller.controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                                .setVolumeId(outcome.volumeId()).setNodeId(outcome.instanceId()).build());
                        controller.deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(outcome.volumeId()).build());
                        return true;
                    } catch (StatusRuntimeException e) {
                        progress.printf("clean-up of %s: %s%n", outcome.volumeId(), e.getStatus());
                        return false;
                    }
                }));
            }
        }
        return (int) results.stream().filter(f -> !f.resultNow()).count();
    }

    private Workload workload(List<Outcome> outcomes, Map<String, long[]> counters, int cleanUpFailed) {
        List<Outcome> failed = outcomes.stream().filter(o -> o.error().isPresent()).toList();
        double total = outcomes.stream().filter(o -> o.error().isEmpty()).mapToDouble(Outcome::published).max().orElse(Double.NaN);
        Map<String, String> knobs = workload.runKnobs();
        EbsFloor floor = EbsFloor.compute(outcomes.size(), bucket(knobs, "CreateVolume"), bucket(knobs, "mutating"), workload.availableDelay(),
                workload.attachedDelay());
        long calls = counters.values().stream().mapToLong(v -> v[0]).sum();
        long throttled = counters.values().stream().mapToLong(v -> v[2]).sum();
        return new Workload(outcomes.size(), failed.size(), failed.stream().findFirst().flatMap(Outcome::error), total, floor.total(), cleanUpFailed,
                calls, throttled);
    }

    private static Optional<EbsFloor.Bucket> bucket(Map<String, String> knobs, String bucketClass) {
        String spec = knobs.get("throttle.ec2." + bucketClass);
        return spec == null || spec.equals("off") ? Optional.empty() : Optional.of(EbsFloor.Bucket.parse(spec));
    }

    /** POST to the simulator's control endpoint ({@code /_polycsi/PATH}). */
    private void control(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(simulatorUrl.resolve("/_polycsi/" + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /_polycsi/" + path + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The simulator's counters: calls, errors, throttled per service.Action. */
    private Map<String, long[]> counters() throws IOException, InterruptedException {
        String json = http.send(HttpRequest.newBuilder(simulatorUrl.resolve("/_polycsi/counters")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, long[]> counters = new TreeMap<>();
        Matcher m = COUNTER.matcher(json);
        while (m.find()) {
            counters.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
        }
        return counters;
    }

    /** Polls Probe until it says ready; the milliseconds since {@code started}. */
    private static double awaitReady(Process process, Path socket, Path log, ManagedChannel channel, long started) throws IOException {
        IdentityGrpc.IdentityBlockingStub stub = IdentityGrpc.newBlockingStub(channel);
        long deadline = started + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("polycsi controller exited with " + process.exitValue() + " before it was ready:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("polycsi controller was not ready within 120 s:\n" + Files.readString(log));
            }
            if (Files.exists(socket)) {
                try {
                    if (stub.withDeadlineAfter(10, TimeUnit.SECONDS).probe(Csi.ProbeRequest.getDefaultInstance()).getReady().getValue()) {
                        return (System.nanoTime() - started) / 1e6;
                    }
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE) {
                        throw e;
                    }
                    channel.resetConnectBackoff(); // not accepting yet: again at once, not after the channel's back-off
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                .eventLoopGroup(group)
                .channelType(NioDomainSocketChannel.class)
                .overrideAuthority("localhost")
                // Not a TCP socket: Netty would warn about this option on every connection.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .usePlaintext()
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // The report

    private void report(List<Run> runs) {
        out.println();
        out.println("Variants (each with controller.yaml's arguments and the separate simulator):");
        for (String variant : variants) {
            out.printf(Locale.ROOT, "  %-10s %s%n", variant, switch (variant) {
                case "shipped" -> manifest.imageCache().isPresent() ? "controller.yaml's flags, the cache trained by train-aot.sh in place of the image's"
                        : "controller.yaml's flags";
                case "no-aot" -> "controller.yaml's flags without -XX:AOTCache (the JDK's own CDS archive instead)";
                default -> usesCache(variant) ? "given flags, with the cache trained by train-aot.sh" : "given flags, no AOT cache";
            });
            String env = environment(variant).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + " ").collect(Collectors.joining());
            out.printf(Locale.ROOT, "             %s%s=\"%s\"%n", env, manifest.optionsVariable(), String.join(" ", flags(variant, false)));
        }

        out.println();
        out.println("The workload, per run (seconds from the start of the timed run; floor: EbsFloor, what an ideal client achieves)");
        out.println();
        out.printf(Locale.ROOT, "%-16s %8s %9s %13s %7s %6s %9s %9s %9s %5s%n", "run", "ready ms", "failed", "all published", "floor", "ratio",
                "clean-up", "EC2 calls", "throttled", "exit");
        for (Run r : runs) {
            Workload w = r.workload();
            out.printf(Locale.ROOT, "%-16s %8.0f %9s %13.2f %7.2f %5.2fx %9s %9d %9d %5d%n", name(r), r.readyMillis(), w.failed() + " of " + w.volumes(),
                    w.totalSeconds(), w.floorSeconds(), w.totalSeconds() / w.floorSeconds(), w.cleanUpFailed() == 0 ? "ok" : w.cleanUpFailed() + " left",
                    w.ec2Calls(), w.ec2Throttled(), r.exit());
        }
        runs.stream().filter(r -> r.workload().firstError().isPresent()).findFirst()
                .ifPresent(r -> out.printf("first failure (%s): %s%n", name(r), r.workload().firstError().get()));
        out.println("clean-up: every volume ControllerUnpublishVolume then DeleteVolume; EC2 calls: the timed run's, from the simulator's counters");

        out.println();
        out.printf(Locale.ROOT, "Resident memory of the controller, MiB (/proc/PID/status; peaks: the sample of highest VmRSS, every %d ms)%n",
                options.sampleMillis());
        out.println();
        out.printf(Locale.ROOT, "%-16s %-36s %8s %8s %8s %8s%n", "run", "when", "RSS", "anon", "file", "threads");
        for (Run r : runs) {
            String n = name(r);
            status(n, String.format(Locale.ROOT, "idle, %d ms after ready", options.idleMillis()), r.idle());
            status("", "warm-up, peak", r.warmupPeak());
            status("", "provisioning, peak", r.provisioningPeak());
            status("", "all published (end)", r.published());
            status("", "clean-up, peak", r.cleanUpPeak());
            status("", "after clean-up", r.cleanedUp());
            status("", String.format(Locale.ROOT, "%d ms after clean-up", options.idleMillis()), r.settled());
            status("", "peak of the whole run (" + r.samples() + " samples)", r.runPeak());
        }
        out.println("(NMT runs: NMT costs memory itself, and the jcmd calls at the end add a thread)");

        out.println();
        out.println("Resident memory by mapping, MiB (/proc/PID/smaps), idle / all published: the class data archive (AOT cache or CDS),");
        out.println("of it the pages written (private), libjvm.so, other files, anonymous memory (heap, metaspace, code, stacks, malloc)");
        out.println();
        out.printf(Locale.ROOT, "%-16s %-16s %15s %15s %15s %15s %15s%n", "run", "archive", "archive", "written", "libjvm", "other files", "anonymous");
        for (Run r : runs) {
            Mappings a = r.idleMappings();
            Mappings b = r.publishedMappings();
            out.printf(Locale.ROOT, "%-16s %-16s %15s %15s %15s %15s %15s%n", name(r), a.archive(), pair(a.archiveMiB(), b.archiveMiB()),
                    pair(a.archiveDirtyMiB(), b.archiveDirtyMiB()), pair(a.libjvmMiB(), b.libjvmMiB()), pair(a.otherFilesMiB(), b.otherFilesMiB()),
                    pair(a.anonymousMiB(), b.anonymousMiB()));
        }

        out.println();
        out.println("The Java heap, from -Xlog:gc (added to every run): collections, their pauses, the most heap in use after a young");
        out.println("collection (it holds garbage promoted since the last full one) and after a full one (live), the most committed");
        out.println();
        out.printf(Locale.ROOT, "%-16s %6s %5s %9s %12s %12s %12s %6s%n", "run", "young", "full", "pause ms", "after, MiB", "after full",
                "committed", "OOME");
        for (Run r : runs) {
            GcLog g = r.gc();
            out.printf(Locale.ROOT, "%-16s %6d %5d %9.0f %12.0f %12s %12.0f %6s%n", name(r), g.young(), g.full(), g.pauseMillis(), g.maxAfterMiB(),
                    Double.isNaN(g.maxAfterFullMiB()) ? "-" : String.format(Locale.ROOT, "%.0f", g.maxAfterFullMiB()), g.maxCommittedMiB(),
                    r.outOfMemory() ? "YES" : "no");
        }

        out.println();
        out.println("Summary: RSS MiB idle, at all published, the whole run's peak and 3 s after clean-up; heap MiB; seconds to all published");
        out.println();
        out.printf(Locale.ROOT, "%-16s %8s %7s %8s %10s %7s %8s %10s %11s %7s%n", "run", "ready ms", "failed", "idle", "published", "peak",
                "settled", "heap used", "committed", "ratio");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "%-16s %8.0f %7d %8.1f %10.1f %7.1f %8.1f %10.0f %11.0f %6.2fx%n", name(r), r.readyMillis(), r.workload().failed(),
                    r.idle().rssMiB(), r.published().rssMiB(), r.runPeak().rssMiB(), r.settled().rssMiB(), r.gc().maxAfterMiB(),
                    r.gc().maxCommittedMiB(), r.workload().totalSeconds() / r.workload().floorSeconds());
        }

        List<Run> nmtRuns = runs.stream().filter(r -> r.publishedNmt().isPresent()).toList();
        if (!nmtRuns.isEmpty()) {
            nmtTable(nmtRuns);
        }
        aims(runs);
    }

    private void status(String run, String when, Status s) {
        out.printf(Locale.ROOT, "%-16s %-36s %8.1f %8.1f %8.1f %8d%n", run, when, s.rssMiB(), s.anonMiB(), s.fileMiB(), s.threads());
    }

    private void nmtTable(List<Run> runs) {
        out.println();
        out.println("Native memory, the NMT runs: committed MiB from 'jcmd PID VM.native_memory summary', all published / after");
        out.println("clean-up (NMT's committed is not RSS: untouched committed pages are not resident, and RSS counts mapped files)");
        out.println();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-36s", "NMT category"));
        runs.forEach(r -> head.append(String.format(Locale.ROOT, " %19s", name(r))));
        out.println(head);
        List<String> named = List.of("Java Heap", "Metaspace", "Class", "Code", "Thread", "Shared class space", "Symbol", "GC", "Compiler",
                "Native Memory Tracking");
        nmtRow(runs, "heap (Java Heap)", n -> n.category("Java Heap") / 1024.0);
        nmtRow(runs, "metaspace, non-class (Metaspace)", n -> n.category("Metaspace") / 1024.0);
        nmtRow(runs, "class space (of Class)", n -> n.classSpaceKiB() / 1024.0);
        nmtRow(runs, "class, malloc (rest of Class)", n -> (n.category("Class") - Math.max(0, n.classSpaceKiB())) / 1024.0);
        nmtRow(runs, "code (Code)", n -> n.category("Code") / 1024.0);
        nmtRow(runs, "threads: stacks etc. (Thread)", n -> n.category("Thread") / 1024.0);
        nmtRow(runs, "CDS/AOT (Shared class space)", n -> n.category("Shared class space") / 1024.0);
        nmtRow(runs, "symbols (Symbol)", n -> n.category("Symbol") / 1024.0);
        nmtRow(runs, "GC", n -> n.category("GC") / 1024.0);
        nmtRow(runs, "compiler (Compiler)", n -> n.category("Compiler") / 1024.0);
        // Any other category of half a MiB or more on its own row, the rest together.
        List<String> large = runs.stream().flatMap(r -> Stream.of(r.publishedNmt().get(), r.cleanedUpNmt().get()))
                .flatMap(n -> n.committedKiB().entrySet().stream())
                .filter(e -> !named.contains(e.getKey()) && e.getValue() >= 512).map(Map.Entry::getKey).distinct().toList();
        for (String category : large) {
            nmtRow(runs, category, n -> n.category(category) / 1024.0);
        }
        nmtRow(runs, "the other categories", n -> n.committedKiB().entrySet().stream()
                .filter(e -> !named.contains(e.getKey()) && !large.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum() / 1024.0);
        nmtRow(runs, "NMT's own overhead", n -> n.category("Native Memory Tracking") / 1024.0);
        nmtRow(runs, "total committed", n -> n.totalKiB() / 1024.0);
        nmtRow(runs, "  of which malloc (all categories)", n -> n.mallocKiB() / 1024.0);
        cells(runs, "RSS of this run (with NMT)", r -> pair(r.published().rssMiB(), r.cleanedUp().rssMiB()));
        cells(runs, "threads (/proc)", r -> r.published().threads() + " / " + r.cleanedUp().threads());
        cells(runs, "loaded classes (classloader_stats)", r -> r.publishedClasses() + " / " + r.cleanedUpClasses());
        out.println();
        out.println("Loaded classes: the total of 'jcmd PID VM.classloader_stats' (hidden classes included).");
    }

    private void nmtRow(List<Run> runs, String label, Function<Nmt, Double> figure) {
        cells(runs, label, r -> pair(figure.apply(r.publishedNmt().get()), figure.apply(r.cleanedUpNmt().get())));
    }

    private void cells(List<Run> runs, String label, Function<Run, String> cell) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-36s", label));
        runs.forEach(r -> line.append(String.format(Locale.ROOT, " %19s", cell.apply(r))));
        out.println(line);
    }

    /** Issue 14's aim for the controller, beside controller.yaml's request and limit. */
    private void aims(List<Run> runs) {
        Optional<Double> request = manifest.memoryRequest().flatMap(ControllerManifest::mebibytes);
        Optional<Double> limit = manifest.memoryLimit().flatMap(ControllerManifest::mebibytes);
        double aim = request.orElse(160.0);
        out.println();
        out.printf(Locale.ROOT, "controller.yaml's polycsi container: memory request %s, limit %s%n", manifest.memoryRequest().orElse("none"),
                manifest.memoryLimit().orElse("none"));
        for (String variant : variants) {
            List<Run> plain = runs.stream().filter(r -> r.variant().equals(variant) && !r.nmt()).toList();
            if (plain.isEmpty()) {
                continue;
            }
            double peak = plain.stream().mapToDouble(r -> r.runPeak().rssMiB()).max().orElse(Double.NaN);
            double idle = plain.stream().mapToDouble(r -> r.idle().rssMiB()).max().orElse(Double.NaN);
            int failed = plain.stream().mapToInt(r -> r.workload().failed()).sum();
            String what = variant.equals("shipped") ? "aim: the controller as shipped" : "     for comparison, " + variant + ",";
            out.printf(Locale.ROOT, "%s under the %d-volume EBS workload: RSS ≤ %.0f MiB (its request): %s (peak %.1f MiB, idle %.1f MiB%s%s)%n",
                    what, workload.volumes(), aim, peak <= aim ? "met" : "not met", peak, idle,
                    limit.map(l -> String.format(Locale.ROOT, "; limit %.0f MiB: %s", l, peak <= l ? "within" : "EXCEEDED")).orElse(""),
                    failed == 0 ? "" : "; " + failed + " volumes failed");
        }
    }

    private String name(Run r) {
        return r.variant() + (r.nmt() ? " +NMT" : options.runs() > 1 ? " #" + (r.index() + 1) : "");
    }

    private static String pair(double a, double b) {
        return String.format(Locale.ROOT, "%.1f / %.1f", a, b);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(" ", Arrays.asList(parts).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

}
