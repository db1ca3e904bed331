package dev.polycsi.bench;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import dev.polycsi.core.backend.VolumeHandle;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.SdkLustreCloud;
import dev.polycsi.simulator.knobs.Knobs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Provisions N FSx for Lustre volumes at once, each through CSI gRPC as csi-provisioner drives
 * CreateVolume in deploy/kubernetes: every call with a gRPC deadline ({@code --timeout=60s}),
 * and after a failure the next call after a pause that starts at 1 s and doubles up to
 * {@code --retry-interval-max=30m}. The driver answers ABORTED shortly before each deadline
 * while the file system is CREATING and finds the same creation again on the next call, so the
 * CO sees a file system minutes after AVAILABLE only if a retry comes that late; this measures
 * what a user gets, against the simulator's own floor ({@link LustreFloor}), with the FSx calls
 * per file system by action from the simulator's counters. A benchmark, not a test: it asserts
 * nothing and is never run by the build.
 */
public final class LustreProvisioningBenchmark {

    private static final long GIB = 1L << 30;
    /** What csi-provisioner retries while a volume is still being provisioned ("in background"). */
    private static final Set<Status.Code> RETRIED = EnumSet.of(Status.Code.ABORTED, Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE);
    /** aws-fsx-csi-driver's PollCheckInterval: one DescribeFileSystems by id per file system every 30 s while a CreateVolume waits. */
    private static final double OFFICIAL_DESCRIBES_PER_MINUTE = 2;
    /**
     * Calls closer together than this are one polling round: the driver merges look-ups within
     * SdkLustreCloud.WINDOW (1 s), and its waiters pause 5 s or more between polls.
     */
    private static final double ROUND_GAP_SECONDS = 2.5;

    private final LustreBenchmarkOptions options;
    private final PrintStream out = System.out;
    /** When the timed run's DescribeFileSystems went out. */
    private CallTimeline describes;

