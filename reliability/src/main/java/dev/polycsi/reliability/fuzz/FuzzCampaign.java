package dev.polycsi.reliability.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import dev.polycsi.spi.BackendFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hostile input through the real gRPC server: {@code polycsi all --simulate} as a child process
 * (every built-in backend, in a mount namespace of its own when root), fed every unary RPC of
 * csi.proto from {@link Generator} in batches, then every StorageClass, VolumeSnapshotClass and
 * VolumeAttributesClass parameter of every backend with bad values ({@link ParameterSweep}).
 * After each batch: the driver is alive and ready, no file changed outside the paths the batch's
 * requests named ({@link Sandbox}), no mount came or went outside the campaign's directories.
 * Every answer must carry a code CSI documents for the RPC; UNKNOWN, INTERNAL and a call that
 * outlives its deadline are findings. Prints its figures and exits 1 on findings.
 *
 * <pre>
 *   FuzzCampaign [--seed N] [--requests N] [--duration 4m] [--threads 3] [--deadline 20s]
 *                [--parameters full|short|none] [--work DIR] [--keep]
 * </pre>
 */
public final class FuzzCampaign {

    /** The codes the brief documents for bad input; OK is fine for a request valid by chance. */
    static final Set<Status.Code> DOCUMENTED = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED, Status.Code.UNIMPLEMENTED);

    public record Options(long seed, int requests, Duration duration, int threads, Duration deadline, String parameters, Path work,
            boolean keep, int batch) {

        public static Options parse(String... args) {
            long seed = System.nanoTime() & 0xFFFF_FFFFL;
            int requests = 20_000;
            Duration duration = Duration.ofMinutes(4);
            int threads = 3;
            Duration deadline = Duration.ofSeconds(20);
            String parameters = "full";
            Path work = null;
            boolean keep = false;
            int batch = 150;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--requests" -> requests = Integer.parseInt(args[++i]);
                    case "--duration" -> duration = duration(args[++i]);
                    case "--threads" -> threads = Integer.parseInt(args[++i]);
                    case "--deadline" -> deadline = duration(args[++i]);
                    case "--parameters" -> parameters = args[++i];
                    case "--work" -> work = Path.of(args[++i]);
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    case "--keep" -> keep = true;
                    case "-h", "--help" -> {
                        System.out.println("""
                                FuzzCampaign: every CSI RPC with hostile input through the real gRPC server.
                                  --seed N            the campaign's seed (default: random, printed)
                                  --requests N        requests of the generic phase (default 20000)
                                  --duration D        at most this long for the generic phase, e.g. 4m, 90s (default 4m)
                                  --threads N         concurrent calls (default 3)
                                  --deadline D        each call's deadline; a call that outlives it is a hang (default 20s)
                                  --parameters MODE   StorageClass parameter sweep: full, short or none (default full)
                                  --batch N           requests between two checks of the host (default 150)
                                  --work DIR          the campaign's directory (default: a new one under /tmp)
                                  --keep              keep the directory and the driver's log""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "' (see --help)");
                }
            }
            if (!Set.of("full", "short", "none").contains(parameters)) {
                throw new IllegalArgumentException("--parameters: full, short or none");
            }
            return new Options(seed, requests, duration, threads, deadline, parameters, work, keep, batch);
        }

        private static Duration duration(String text) {
            String value = text.strip().toLowerCase(java.util.Locale.ROOT);
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new IllegalArgumentException("a duration like 90s or 6m: " + text);
            };
        }
    }

    /** One kind of problem, with how often it was seen and its first example. */
    public record Finding(String kind, String rpc, String what, String example, int count) {
        @Override
        public String toString() {
            return "[" + kind + "] " + rpc + ": " + what + (count > 1 ? " (" + count + " times)" : "") + "\n      e.g. " + example;
        }
    }

    /** The figures of one run. */
    public static final class Report {
        final Map<String, Map<Status.Code, Integer>> codes = new TreeMap<>();
        final Map<String, Map<String, Integer>> kinds = new TreeMap<>();
        final Map<String, Long> slowestMillis = new TreeMap<>();
        final Map<String, Map<Status.Code, Integer>> parameterCodes = new TreeMap<>();
        final Map<String, Finding> findings = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        int parameterCases;
        int unknownKeysRefused;
        int unknownKeys;
        int badValuesNamingKey;
        int badValuesRefused;
        long seed;
        Duration took = Duration.ZERO;
        Duration genericTook = Duration.ZERO;
        Duration parametersTook = Duration.ZERO;
        int batches;
        /** INTERNAL answers this host's limits explain (no CAP_SYS_RESOURCE for an online resize), not counted as findings. */
        int environment;

        public List<Finding> findings() {
            return List.copyOf(findings.values());
        }

        public int requests() {
            return codes.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).sum()).sum();
        }

        public Map<String, Map<Status.Code, Integer>> codes() {
            return Collections.unmodifiableMap(codes);
        }

        public int parameterCases() {
            return parameterCases;
        }

        synchronized void count(String rpc, String kind, Status.Code code, Duration took) {
            codes.computeIfAbsent(rpc, k -> new EnumMap<>(Status.Code.class)).merge(code, 1, Integer::sum);
            kinds.computeIfAbsent(rpc, k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
            slowestMillis.merge(rpc, took.toMillis(), Math::max);
        }

        synchronized void find(String kind, String rpc, String what, String example) {
            String key = kind + "|" + rpc + "|" + normalise(what);
            findings.merge(key, new Finding(kind, rpc, what, example, 1),
                    (old, added) -> new Finding(old.kind(), old.rpc(), old.what(), old.example(), old.count() + 1));
        }

        private static String normalise(String text) {
            String cut = text.length() > 120 ? text.substring(0, 120) : text;
            return cut.replaceAll("[0-9a-f]{6,}", "#").replaceAll("\\d+", "#");
        }
    }

    private final Options options;
    private final PrintStream out;
    private final Report report = new Report();
    /** Growing a mounted ext4 takes CAP_SYS_RESOURCE, which a node pod has and some containers lack. */
    private final boolean canResizeOnline = hasCapability(24);

    private FuzzCampaign(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        report.seed = options.seed();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("FuzzCampaign: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options, System.out);
        print(report, System.out);
        System.exit(report.findings.isEmpty() ? 0 : 1);
    }

    public static Report run(Options options, PrintStream out) throws Exception {
        return new FuzzCampaign(options, out).run();
    }

    private Report run() throws Exception {
        long started = System.nanoTime();
        out.printf("hostile input: seed %d, %d requests or %s, %d threads, deadline %s, parameters %s%n", options.seed(),
                options.requests(), options.duration(), options.threads(), options.deadline(), options.parameters());
        Path root = options.work() != null ? Files.createDirectories(options.work()) : Files.createTempDirectory("polycsi-fuzz-");
        Path shm = Path.of("/dev/shm");
        Path otherFs = Files.isDirectory(shm) && Files.isWritable(shm)
                ? shm.resolve("polycsi-fuzz-" + ProcessHandle.current().pid() + "-" + options.seed())
                : root.resolve("other-fs");
        Sandbox sandbox = new Sandbox(root, otherFs);
        sandbox.ensureFixture();
        boolean root0 = Mounts.isRoot();
        boolean unshare = root0 && ChildDriver.canUnshare();
        if (!root0) {
            report.notes.add("not root: node RPCs cannot mount, so the volumes are not staged or published (their requests are still sent)");
        } else if (!unshare) {
            report.notes.add("unshare --mount is not available: the driver shares the host's mount namespace");
        }
        ChildDriver driver = ChildDriver.start(root, unshare);
        out.printf("driver pid %d serving on %s%s; campaign directory %s, other file system %s%n", driver.pid(), driver.socket(),
                unshare ? " in its own mount namespace" : "", root, otherFs);
        Map<String, BackendFactory> factories = ParameterSweep.factories();
        try (CsiClient client = new CsiClient(driver.socket(), options.deadline())) {
            Map<String, Map<String, String>> storageClasses = storageClasses();
            Generator.Known known = setUp(client, sandbox, storageClasses, ParameterSweep.keys(factories), root0);
            Map<Path, Sandbox.Entry> before = sandbox.snapshot();
            Map<String, Integer> mountsBefore = Sandbox.mountPoints(driver.mountinfo());

            ExecutorService pool = Executors.newFixedThreadPool(options.threads());
            try {
                if (!options.parameters().equals("none") && driver.alive()) {
                    long parametersStart = System.nanoTime();
                    Map<String, String> volumeIds = new TreeMap<>();
                    known.volumes().forEach((backend, volume) -> volumeIds.put(backend, volume.getVolumeId()));
                    List<ParameterSweep.Case> cases = new ArrayList<>(ParameterSweep.cases(factories, storageClasses, volumeIds,
                            options.parameters().equals("full") ? ParameterSweep.BAD_VALUES : ParameterSweep.SHORT_VALUES));
                    // GetCapacity with the parameters only where the backend has it (else UNIMPLEMENTED before they are read).
                    Set<String> noCapacity = new java.util.HashSet<>();
                    storageClasses.forEach((backend, parameters) -> {
                        RawCsi.Outcome probe = RawCsi.call(client.channel(), cases.stream().filter(c -> c.rpc().method().equals("GetCapacity"))
                                .findFirst().orElseThrow().rpc(), Csi.GetCapacityRequest.newBuilder().putAllParameters(parameters).build().toByteArray(),
                                options.deadline());
                        if (probe.code() == Status.Code.UNIMPLEMENTED) {
                            noCapacity.add(backend);
                        }
                    });
                    cases.removeIf(c -> c.rpc().method().equals("GetCapacity") && noCapacity.contains(c.backend()));
                    report.parameterCases = cases.size();
                    // Most of the sweep waits: the FSx backends merge look-ups into one call per 1 s window, so many at once.
                    ExecutorService sweep = Executors.newFixedThreadPool(Math.max(options.threads(), 24));
                    for (int from = 0; from < cases.size() && driver.alive(); from += options.batch()) {
                        List<Future<?>> calls = new ArrayList<>();
                        for (ParameterSweep.Case c : cases.subList(from, Math.min(cases.size(), from + options.batch()))) {
                            calls.add(sweep.submit(() -> sendParameter(client, c)));
                        }
                        for (Future<?> call : calls) {
                            call.get();
                        }
                        before = check(driver, client, sandbox, before, mountsBefore, List.of(), List.of());
                        out.printf("  parameters: %d of %d, %d findings, %d s%n", Math.min(cases.size(), from + options.batch()), cases.size(),
                                report.findings.size(), (System.nanoTime() - started) / 1_000_000_000);
                    }
                    sweep.shutdownNow();
                    report.parametersTook = Duration.ofNanos(System.nanoTime() - parametersStart);
                }
                long genericStart = System.nanoTime();
                Generator generator = new Generator(options.seed(), sandbox, known, storageClasses);
                List<RawCsi.Rpc> rpcs = RawCsi.all();
                long deadline = System.nanoTime() + options.duration().toNanos();
                int sent = 0;
                while (sent < options.requests() && System.nanoTime() < deadline && driver.alive()) {
                    List<Generator.Request> batch = new ArrayList<>();
                    for (int i = 0; i < options.batch() && sent < options.requests(); i++, sent++) {
                        batch.add(generator.next(rpcs.get(sent % rpcs.size())));
                    }
                    List<Future<?>> calls = new ArrayList<>();
                    for (Generator.Request request : batch) {
                        calls.add(pool.submit(() -> send(client, request)));
                    }
                    for (Future<?> call : calls) {
                        call.get();
                    }
                    List<Path> named = new ArrayList<>();
                    batch.forEach(r -> r.paths().forEach(p -> named.addAll(Sandbox.namedForms(p))));
                    before = check(driver, client, sandbox, before, mountsBefore, named, batch);
                    if (report.batches % 20 == 0) {
                        out.printf("  %d requests, %d findings, %d s%n", sent, report.findings.size(), (System.nanoTime() - started) / 1_000_000_000);
                    }
                }
                report.genericTook = Duration.ofNanos(System.nanoTime() - genericStart);

            } finally {
                pool.shutdownNow();
                pool.awaitTermination(options.deadline().toSeconds() + 5, TimeUnit.SECONDS);
            }
            if (driver.alive()) {
                try {
                    client.waitUntilReady(Duration.ofSeconds(30), driver::alive);
                } catch (IllegalStateException e) {
                    report.find("crash", "Probe", "not ready after the campaign: " + e.getMessage(), "");
                }
            }
        } finally {
            boolean wasAlive = driver.alive();
            int exit = driver.stop();
            if (!wasAlive) {
                report.find("crash", "driver", "exited during the campaign with " + exit, driver.tail(40));
            } else if (exit != 0) {
                report.find("crash", "driver", "exited with " + exit + " on SIGTERM", driver.tail(40));
            }
            cleanUp(sandbox, options.keep());
        }
        report.took = Duration.ofNanos(System.nanoTime() - started);
        return report;
    }

    /** capabilities(7): whether this process (and so the driver it starts) has capability {@code bit}. */
    static boolean hasCapability(int bit) {
        try {
            String effective = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("CapEff:"))
                    .map(line -> line.substring("CapEff:".length()).strip()).findFirst().orElse("0");
            return (Long.parseUnsignedLong(effective, 16) & (1L << bit)) != 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A valid parameter set per backend, as the conformance tests use against the simulator. */
    static Map<String, Map<String, String>> storageClasses() {
        Map<String, Map<String, String>> classes = new TreeMap<>();
        classes.put("ebs", Map.of("backend", "ebs", "type", "gp3"));
        classes.put("efs", Map.of("backend", "efs", "provisioningMode", "efs-ap", "fileSystemId", "fs-0123456789abcdef0", "directoryPerms", "700"));
        classes.put("fsx-lustre", Map.of("backend", "fsx-lustre", "subnetId", "subnet-0123456789abcdef0", "securityGroupIds",
                "sg-0123456789abcdef0", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125"));
        classes.put("filecache", Map.of("backend", "filecache", "subnetId", "subnet-0123456789abcdef0", "securityGroupIds",
                "sg-0123456789abcdef0", "dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/"));
        classes.put("fsx-ontap", Map.of("backend", "fsx-ontap", "fileSystemId", "fs-0fedcba9876543210", "storageVirtualMachineId",
                "svm-0123456789abcdef0"));
        return classes;
    }

    /** Volumes of every backend, an EBS volume attached, staged and published, an EFS one published, an EBS snapshot. */
    private Generator.Known setUp(CsiClient client, Sandbox sandbox, Map<String, Map<String, String>> storageClasses,
            Map<String, List<String>> parameterKeys, boolean canMount) {
        Map<String, Csi.Volume> volumes = new TreeMap<>();
        storageClasses.forEach((backend, parameters) -> {
            try {
                Csi.Volume volume = client.controller().withDeadlineAfter(2, TimeUnit.MINUTES).createVolume(Csi.CreateVolumeRequest.newBuilder()
                        .setName("fuzz-setup-" + backend).putAllParameters(parameters).addVolumeCapabilities(Generator.capability(backend))
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(Generator.capacity(backend))).build()).getVolume();
                volumes.put(backend, volume);
            } catch (StatusRuntimeException e) {
                report.notes.add("set-up: no " + backend + " volume: " + e.getStatus());
            }
        });
        Map<String, String> publishContext = Map.of();
        String snapshot = null;
        String staged = null;
        List<String> published = new ArrayList<>();
        Csi.Volume ebs = volumes.get("ebs");
        if (ebs != null) {
            try {
                publishContext = client.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId(ebs.getVolumeId()).setNodeId("i-0123456789abcdef0").setVolumeCapability(Generator.capability("ebs"))
                        .build()).getPublishContextMap();
                snapshot = client.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder().setName("fuzz-setup-snapshot")
                        .setSourceVolumeId(ebs.getVolumeId()).build()).getSnapshot().getSnapshotId();
                if (canMount) {
                    String staging = sandbox.sandbox().resolve("staging/setup-ebs").toString();
                    client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(ebs.getVolumeId())
                            .setStagingTargetPath(staging).setVolumeCapability(Generator.capability("ebs")).putAllPublishContext(publishContext)
                            .build());
                    staged = staging;
                    String target = sandbox.sandbox().resolve("targets/setup-ebs").toString();
                    client.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(ebs.getVolumeId())
                            .setStagingTargetPath(staging).setTargetPath(target).setVolumeCapability(Generator.capability("ebs"))
                            .putAllPublishContext(publishContext).build());
                    published.add(target);
                }
            } catch (StatusRuntimeException e) {
                report.notes.add("set-up: EBS attach, snapshot, stage or publish failed: " + e.getStatus());
            }
        }
        Csi.Volume efs = volumes.get("efs");
        if (efs != null && canMount) {
            try {
                String target = sandbox.sandbox().resolve("targets/setup-efs").toString();
                client.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(efs.getVolumeId())
                        .setTargetPath(target).setVolumeCapability(Generator.capability("efs")).putAllVolumeContext(efs.getVolumeContextMap())
                        .build());
                published.add(target);
            } catch (StatusRuntimeException e) {
                report.notes.add("set-up: EFS publish failed: " + e.getStatus());
            }
        }
        out.printf("set-up: volumes of %s, snapshot %s, published at %s%n", volumes.keySet(), snapshot, published);
        return new Generator.Known(volumes, backendNames(storageClasses),
                publishContext, snapshot, staged, published, parameterKeys);
    }

    private static Map<String, String> backendNames(Map<String, Map<String, String>> storageClasses) {
        Map<String, String> names = new TreeMap<>();
        storageClasses.keySet().forEach(name -> names.put(name, name));
        return names;
    }

    private void send(CsiClient client, Generator.Request request) {
        RawCsi.Outcome outcome = RawCsi.call(client.channel(), request.rpc(), request.bytes(), options.deadline());
        report.count(request.rpc().method(), request.kind(), outcome.code(), outcome.took());
        judge(request.rpc().method(), request.kind(), request.bytes().length, outcome, describe(request));
        if (request.rpc().method().equals("NodePublishVolume") && outcome.code() == Status.Code.OK) {
            try {
                Csi.NodePublishVolumeRequest publish = Csi.NodePublishVolumeRequest.parseFrom(request.bytes());
                if (publish.getReadonly()) {
                    readOnlyPublishes.put(request, Sandbox.namedForms(publish.getTargetPath()));
                }
            } catch (InvalidProtocolBufferException e) {
                report.find("code", "NodePublishVolume", "OK for a request that does not parse", describe(request));
            }
        }
    }

    /** The targets of the batch's read-only publishes that succeeded: whatever the mount flags said, they must be mounted ro. */
    private final Map<Generator.Request, List<Path>> readOnlyPublishes = new java.util.concurrent.ConcurrentHashMap<>();

    private void judge(String rpc, String kind, int size, RawCsi.Outcome outcome, String example) {
        Status.Code code = outcome.code();
        // A method the server does not serve is UNIMPLEMENTED before its message is read, however large.
        boolean unserved = code == Status.Code.UNIMPLEMENTED && outcome.description().startsWith("Method not found");
        if (kind.equals("over-limit") && code != Status.Code.RESOURCE_EXHAUSTED && !unserved) {
            report.find("code", rpc, "a request of " + size + " bytes, past the server's limit, answered " + code + " (not RESOURCE_EXHAUSTED): "
                    + outcome.description(), example);
        } else if (code == Status.Code.DEADLINE_EXCEEDED) {
            report.find("hang", rpc, "no answer within the deadline of " + options.deadline(), example);
        } else if (code == Status.Code.INTERNAL && !canResizeOnline && outcome.description().contains("Permission denied to resize filesystem")) {
            synchronized (report) {
                report.environment++;
            }
        } else if (!DOCUMENTED.contains(code)) {
            report.find("code", rpc, code + ": " + cut(outcome.description(), 300), example);
        }
    }

    private void sendParameter(CsiClient client, ParameterSweep.Case c) {
        RawCsi.Outcome outcome = RawCsi.call(client.channel(), c.rpc(), c.request().toByteArray(), options.deadline());
        String label = c.backend() + "/" + c.schema();
        synchronized (report) {
            report.parameterCodes.computeIfAbsent(label, k -> new EnumMap<>(Status.Code.class)).merge(outcome.code(), 1, Integer::sum);
        }
        report.count(c.rpc().method(), "parameters", outcome.code(), outcome.took());
        String example = c.rpc().method() + " " + label + " key '" + printable(c.key()) + "' = '" + printable(cut(c.value(), 40)) + "'";
        judge(c.rpc().method(), "parameters", c.request().getSerializedSize(), outcome, example);
        String refusal = outcome.code() == Status.Code.INVALID_ARGUMENT ? outcome.description() : "";
        if (c.rpc().method().equals("ValidateVolumeCapabilities") && outcome.code() == Status.Code.OK) {
            try {
                Csi.ValidateVolumeCapabilitiesResponse response = Csi.ValidateVolumeCapabilitiesResponse.parseFrom(outcome.response());
                if (!response.hasConfirmed()) {
                    refusal = response.getMessage();
                }
            } catch (InvalidProtocolBufferException e) {
                report.find("code", c.rpc().method(), "an answer that does not parse", example);
            }
        }
        synchronized (report) {
            if (c.unknownKey()) {
                report.unknownKeys++;
                if (!refusal.isEmpty() && refusal.contains(c.key())) {
                    report.unknownKeysRefused++;
                }
            } else if (!refusal.isEmpty()) {
                report.badValuesRefused++;
                if (refusal.contains("'" + c.key() + "'") || refusal.contains(c.key())) {
                    report.badValuesNamingKey++;
                }
            }
        }
        if (c.unknownKey() && (refusal.isEmpty() || !refusal.contains(c.key()))) {
            // A volume that does not exist may be reported before the parameters are read: only an acceptance is a finding.
            if (outcome.code() == Status.Code.OK && refusal.isEmpty()) {
                report.find("parameter", c.rpc().method(), "unknown key accepted silently", example);
            } else if (outcome.code() == Status.Code.INVALID_ARGUMENT || !refusal.isEmpty()) {
                report.find("parameter", c.rpc().method(), "unknown key refused without naming it: " + cut(refusal, 200), example);
            }
        }
    }

    /** The host after a batch: the driver alive and ready, files and mounts changed only where the requests named. */
    private Map<Path, Sandbox.Entry> check(ChildDriver driver, CsiClient client, Sandbox sandbox, Map<Path, Sandbox.Entry> before,
            Map<String, Integer> mountsBefore, List<Path> named, List<Generator.Request> batch) {
        report.batches++;
        if (!driver.alive()) {
            report.find("crash", "driver", "the driver process exited", driver.tail(40));
            return before;
        }
        try {
            client.waitUntilReady(Duration.ofSeconds(30), driver::alive);
        } catch (IllegalStateException | InterruptedException e) {
            report.find("crash", "Probe", "not ready after a batch: " + e.getMessage(), "");
        }
        Map<Path, Sandbox.Entry> after = sandbox.snapshot();
        for (Path changed : Sandbox.changes(before, after)) {
            if (!Sandbox.allowed(changed, named)) {
                String culprits = batch.stream().filter(r -> r.paths().stream().anyMatch(p -> p.contains(changed.getFileName().toString())))
                        .map(this::describe).findFirst().orElse("(no request of the batch names it)");
                report.find("file", "host", changed + ": " + before.get(changed) + " -> " + after.get(changed), culprits);
            }
        }
        Map<String, Integer> mounts = Sandbox.mountPoints(driver.mountinfo());
        Set<String> all = new java.util.TreeSet<>(mounts.keySet());
        all.addAll(mountsBefore.keySet());
        for (String point : all) {
            Path path = Path.of(point);
            int was = mountsBefore.getOrDefault(point, 0);
            int is = mounts.getOrDefault(point, 0);
            // Another process removing its own mount point (rmdir) detaches the copies of its mounts here too.
            boolean removedByItsOwner = is < was && !Files.exists(path);
            if (path.startsWith(sandbox.root()) || path.startsWith(sandbox.otherFs()) || is == was || removedByItsOwner) {
                continue;
            }
            report.find("mount", "host", point + " mounted " + mountsBefore.getOrDefault(point, 0) + " -> " + mounts.getOrDefault(point, 0)
                    + " times", "");
        }
        Map<String, String> options = Sandbox.mountOptions(driver.mountinfo());
        readOnlyPublishes.forEach((request, targets) -> targets.stream().map(Path::toString).filter(options::containsKey).findFirst()
                .ifPresent(target -> {
                    if (!List.of(options.get(target).split(",")).contains("ro")) {
                        report.find("read-write", "NodePublishVolume", "a readonly publish mounted " + options.get(target), describe(request));
                    }
                }));
        readOnlyPublishes.clear();
        sandbox.ensureFixture();
        return sandbox.snapshot();
    }

    private String describe(Generator.Request request) {
        String bytes = request.bytes().length <= 600 ? " bytes(base64)=" + Base64.getEncoder().encodeToString(request.bytes()) : "";
        return request.rpc().method() + " [" + request.kind() + "] " + printable(cut(request.summary(), 400)) + bytes;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Nothing of the campaign stays: the namespace's mounts go with the driver, loop devices on its files are detached. */
    private void cleanUp(Sandbox sandbox, boolean keep) {
        Mounts.unmountAllUnder(sandbox.root());
        Mounts.unmountAllUnder(sandbox.otherFs());
        Path simulator = sandbox.root().resolve("sim");
        try {
            Process list = new ProcessBuilder("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").redirectErrorStream(true).start();
            String table = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            list.waitFor(10, TimeUnit.SECONDS);
            for (String line : table.lines().toList()) {
                String[] fields = line.strip().split("\\s+", 2);
                if (fields.length == 2 && fields[1].startsWith(simulator.toString())) {
                    Process detach = new ProcessBuilder("losetup", "-d", fields[0]).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    detach.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | InterruptedException e) {
            report.notes.add("could not list loop devices: " + e.getMessage());
        }
        try {
            Mounts.deleteTree(sandbox.otherFs());
            if (!keep) {
                Mounts.deleteTree(sandbox.root());
            }
        } catch (IOException e) {
            report.notes.add("could not delete " + sandbox.root() + ": " + e.getMessage());
        }
    }

    public static void print(Report report, PrintStream out) {
        out.println();
        out.printf("hostile input: seed %d, %d requests in %d s (generic %d s, parameters %d s), %d batches checked%n", report.seed,
                report.requests(), report.took.toSeconds(), report.genericTook.toSeconds(), report.parametersTook.toSeconds(), report.batches);
        Set<Status.Code> seen = EnumSet.noneOf(Status.Code.class);
        report.codes.values().forEach(m -> seen.addAll(m.keySet()));
        StringBuilder header = new StringBuilder(String.format("%-27s %7s", "RPC", "calls"));
        seen.forEach(code -> header.append(String.format(" %8s", abbreviation(code))));
        header.append(String.format(" %8s", "max ms"));
        out.println(header);
        for (RawCsi.Rpc rpc : RawCsi.all()) {
            Map<Status.Code, Integer> codes = report.codes.getOrDefault(rpc.method(), Map.of());
            int calls = codes.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder line = new StringBuilder(String.format("%-27s %7d", rpc.method(), calls));
            seen.forEach(code -> line.append(String.format(" %8s", codes.getOrDefault(code, 0) == 0 ? "." : codes.get(code).toString())));
            line.append(String.format(" %8d", report.slowestMillis.getOrDefault(rpc.method(), 0L)));
            out.println(line);
        }
        out.println("codes: " + String.join(", ", seen.stream().map(c -> abbreviation(c) + "=" + c).toList()));
        Map<String, Integer> kinds = new TreeMap<>();
        report.kinds.values().forEach(m -> m.forEach((k, v) -> kinds.merge(k, v, Integer::sum)));
        out.println("requests by kind: " + kinds);
        if (report.parameterCases > 0) {
            out.printf("parameters: %d requests; unknown keys refused naming the key: %d of %d; bad values refused: %d (naming the key: %d)%n",
                    report.parameterCases, report.unknownKeysRefused, report.unknownKeys, report.badValuesRefused, report.badValuesNamingKey);
            report.parameterCodes.forEach((label, codes) -> out.printf("  %-22s %s%n", label, codes));
        }
        if (report.environment > 0) {
            out.printf("note: %d INTERNAL answers from resize2fs without CAP_SYS_RESOURCE (this host's limit; a node pod has it), not findings%n",
                    report.environment);
        }
        report.notes.forEach(note -> out.println("note: " + note));
        out.println("findings: " + report.findings.size());
        report.findings.values().forEach(finding -> out.println("  " + finding));
    }

    private static String abbreviation(Status.Code code) {
        return switch (code) {
            case OK -> "OK";
            case INVALID_ARGUMENT -> "INVALID";
            case NOT_FOUND -> "NOTFOUND";
            case ALREADY_EXISTS -> "EXISTS";
            case FAILED_PRECONDITION -> "PRECOND";
            case OUT_OF_RANGE -> "RANGE";
            case RESOURCE_EXHAUSTED -> "EXHAUST";
            case ABORTED -> "ABORTED";
            case UNIMPLEMENTED -> "UNIMPL";
            case DEADLINE_EXCEEDED -> "DEADLINE";
            default -> code.name();
        };
    }
}
