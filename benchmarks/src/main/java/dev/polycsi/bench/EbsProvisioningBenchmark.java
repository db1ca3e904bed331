package dev.polycsi.bench;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import dev.polycsi.simulator.knobs.Knobs;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Provisions N volumes at once, end to end through CSI gRPC (CreateVolume, then
 * ControllerPublishVolume, each volume on its own virtual thread), against the AWS simulator with
 * realistic delays and EC2's token buckets, and prints the time taken against the simulator's
 * own floor ({@link EbsFloor}) and the EC2 calls per volume by action from the simulator's
 * counters. A benchmark, not a test: it asserts nothing and is never run by the build.
 *
 * <p>An instance takes at most 128 volumes (about 100 with the driver's device names), so the
 * volumes are spread over K instances of one simulated account, served by one polycsi
 * controller in this JVM, as one cluster's controller serves all its nodes.
 */
public final class EbsProvisioningBenchmark {

    private static final long GIB = 1L << 30;
    private static final String ZONE_KEY = "topology.kubernetes.io/zone";

    private final EbsBenchmarkOptions options;
    private final PrintStream out = System.out;

    private EbsProvisioningBenchmark(EbsBenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        EbsBenchmarkOptions options;
        try {
            options = EbsBenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(EbsBenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        new EbsProvisioningBenchmark(options).run();
        // gRPC and SDK threads may linger; the benchmark is done
        System.exit(0);
    }

    /** One volume's timeline, in seconds from the start; NaN where it did not get that far. */
    private record Outcome(int index, String volumeId, String instanceId, double created, double published, Optional<String> error) {}

    /** A node to publish to: one instance of the driver's account. */
    private record Target(EbsDriverUnderTest driver, String instanceId) {
        ControllerGrpc.ControllerBlockingStub controller() {
            return driver.controller();
        }

        String zone() {
            return driver.zone();
        }
    }

    private void run() throws Exception {
        Path work = options.workDir().isPresent() ? Files.createDirectories(options.workDir().get())
                : Files.createTempDirectory("polycsi-ebs-bench");
        Knobs knobs = new Knobs();
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        List<EbsDriverUnderTest> drivers = new ArrayList<>();
        try {
            drivers.add(EbsDriverUnderTest.start(options.instanceCount(), work, options.instanceType(), knobs, options.backendOptions(),
                    clientGroup));
            List<Target> targets = drivers.getFirst().instanceIds().stream().map(id -> new Target(drivers.getFirst(), id)).toList();
            warmUp(targets);

            options.runKnobs().forEach(knobs::set); // setting a bucket starts it full
            drivers.forEach(driver -> driver.simulator().counters().reset());
            List<Outcome> outcomes = provision(targets);
            Map<String, long[]> counters = summedCounters(drivers);

            report(targets.size(), outcomes, counters);

            knobs.reset(); // clean up fast and unthrottled
            cleanUp(targets, outcomes);
        } finally {
            drivers.forEach(EbsDriverUnderTest::close);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (options.workDir().isEmpty()) {
                deleteTree(work);
            }
        }
    }

    /** Loads classes, JIT-compiles the hot paths and opens every connection before the clock runs. */
    private void warmUp(List<Target> drivers) throws Exception {
        List<Outcome> done = new ArrayList<>();
        for (int round = 0; round < options.warmupPerDriver(); round++) {
            for (int d = 0; d < drivers.size(); d++) {
                Target driver = drivers.get(d);
                Outcome outcome = provisionOne(driver, "warmup-" + d + "-" + round, -1, System.nanoTime());
                if (outcome.error().isPresent()) {
                    throw new IllegalStateException("warm-up failed: " + outcome.error().get());
                }
                done.add(outcome);
            }
        }
        cleanUp(drivers, done);
    }

    private List<Outcome> provision(List<Target> drivers) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < options.volumes(); i++) {
                int index = i;
                Target driver = drivers.get(i % drivers.size());
                futures.add(threads.submit(() -> {
                    go.await();
                    return provisionOne(driver, "pvc-bench-%04d".formatted(index), index, start[0]);
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

    private Outcome provisionOne(Target driver, String name, int index, long start) {
        ControllerGrpc.ControllerBlockingStub controller = driver.controller();
        Csi.VolumeCapability capability = Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
        Csi.Topology zone = Csi.Topology.newBuilder().putSegments(ZONE_KEY, driver.zone()).build();
        String volumeId = "";
        double created = Double.NaN;
        try {
            // As external-provisioner sends it with WaitForFirstConsumer: the chosen node's zone
            Csi.CreateVolumeResponse response = controller.withDeadlineAfter(10, TimeUnit.MINUTES).createVolume(Csi.CreateVolumeRequest.newBuilder()
                    .setName(name)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(options.sizeGiB() * GIB))
                    .addVolumeCapabilities(capability)
                    .putParameters("type", "gp3")
                    .setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder().addRequisite(zone).addPreferred(zone))
                    .build());
            volumeId = response.getVolume().getVolumeId();
            created = seconds(System.nanoTime() - start);
            controller.withDeadlineAfter(10, TimeUnit.MINUTES).controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setNodeId(driver.instanceId())
                    .setVolumeCapability(capability)
                    .build());
            return new Outcome(index, volumeId, driver.instanceId(), created, seconds(System.nanoTime() - start), Optional.empty());
        } catch (StatusRuntimeException e) {
            String step = volumeId.isEmpty() ? "CreateVolume" : "ControllerPublishVolume";
            return new Outcome(index, volumeId, driver.instanceId(), created, Double.NaN,
                    Optional.of(step + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription()));
        }
    }

    /** Unpublishes and deletes whatever was made; a failure here is reported, not fatal. */
    private void cleanUp(List<Target> drivers, List<Outcome> outcomes) throws InterruptedException {
        Map<String, Target> byInstance = new TreeMap<>();
        drivers.forEach(driver -> byInstance.put(driver.instanceId(), driver));
        List<String> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Outcome outcome : outcomes) {
                if (outcome.volumeId().isEmpty()) {
                    continue;
                }
                threads.submit(() -> {
                    ControllerGrpc.ControllerBlockingStub controller = byInstance.get(outcome.instanceId()).controller()
                            .withDeadlineAfter(2, TimeUnit.MINUTES);
                    try {
                        controller.controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                                .setVolumeId(outcome.volumeId()).setNodeId(outcome.instanceId()).build());
                        controller.deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(outcome.volumeId()).build());
                    } catch (StatusRuntimeException e) {
                        synchronized (failures) {
                            failures.add(outcome.volumeId() + ": " + e.getStatus());
                        }
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            out.printf("clean-up: %d volumes not removed, e.g. %s%n", failures.size(), failures.getFirst());
        }
    }

    private static Map<String, long[]> summedCounters(List<EbsDriverUnderTest> drivers) {
        Map<String, long[]> sum = new TreeMap<>();
        for (EbsDriverUnderTest driver : drivers) {
            driver.simulator().counters().snapshot().forEach((key, values) -> {
                long[] total = sum.computeIfAbsent(key, k -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    total[i] += values[i];
                }
            });
        }
        return sum;
    }

    private void report(int instances, List<Outcome> outcomes, Map<String, long[]> counters) {
        int n = options.volumes();
        Map<String, String> knobs = options.runKnobs();
        Optional<EbsFloor.Bucket> createBucket = bucket(knobs, "CreateVolume");
        Optional<EbsFloor.Bucket> mutatingBucket = bucket(knobs, "mutating");
        EbsFloor floor = EbsFloor.compute(n, createBucket, mutatingBucket, options.availableDelay(), options.attachedDelay());
        List<Outcome> failed = outcomes.stream().filter(o -> o.error().isPresent()).toList();
        List<Outcome> ok = outcomes.stream().filter(o -> o.error().isEmpty()).toList();

        out.println();
        out.printf("EBS provisioning: %d volumes at once, each CreateVolume then ControllerPublishVolume%n", n);
        out.printf("  path      CSI gRPC over unix sockets -> polycsi ControllerService -> EBS backend -> AWS SDK -> simulator, in one JVM%n");
        out.printf("  instances %d x %s (%d attachments each) in one simulated account and zone, one polycsi controller;%n",
                instances, options.instanceType(), options.attachmentLimit());
        out.printf("            volume i is published to instance i mod %d%n", instances);
        out.printf("  delays    available %s, attached %s%n", ms(options.availableDelay().toMillis()), ms(options.attachedDelay().toMillis()));
        out.printf("  throttle  %s%n", options.throttle() ? "CreateVolume " + createBucket.map(Object::toString).orElse("off")
                + ", mutating " + mutatingBucket.map(Object::toString).orElse("off") + ", describe " + knobs.getOrDefault("throttle.ec2.describe", "off")
                + " (RATE/BURST)" : "off");
        if (!options.extraKnobs().isEmpty() || !options.backendOptions().isEmpty()) {
            out.printf("  extra     knobs %s, driver options %s%n", options.extraKnobs(), options.backendOptions());
        }
        out.printf("  machine   %d cores, Java %s, %s %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.printf("  failed    %d of %d%s%n", failed.size(), n, failed.isEmpty() ? "" : ", e.g. " + failed.getFirst().error().get());
        if (!failed.isEmpty()) {
            out.printf("  (measured times below are of the %d volumes that succeeded: not comparable with the floor for all %d)%n",
                    ok.size(), n);
        }
        out.println();

        double[] createLatency = ok.stream().mapToDouble(Outcome::created).toArray();
        double[] publishLatency = ok.stream().mapToDouble(o -> o.published() - o.created()).toArray();
        double[] completion = ok.stream().mapToDouble(Outcome::published).toArray();
        double total = Arrays.stream(completion).max().orElse(Double.NaN);
        double mean = Arrays.stream(completion).average().orElse(Double.NaN);
        out.printf("%-34s %10s %10s %8s%n", "seconds from the start", "measured", "floor", "ratio");
        row("all published (total)", total, floor.total());
        row("completion per volume, mean", mean, floor.meanCompletion());
        row("completion per volume, p50", percentile(completion, 50), percentile(floor.attachedAt(), 50));
        row("completion per volume, p90", percentile(completion, 90), percentile(floor.attachedAt(), 90));
        row("CreateVolume latency, p50", percentile(createLatency, 50), percentile(floor.createLatencies(options.availableDelay()), 50));
        row("CreateVolume latency, max", max(createLatency), max(floor.createLatencies(options.availableDelay())));
        row("ControllerPublish latency, p50", percentile(publishLatency, 50), percentile(floor.publishLatencies(options.availableDelay()), 50));
        row("ControllerPublish latency, max", max(publishLatency), max(floor.publishLatencies(options.availableDelay())));
        out.printf("%-34s %10.1f %10.1f%n", "volumes per second", ok.size() / total, n / floor.total());
        out.println();

        out.printf("%-34s %8s %11s %10s %8s%n", "EC2 calls (simulator counters)", "calls", "per volume", "throttled", "errors");
        long calls = 0;
        long describes = 0;
        long throttled = 0;
        for (Map.Entry<String, long[]> entry : counters.entrySet()) {
            long[] v = entry.getValue();
            out.printf("%-34s %8d %11.2f %10d %8d%n", entry.getKey(), v[0], (double) v[0] / n, v[2], v[1] - v[2]);
            calls += v[0];
            throttled += v[2];
            if (entry.getKey().startsWith("ec2.Describe")) {
                describes += v[0];
            }
        }
        out.printf("%-34s %8d %11.2f %10d%n", "all", calls, (double) calls / n, throttled);
        out.println();

        int officialPolls = officialPolls();
        double describePerVolume = (double) describes / n;
        out.printf("one DescribeVolumes per poll per volume, at aws-ebs-csi-driver's unbatched schedule (create: first poll%n");
        out.printf("after 1.25 s, then 0.5 s x1.5; attach: poll at once, then 1 s x1.8) with these delays: %d polls per volume,%n",
                officialPolls);
        out.printf("%d calls per volume with its CreateVolume and AttachVolume (not counting DescribeInstances or throttled retries)%n",
                officialPolls + 2);
        out.println();
        double ratio = total / floor.total();
        out.printf("aim: total within 1.2x of the floor: %s (%.2fx)%n", ratio <= 1.2 ? "met" : "MISSED", ratio);
        out.printf("aim: fewer Describe calls per volume than one per poll: %s (%.2f vs %d)%n",
                describePerVolume < officialPolls ? "met" : "MISSED", describePerVolume, officialPolls);
        out.printf("     all calls per volume %.2f vs %d%n", (double) calls / n, officialPolls + 2);
        if (!failed.isEmpty()) {
            out.println();
            out.println("failures:");
            failed.stream().limit(10).forEach(o -> out.printf("  volume %d: %s%n", o.index(), o.error().get()));
        }
    }

    /** Polls of aws-ebs-csi-driver (unbatched) until available and until attached, at the simulated delays. */
    private int officialPolls() {
        int create = polls(EbsFloor.seconds(options.availableDelay()), 1.25, 0.5, 1.5);
        int attach = polls(EbsFloor.seconds(options.attachedDelay()), 0, 1.0, 1.8);
        return create + attach;
    }

    /** Polls at {@code first}, then {@code step} growing by {@code factor}, until one comes at or after {@code delay}. */
    static int polls(double delay, double first, double step, double factor) {
        int count = 1;
        double at = first;
        while (at < delay) {
            at += step;
            step *= factor;
            count++;
        }
        return count;
    }

    private static Optional<EbsFloor.Bucket> bucket(Map<String, String> knobs, String bucketClass) {
        String spec = knobs.get("throttle.ec2." + bucketClass);
        return spec == null || spec.equals("off") ? Optional.empty() : Optional.of(EbsFloor.Bucket.parse(spec));
    }

    private void row(String label, double measured, double floor) {
        out.printf(Locale.ROOT, "%-34s %10.2f %10.2f %7.2fx%n", label, measured, floor, measured / floor);
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String ms(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