    private LustreProvisioningBenchmark(LustreBenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LustreBenchmarkOptions options;
        try {
            options = LustreBenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(LustreBenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        new LustreProvisioningBenchmark(options).run();
        // gRPC and SDK threads may linger; the benchmark is done
        System.exit(0);
    }

    /** One CreateVolume call, in seconds from the start, and how it ended. */
    private record Call(double started, double ended, Status.Code code) {}

    /** One volume: its calls, and when the last one succeeded (NaN if none did). */
    private record Outcome(int index, String name, String volumeId, double completed, List<Call> calls, Optional<String> error) {

        double end() {
            return calls.isEmpty() ? 0 : calls.getLast().ended();
        }
    }

    /** When the timed run started: for the outcomes' seconds, and the simulator's timestamps. */
    private record Start(long nanos, Instant wall) {}

    private void run() throws Exception {
        Map<String, String> runKnobs = options.runKnobs(); // a bad file or knob fails before anything starts
        Path work = options.workDir().isPresent() ? Files.createDirectories(options.workDir().get())
                : Files.createTempDirectory("polycsi-fsx-bench");
        Knobs knobs = new Knobs();
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        LustreDriverUnderTest driver = null;
        try {
            driver = LustreDriverUnderTest.start(work, knobs, options.backendOptions(), clientGroup);
            warmUp(driver);

            runKnobs.forEach(knobs::set); // setting a bucket starts it full
            driver.simulator().counters().reset();
            Start[] start = new Start[1];
            List<Outcome> outcomes = provision(driver, start, options.giveUp(LustreBenchmarkOptions.availableDelay(runKnobs)));
            Map<String, long[]> counters = driver.simulator().counters().snapshot();
            Map<String, Double> availableAt = availableAt(driver, outcomes, start[0], LustreBenchmarkOptions.availableDelay(runKnobs));

            report(runKnobs, outcomes, counters, availableAt);

            // with the run's knobs: DeleteVolume returns once FSx says DELETING, and nothing waits for it to be gone
            cleanUp(driver, outcomes, true);
        } finally {
            if (driver != null) {
                driver.close();
            }
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (options.workDir().isEmpty()) {
                deleteTree(work);
            }
        }
    }

    /** Loads classes, JIT-compiles the hot paths and opens the connections before the clock runs; without knobs, so in seconds. */
    private void warmUp(LustreDriverUnderTest driver) throws Exception {
        List<Outcome> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < options.warmup(); i++) {
                int index = i;
                futures.add(threads.submit(() -> provisionOne(driver, "warmup-%d".formatted(index), -1, System.nanoTime(),
                        Duration.ofMinutes(5))));
            }
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                if (outcome.error().isPresent()) {
                    throw new IllegalStateException("warm-up failed: " + outcome.error().get());
                }
                done.add(outcome);
            }
        }
        cleanUp(driver, done, false);
    }

    private List<Outcome> provision(LustreDriverUnderTest driver, Start[] start, Duration giveUp) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.fileSystems(); i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    go.await();
                    return provisionOne(driver, "pvc-bench-%04d".formatted(index), index, start[0].nanos(), giveUp);
                }));
            }
            Thread.sleep(200); // every thread parked on the latch
            start[0] = new Start(System.nanoTime(), Instant.now());
            describes = CallTimeline.start(driver.simulator().counters(), "fsx", "DescribeFileSystems", start[0].nanos());
            go.countDown();
        }
        describes.close();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        return outcomes;
    }

    /**
     * One PVC as csi-provisioner provisions it: CreateVolume with the deadline, and after each
     * failure that it retries, the same call again after its exponential pause (the workqueue's
     * per-item rate limiter: start x 2^failures, capped). Any other code ends the volume here;
     * csi-provisioner would retry that too, but for the benchmark it is a failure to show.
     */
    private Outcome provisionOne(LustreDriverUnderTest driver, String name, int index, long start, Duration giveUp) {
        ControllerGrpc.ControllerBlockingStub controller = driver.controller();
        Csi.CreateVolumeRequest request = createRequest(driver, name);
        List<Call> calls = new ArrayList<>();
        int failures = 0;
        while (true) {
            long callStart = System.nanoTime();
            try {
                Csi.CreateVolumeResponse response = controller.withDeadlineAfter(options.timeout().toNanos(), TimeUnit.NANOSECONDS)
                        .createVolume(request);
                double ended = seconds(System.nanoTime() - start);
                calls.add(new Call(seconds(callStart - start), ended, Status.Code.OK));
                return new Outcome(index, name, response.getVolume().getVolumeId(), ended, calls, Optional.empty());
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                calls.add(new Call(seconds(callStart - start), seconds(System.nanoTime() - start), code));
                String error = code + " " + e.getStatus().getDescription();
                if (!RETRIED.contains(code)) {
                    return new Outcome(index, name, "", Double.NaN, calls, Optional.of(error));
                }
                Duration pause = backoff(failures++);
                if (System.nanoTime() + pause.toNanos() - start > giveUp.toNanos()) {
                    return new Outcome(index, name, "", Double.NaN, calls, Optional.of("gave up after %s and %d calls; the last: %s"
                            .formatted(giveUp, calls.size(), error)));
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new Outcome(index, name, "", Double.NaN, calls, Optional.of("interrupted"));
                }
            }
        }
    }

    /** The pause after the {@code failures}+1-th failure in a row: start x 2^failures, at most the maximum. */
    private Duration backoff(int failures) {
        Duration pause = options.retryIntervalStart();
        for (int i = 0; i < failures && pause.compareTo(options.retryIntervalMax()) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(options.retryIntervalMax()) > 0 ? options.retryIntervalMax() : pause;
    }

    /**
     * As csi-provisioner sends it for a PVC of a StorageClass with these parameters: the PV name
     * as the volume name, the PVC's request as required_bytes, the class's parameters and
     * {@code --extra-create-metadata}'s, and {@code --default-fstype} in the capability of a
     * class that names none. ReadWriteMany, as Lustre volumes usually are. No topology: the
     * backend reports none and ignores the requirement.
     */
    private Csi.CreateVolumeRequest createRequest(LustreDriverUnderTest driver, String name) {
        Csi.VolumeCapability capability = Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType(LustreDriverUnderTest.PROVISIONER_DEFAULT_FSTYPE))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER))
                .build();
        Csi.CreateVolumeRequest.Builder request = Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(options.sizeGiB() * GIB))
                .addVolumeCapabilities(capability)
                .putParameters("backend", "fsx-lustre")
                .putParameters("subnetId", driver.subnetId())
                .putParameters("securityGroupIds", driver.securityGroupId())
                .putParameters("deploymentType", options.deploymentType())
                .putParameters("csi.storage.k8s.io/pvc/name", "claim-" + name)
                .putParameters("csi.storage.k8s.io/pvc/namespace", "default")
                .putParameters("csi.storage.k8s.io/pv/name", name);
        options.perUnitStorageThroughput().ifPresent(t -> request.putParameters("perUnitStorageThroughput", Integer.toString(t)));
        return request.build();
    }

    /**
     * Seconds from the start when each created file system became AVAILABLE, by volume id: its
     * CreationTime as FSx reports it plus the creation delay. Read after the counters were taken.
     */
    private static Map<String, Double> availableAt(LustreDriverUnderTest driver, List<Outcome> outcomes, Start start, Duration delay) {
        Map<String, Double> available = new TreeMap<>();
        try (SdkLustreCloud fsx = driver.fsx()) {
            for (Outcome outcome : outcomes) {
                if (outcome.volumeId().isEmpty()) {
                    continue;
                }
                // the CSI volume id is the core's handle, fsx-lustre:fs-…
                String fileSystemId = VolumeHandle.parse(outcome.volumeId()).map(VolumeHandle::localId).orElse(outcome.volumeId());
                fsx.describe(fileSystemId).map(LustreFileSystem::creationTime).ifPresent(created -> available.put(outcome.volumeId(),
                        Duration.between(start.wall(), created.plus(delay)).toNanos() / 1e9));
            }
        }
        return available;
    }

    /** Deletes every volume made; a failure here is reported, not fatal. */
    private void cleanUp(LustreDriverUnderTest driver, List<Outcome> outcomes, boolean report) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        int deleted = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Outcome outcome : outcomes) {
                if (outcome.volumeId().isEmpty()) {
                    continue;
                }
                deleted++;
                threads.submit(() -> {
                    try {
                        driver.controller().withDeadlineAfter(options.timeout().toNanos(), TimeUnit.NANOSECONDS)
                                .deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(outcome.volumeId()).build());
                    } catch (StatusRuntimeException e) {
                        synchronized (failures) {
                            failures.add(outcome.volumeId() + ": " + e.getStatus());
                        }
                    }
                });
            }
        }
        if (report) {
            out.println();
            out.printf(Locale.ROOT, "clean-up: DeleteVolume of %d volumes in %.2f s (each returns once FSx says DELETING; not timed above)%n",
                    deleted - failures.size(), seconds(System.nanoTime() - started));
            long unmade = outcomes.stream().filter(o -> o.volumeId().isEmpty()).count();
            if (unmade > 0) {
                out.printf("clean-up: %d volumes never got an id; their file systems stay in the simulator, which ends now%n", unmade);
            }
        }
        if (!failures.isEmpty()) {
            out.printf("clean-up: %d volumes not removed, e.g. %s%n", failures.size(), failures.getFirst());
        }
    }

    private void report(Map<String, String> knobs, List<Outcome> outcomes, Map<String, long[]> counters, Map<String, Double> availableAt) {
        int n = options.fileSystems();
        Duration delay = LustreBenchmarkOptions.availableDelay(knobs);
        Duration latency = LustreBenchmarkOptions.latency(knobs, "CreateFileSystem");
        Optional<EbsFloor.Bucket> createBucket = LustreBenchmarkOptions.fsxBucket(knobs, "CreateFileSystem");
        LustreFloor floor = LustreFloor.compute(n, latency, createBucket, delay);
        List<Outcome> failed = outcomes.stream().filter(o -> o.error().isPresent()).toList();
        List<Outcome> ok = outcomes.stream().filter(o -> o.error().isEmpty()).toList();

        out.println();
        out.printf("FSx for Lustre provisioning: %d volumes at once, one file system each, CreateVolume as csi-provisioner retries it%n", n);
        out.printf("  path      CSI gRPC over a unix socket -> polycsi ControllerService -> fsx-lustre backend -> AWS SDK -> simulator, in one JVM%n");
        out.printf("  class     deploymentType=%s%s, %d GiB, subnetId and securityGroupIds of the simulated account%n", options.deploymentType(),
                options.perUnitStorageThroughput().map(t -> ", perUnitStorageThroughput=" + t).orElse(""), options.sizeGiB());
        out.printf("  client    deadline %s per call (--timeout); after ABORTED, DEADLINE_EXCEEDED or UNAVAILABLE the next call after%n",
                human(options.timeout()));
        out.printf("            %s, doubling up to %s (--retry-interval-start/--retry-interval-max)%n", human(options.retryIntervalStart()),
                human(options.retryIntervalMax()));
        out.printf("  knobs     %s%s%n", options.knobsFile(), options.availableDelay().isPresent() || !options.extraKnobs().isEmpty()
                ? " with " + overrides() : "");
        out.printf("            %s%n", knobs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        out.printf("  throttle  CreateFileSystem %s%n", createBucket.map(b -> b + " (RATE/BURST)")
                .orElse("none: the simulator has no FSx buckets of its own and these knobs set none"));
        if (!options.backendOptions().isEmpty()) {
            out.printf("  options   %s%n", options.backendOptions());
        }
        out.printf("  machine   %d cores, Java %s, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.printf("  failed    %d of %d%s%n", failed.size(), n, failed.isEmpty() ? "" : ", e.g. " + failed.getFirst().error().get());
        if (!failed.isEmpty()) {
            out.printf("  (measured times below are of the %d volumes that succeeded: not comparable with the floor for all %d)%n",
                    ok.size(), n);
        }
        out.println();

        double[] completion = ok.stream().mapToDouble(Outcome::completed).toArray();
        double total = max(completion);
        out.printf("%-40s %10s %10s %8s%n", "seconds from the start", "measured", "floor", "ratio");
        row("all volumes created (total)", total, floor.total());
        row("completion per volume, mean", Arrays.stream(completion).average().orElse(Double.NaN), floor.meanCompletion());
        row("completion per volume, p50", EbsProvisioningBenchmark.percentile(completion, 50),
                EbsProvisioningBenchmark.percentile(floor.availableAt(), 50));
        row("completion per volume, p90", EbsProvisioningBenchmark.percentile(completion, 90),
                EbsProvisioningBenchmark.percentile(floor.availableAt(), 90));
        out.println();

        lateness(ok, availableAt);
        calls(outcomes);

        out.printf("%-40s %8s %16s %10s %8s%n", "FSx calls (simulator counters)", "calls", "per file system", "throttled", "errors");
        long all = 0;
        long throttled = 0;
        for (Map.Entry<String, long[]> entry : counters.entrySet()) {
            long[] v = entry.getValue();
            out.printf(Locale.ROOT, "%-40s %8d %16.2f %10d %8d%n", entry.getKey(), v[0], (double) v[0] / n, v[2], v[1] - v[2]);
            all += v[0];
            throttled += v[2];
        }
        out.printf(Locale.ROOT, "%-40s %8d %16.2f %10d%n", "all", all, (double) all / n, throttled);
        long describeCalls = counters.getOrDefault("fsx.DescribeFileSystems", new long[3])[0];
        double waitingMinutes = outcomes.stream().mapToDouble(Outcome::end).sum() / 60;
        double describesPerMinute = describeCalls / waitingMinutes;
        out.printf(Locale.ROOT, "DescribeFileSystems per file system per minute of waiting: %.3f (%d calls over %.1f volume-minutes,%n",
                describesPerMinute, describeCalls, waitingMinutes);
        out.printf("  each volume's from the start until its CreateVolume succeeded); aws-fsx-csi-driver polls each file system%n");
        out.printf(Locale.ROOT, "  by id every 30 s while a CreateVolume waits (PollCheckInterval): %.0f per file system per minute%n",
                OFFICIAL_DESCRIBES_PER_MINUTE);
        out.printf("DescribeFileSystems in each minute of the run: %s%n",
                Arrays.stream(describes.perMinute()).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        out.printf("DescribeFileSystems per polling round (bursts %s s apart; started at, seconds: calls):%n", fmt(ROUND_GAP_SECONDS));
        List<String> rounds = describes.rounds(ROUND_GAP_SECONDS).stream()
                .map(r -> String.format(Locale.ROOT, "%.0f: %d", r[0], (long) r[1])).toList();
        for (int i = 0; i < rounds.size(); i += 10) {
            out.printf("  %s%n", String.join(", ", rounds.subList(i, Math.min(rounds.size(), i + 10))));
        }
        out.println();

        double ratio = total / floor.total();
        out.printf(Locale.ROOT, "aim: total within 1.2x of the floor: %s (%.2fx)%n", failed.isEmpty() && ratio <= 1.2 ? "met" : "MISSED", ratio);
        out.printf(Locale.ROOT, "aim: fewer than one DescribeFileSystems per file system per minute of waiting: %s (%.3f)%n",
                describesPerMinute < 1 ? "met" : "MISSED", describesPerMinute);
        if (!failed.isEmpty()) {
            out.println();
            out.println("failures:");
            failed.stream().limit(10).forEach(o -> out.printf("  volume %d: %s%n", o.index(), o.error().get()));
        }
    }

    /**
     * How long after its file system was AVAILABLE each volume's CreateVolume succeeded, split into
     * the time no call was open (the CO pausing between retries: the driver cannot answer a call
     * that has not come) and the time a call was open (the driver had not noticed yet).
     */
    private void lateness(List<Outcome> ok, Map<String, Double> availableAt) {
        List<double[]> late = new ArrayList<>();
        for (Outcome outcome : ok) {
            Double available = availableAt.get(outcome.volumeId());
            if (available == null) {
                continue;
            }
            double between = 0;
            List<Call> calls = outcome.calls();
            for (int i = 1; i < calls.size(); i++) {
                between += overlap(calls.get(i - 1).ended(), calls.get(i).started(), available, outcome.completed());
            }
            double total = Math.max(0, outcome.completed() - available);
            late.add(new double[] {total, between, total - between});
        }
        if (late.isEmpty()) {
            return;
        }
        out.printf("%-40s %10s %10s%n", "seconds after AVAILABLE until CSI OK", "mean", "max");
        lateRow("all", late, 0);
        lateRow("  no call open (CO's retry pause)", late, 1);
        lateRow("  in a call (driver not yet noticed)", late, 2);
        out.println();
    }

    private void lateRow(String label, List<double[]> late, int column) {
        double[] values = late.stream().mapToDouble(v -> v[column]).toArray();
        out.printf(Locale.ROOT, "%-40s %10.2f %10.2f%n", label, Arrays.stream(values).average().orElse(Double.NaN), max(values));
    }

    private static double overlap(double from, double to, double windowFrom, double windowTo) {
        return Math.max(0, Math.min(to, windowTo) - Math.max(from, windowFrom));
    }

    /** CreateVolume calls per volume, how they ended, when the driver answered ABORTED, and one volume's schedule. */
    private void calls(List<Outcome> outcomes) {
        int n = outcomes.size();
        int[] perVolume = outcomes.stream().mapToInt(o -> o.calls().size()).toArray();
        Map<Status.Code, Integer> byCode = new EnumMap<>(Status.Code.class);
        List<Double> abortedAfter = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            for (Call call : outcome.calls()) {
                byCode.merge(call.code(), 1, Integer::sum);
                if (call.code() == Status.Code.ABORTED) {
                    abortedAfter.add(call.ended() - call.started());
                }
            }
        }
        out.printf(Locale.ROOT, "CSI CreateVolume calls per volume: mean %.2f, min %d, max %d; %d calls: %s%n",
                Arrays.stream(perVolume).average().orElse(0), Arrays.stream(perVolume).min().orElse(0),
                Arrays.stream(perVolume).max().orElse(0), Arrays.stream(perVolume).sum(),
                byCode.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        if (!abortedAfter.isEmpty()) {
            double[] after = abortedAfter.stream().mapToDouble(Double::doubleValue).toArray();
            out.printf(Locale.ROOT, "ABORTED answered after %.2f s (min %.2f, max %.2f) of a %s deadline%n",
                    Arrays.stream(after).average().orElse(0), Arrays.stream(after).min().orElse(0), max(after), human(options.timeout()));
        }
        Outcome first = outcomes.getFirst();
        out.printf("volume 0's calls (start-end, seconds): %s%n", first.calls().stream()
                .map(c -> String.format(Locale.ROOT, "%.1f-%.1f%s", c.started(), c.ended(), c.code() == Status.Code.OK ? " OK" : ""))
                .collect(Collectors.joining(", ")));
        out.println();
    }

    private String overrides() {
        List<String> parts = new ArrayList<>();
        options.availableDelay().ifPresent(d -> parts.add("--available-delay " + human(d)));
        options.extraKnobs().forEach((k, v) -> parts.add("--knob " + k + "=" + v));
        return String.join(", ", parts);
    }

    private void row(String label, double measured, double floor) {
        out.printf(Locale.ROOT, "%-40s %10.2f %10.2f %7.2fx%n", label, measured, floor, measured / floor);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis >= 120_000) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
