package dev.polycsi.reliability.node;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Issue 15, node crashes: {@code polycsi node} runs as its own process against a separate
 * {@code polycsi simulator --simulator-state} (and a {@code polycsi controller} that attaches and
 * detaches, never killed), while one kubelet-like worker per volume takes its volume round
 * ControllerPublish, NodeStage, NodePublish, write and sync data, sometimes expand, NodeUnpublish,
 * NodeUnstage, ControllerUnpublish, retrying each call until it succeeds. A killer sends the node
 * SIGKILL at random moments while calls are under way, restarts it and waits for Probe.
 *
 * <p>Checked while it runs: after each successful stage and publish exactly one mount at the
 * path (a retried stage or publish after a crash must not stack a second), none after each
 * unpublish and unstage, no loop device left over a volume's file after its ControllerUnpublish,
 * all data written and synced through earlier publishes there again through each new one, no
 * call failing with a code a crash does not explain, none that does not succeed within its
 * budget. At the end: no mount under the campaign's directories, no loop device over its files,
 * no EBS volume attached.
 */
public final class NodeCrashCampaign {

    private static final Duration NODE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration CONTROLLER_DEADLINE = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final long GIB = 1L << 30;
    private static final long MAX_CAPACITY = 4 * GIB;
    private static final Set<Status.Code> OK_ONLY = EnumSet.noneOf(Status.Code.class);
    /** CSI: an unpublish or unstage of what is not there any more is done. */
    private static final Set<Status.Code> RELEASED = EnumSet.of(Status.Code.NOT_FOUND);

    /** What a run is asked to do. */
    public record Settings(int kills, int volumesPerKind, List<CampaignVolume.Kind> kinds, long seed, Duration maxKillDelay,
            Duration maxQuiet, Duration timeLimit, Duration operationBudget, Path dir, boolean keep) {

        public static Settings defaults(Path dir) {
            return new Settings(100, 2, List.of(CampaignVolume.Kind.values()), System.nanoTime(), Duration.ofMillis(900),
                    Duration.ofMillis(1000), Duration.ofMinutes(9), Duration.ofSeconds(90), dir, false);
        }

        Settings withKills(int value) {
            return new Settings(value, volumesPerKind, kinds, seed, maxKillDelay, maxQuiet, timeLimit, operationBudget, dir, keep);
        }
    }

    /** What a run found. */
    public record Report(Settings settings, int kills, Duration elapsed, Figures figures, List<String> violations,
            List<Long> restartMillis, List<Path> leftoverMounts, List<String> leftoverLoops, List<String> attachedVolumes,
            List<Path> leftoverRecords) {

        public boolean passed() {
            return violations.isEmpty() && leftoverMounts.isEmpty() && leftoverLoops.isEmpty() && attachedVolumes.isEmpty()
                    && leftoverRecords.isEmpty();
        }

        public long count(String name) {
            return figures.get(name);
        }

        public Map<String, Long> counts(String prefix) {
            return figures.withPrefix(prefix);
        }
    }

    private final Settings settings;
    private final Figures figures = new Figures();
    private final Kubelet kubelet;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger kills = new AtomicInteger();
    private final List<Long> restartMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Path kubeletDir;
    private final boolean canGrowExt4;
    private ChildProcesses.Driver node;
    private CsiClient nodeClient;
    private CsiClient controllerClient;
    private String nodeId;
    private Path simulatorData;
    private final AtomicInteger workersLeft = new AtomicInteger();
    private final Set<String> foreignHeld = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private NodeCrashCampaign(Settings settings) {
        this.settings = settings;
        this.kubelet = new Kubelet(figures, settings.operationBudget());
        this.kubeletDir = settings.dir().resolve("kubelet");
        this.canGrowExt4 = hasCapSysResource();
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parse(args);
        Report report = run(settings);
        print(report, System.out);
        System.exit(report.passed() ? 0 : 1);
    }

    /** Runs a campaign in {@code settings.dir()} and cleans up after it (unless {@code keep}), pass or fail. */
    public static Report run(Settings settings) throws Exception {
        return new NodeCrashCampaign(settings).run();
    }

    private Report run() throws Exception {
        Path dir = Files.createDirectories(settings.dir());
        long started = System.nanoTime();
        ChildProcesses.Simulator simulator = ChildProcesses.Simulator.start(dir.resolve("simulator"));
        simulatorData = simulator.data();
        ChildProcesses.Driver controller = null;
        List<CampaignVolume> volumes = new ArrayList<>();
        List<Path> leftoverMounts = List.of();
        List<String> leftoverLoops = List.of();
        List<String> attached = List.of();
        List<Path> leftoverRecords = List.of();
        try {
            List<String> simulate = List.of("--simulate", "--simulator-url", simulator.endpoint().toString(),
                    "--simulator-data", simulator.data().toString(), "--backends", "ebs,efs");
            controller = new ChildProcesses.Driver(dir.resolve("controller"), concat(List.of("controller"), simulate));
            node = new ChildProcesses.Driver(dir.resolve("node"), concat(List.of("node"), simulate));
            controller.start(READY_TIMEOUT);
            node.start(READY_TIMEOUT);
            controllerClient = new CsiClient(controller.socket(), CONTROLLER_DEADLINE);
            nodeClient = new CsiClient(node.socket(), NODE_DEADLINE);
            Csi.NodeGetInfoResponse info = nodeClient.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
            nodeId = info.getNodeId();
            volumes = createVolumes(info);

            List<Thread> workers = new ArrayList<>();
            workersLeft.set(volumes.size());
            for (CampaignVolume volume : volumes) {
                workers.add(Thread.ofPlatform().name("kubelet-" + volume.name).start(() -> work(volume)));
            }
            Thread killer = Thread.ofPlatform().name("killer").start(this::killLoop);
            killer.join();
            stopping.set(true);
            for (Thread worker : workers) {
                worker.join(settings.operationBudget().multipliedBy(8).toMillis());
                if (worker.isAlive()) {
                    figures.violation("hang", worker.getName() + " did not finish its cycle after the last kill");
                    worker.interrupt();
                }
            }
            leftoverMounts = new ArrayList<>(HostState.mountsUnder(kubeletDir));
            leftoverMounts.addAll(HostState.mountsUnder(simulator.data()));
            leftoverLoops = withoutForeignHolders(waitForNoLoops(simulator.data()));
            attached = attachedVolumes(simulator.endpoint());
            leftoverRecords = HostState.mountRecordsUnder(kubeletDir);
        } finally {
            cleanUp(simulator, controller, volumes);
        }
        return new Report(settings, kills.get(), Duration.ofNanos(System.nanoTime() - started), figures, figures.violations(),
                List.copyOf(restartMillis), leftoverMounts, leftoverLoops, attached, leftoverRecords);
    }

    // ---- the workload

    private List<CampaignVolume> createVolumes(Csi.NodeGetInfoResponse info) throws Exception {
        List<CampaignVolume> volumes = new ArrayList<>();
        for (CampaignVolume.Kind kind : settings.kinds()) {
            for (int i = 0; i < settings.volumesPerKind(); i++) {
                String name = kind.label + "-" + i;
                Csi.CreateVolumeRequest.Builder request = Csi.CreateVolumeRequest.newBuilder()
                        .setName("crash-node-" + name)
                        .addVolumeCapabilities(kind.capability())
                        .putAllParameters(kind.parameters())
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(GIB));
                if (info.hasAccessibleTopology() && info.getAccessibleTopology().getSegmentsCount() > 0) {
                    request.setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder()
                            .addRequisite(info.getAccessibleTopology()).addPreferred(info.getAccessibleTopology()));
                }
                Csi.Volume volume = kubelet.call("CreateVolume", name, OK_ONLY,
                        () -> controllerClient.controller().createVolume(request.build())).getVolume();
                // The kubelet's staging path of a volume stays the same (…/globalmount), across restarts too.
                Path staging = kubeletDir.resolve("staging").resolve(name);
                volumes.add(new CampaignVolume(kind, name, volume, staging, Files.createDirectories(kubeletDir.resolve("pods"))));
            }
        }
        return volumes;
    }

    /** One volume's pod after pod until the killer is done; each cycle ends with the volume released. */
    private void work(CampaignVolume volume) {
        int cycle = 0;
        try {
            while (!stopping.get()) {
                cycle(volume, cycle++);
                figures.add("cycles");
                figures.add("cycles." + volume.kind.label);
            }
        } catch (Kubelet.HangException e) {
            figures.violation("hang", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            figures.violation("workload", volume.name + " cycle " + cycle + ": " + e);
        } finally {
            workersLeft.decrementAndGet();
        }
    }

    private void cycle(CampaignVolume volume, int cycle) throws Exception {
        String id = volume.id();
        Csi.VolumeCapability capability = volume.kind.capability();
        Csi.ControllerPublishVolumeResponse attached = kubelet.call("ControllerPublishVolume", volume.name, OK_ONLY,
                () -> controllerClient.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId(id).setNodeId(nodeId).setVolumeCapability(capability)
                        .putAllVolumeContext(volume.volume.getVolumeContextMap()).build()));
        Map<String, String> publishContext = attached.getPublishContextMap();

        // Now and then the pod is deleted while its volume is being set up: a stage or publish that a
        // crash interrupted is not retried, and the volume, "uncertain" for the kubelet, is released.
        boolean podDeletedEarly = ThreadLocalRandom.current().nextInt(4) == 0;
        Files.createDirectories(volume.staging); // the kubelet makes the staging directory
        Csi.NodeStageVolumeRequest stage = Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(id)
                .setStagingTargetPath(volume.staging.toString()).setVolumeCapability(capability).putAllPublishContext(publishContext)
                .putAllVolumeContext(volume.volume.getVolumeContextMap()).build();
        boolean staged;
        if (podDeletedEarly) {
            staged = kubelet.attempt("NodeStageVolume", volume.name, () -> nodeClient.node().nodeStageVolume(stage));
        } else {
            kubelet.call("NodeStageVolume", volume.name, OK_ONLY, () -> nodeClient.node().nodeStageVolume(stage));
            staged = true;
        }
        Path target = volume.newTarget(cycle);
        boolean published = false;
        if (staged) {
            expectMounts(volume.staging, volume.kind.stagesAMount() ? 1 : 0, "after NodeStageVolume of " + volume.name);
            Csi.NodePublishVolumeRequest publish = Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(id)
                    .setStagingTargetPath(volume.staging.toString()).setTargetPath(target.toString()).setVolumeCapability(capability)
                    .putAllPublishContext(publishContext).putAllVolumeContext(volume.volume.getVolumeContextMap()).build();
            if (podDeletedEarly) {
                published = kubelet.attempt("NodePublishVolume", volume.name, () -> nodeClient.node().nodePublishVolume(publish));
                if (!published) {
                    figures.add("uncertain.NodePublishVolume");
                }
            } else {
                kubelet.call("NodePublishVolume", volume.name, OK_ONLY, () -> nodeClient.node().nodePublishVolume(publish));
                published = true;
            }
        } else {
            figures.add("uncertain.NodeStageVolume");
        }
        if (published && expectMounts(target, 1, "after NodePublishVolume of " + volume.name)) {
            String lost = volume.verify(target);
            figures.add("data.checked", volume.written());
            if (!lost.isEmpty()) {
                figures.violation("data lost", volume.name + " through " + target + ": " + lost);
            }
            volume.write(target, cycle);
            figures.add("data.written");
            Thread.sleep(ThreadLocalRandom.current().nextInt(200)); // the pod runs a little
            if (volume.kind.ebs && cycle % 3 == 1 && volume.capacityBytes + GIB <= MAX_CAPACITY
                    && (volume.kind != CampaignVolume.Kind.EBS_EXT4 || canGrowExt4)) {
                expand(volume, target, capability);
            }
            if (cycle % 3 == 2) {
                readOnlyPublish(volume, cycle, capability, publishContext);
            }
        }

        if (staged) {
            kubelet.call("NodeUnpublishVolume", volume.name, RELEASED, () -> nodeClient.node().nodeUnpublishVolume(
                    Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(id).setTargetPath(target.toString()).build()));
            expectMounts(target, 0, "after NodeUnpublishVolume of " + volume.name);
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                figures.violation("target left", target + " still exists after NodeUnpublishVolume of " + volume.name);
            }
        }
        kubelet.call("NodeUnstageVolume", volume.name, RELEASED, () -> nodeClient.node().nodeUnstageVolume(
                Csi.NodeUnstageVolumeRequest.newBuilder().setVolumeId(id).setStagingTargetPath(volume.staging.toString()).build()));
        expectMounts(volume.staging, 0, "after NodeUnstageVolume of " + volume.name);

        kubelet.call("ControllerUnpublishVolume", volume.name, RELEASED, () -> controllerClient.controller().controllerUnpublishVolume(
                Csi.ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(id).setNodeId(nodeId).build()));
        if (volume.kind.ebs) {
            String volumeId = id.substring(id.indexOf(':') + 1);
            Path file = simulatorData.resolve("ebs/volumes").resolve(volumeId + ".img");
            List<String> loops = withoutForeignHolders(waitForNoLoopsOver(file));
            if (!loops.isEmpty()) {
                figures.violation("still attached", volume.name + " has " + loops + " after ControllerUnpublishVolume: "
                        + loops.stream().map(loop -> HostState.usersOf(loop.substring(0, loop.indexOf(' ')))).toList());
            }
        }
    }

    /**
     * A second pod of the volume on this node, read-only: published next to the first, its data
     * readable, not writable, and released again.
     */
    private void readOnlyPublish(CampaignVolume volume, int cycle, Csi.VolumeCapability capability, Map<String, String> publishContext)
            throws Exception {
        Path reader = volume.newTarget(cycle * 1000 + 1);
        kubelet.call("NodePublishVolume", volume.name, OK_ONLY, () -> nodeClient.node().nodePublishVolume(
                Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(volume.id()).setStagingTargetPath(volume.staging.toString())
                        .setTargetPath(reader.toString()).setVolumeCapability(capability).setReadonly(true)
                        .putAllPublishContext(publishContext).putAllVolumeContext(volume.volume.getVolumeContextMap()).build()));
        figures.add("read-only publishes");
        if (expectMounts(reader, 1, "after the read-only NodePublishVolume of " + volume.name)) {
            String lost = volume.verify(reader);
            figures.add("data.checked", volume.written());
            if (!lost.isEmpty()) {
                figures.violation("data lost", volume.name + " through the read-only " + reader + ": " + lost);
            }
            if (!HostState.mountedReadOnly(reader)) {
                figures.violation("writable", reader + " of " + volume.name + " was published read-only but is mounted read-write");
            }
        }
        kubelet.call("NodeUnpublishVolume", volume.name, RELEASED, () -> nodeClient.node().nodeUnpublishVolume(
                Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(volume.id()).setTargetPath(reader.toString()).build()));
        expectMounts(reader, 0, "after NodeUnpublishVolume of the read-only " + volume.name);
    }

    private void expand(CampaignVolume volume, Path target, Csi.VolumeCapability capability) throws Exception {
        long wanted = volume.capacityBytes + GIB;
        long before = volume.kind.block() ? 0 : Files.getFileStore(target).getTotalSpace();
        Csi.ControllerExpandVolumeResponse grown = kubelet.call("ControllerExpandVolume", volume.name, OK_ONLY,
                () -> controllerClient.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder()
                        .setVolumeId(volume.id()).setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(wanted))
                        .setVolumeCapability(capability).build()));
        volume.capacityBytes = grown.getCapacityBytes();
        if (grown.getNodeExpansionRequired()) {
            kubelet.call("NodeExpandVolume", volume.name, OK_ONLY, () -> nodeClient.node().nodeExpandVolume(
                    Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId(volume.id()).setVolumePath(target.toString())
                            .setStagingTargetPath(volume.staging.toString()).setVolumeCapability(capability)
                            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(wanted)).build()));
        }
        figures.add("expansions");
        if (!volume.kind.block()) {
            long after = Files.getFileStore(target).getTotalSpace();
            if (after < before + GIB / 2) {
                figures.violation("not grown", volume.name + ": the filesystem at " + target + " has " + after + " bytes, "
                        + before + " before expanding to " + wanted);
            }
        }
    }

    /** Checks the number of mounts at {@code path}; false (and a violation) when it is not {@code expected}. */
    private boolean expectMounts(Path path, long expected, String when) {
        long count = HostState.mountCount(path);
        if (count == expected) {
            return true;
        }
        figures.violation(count > expected ? "double mount" : "missing mount",
                path + " has " + count + " mounts " + when + ", not " + expected);
        return false;
    }

    // ---- the killer

    private void killLoop() {
        Random random = new Random(settings.seed());
        long deadline = System.nanoTime() + settings.timeLimit().toNanos();
        try {
            while (kills.get() < settings.kills() && System.nanoTime() < deadline && !allWorkersGone()) {
                Thread.sleep(random.nextLong(settings.maxQuiet().toMillis() + 1));
                if (!kubelet.awaitCall(Duration.ofSeconds(10))) {
                    continue;
                }
                Thread.sleep(random.nextLong(settings.maxKillDelay().toMillis() + 1));
                Set<String> during = kubelet.inFlight();
                boolean withChildren = random.nextBoolean();
                node.kill(withChildren);
                kills.incrementAndGet();
                figures.add(withChildren ? "kill.with-children" : "kill.orphaning-children");
                if (during.isEmpty()) {
                    figures.add("kill.between-calls");
                }
                during.forEach(kind -> figures.add("kill.during." + kind));
                Duration restart = node.start(READY_TIMEOUT);
                restartMillis.add(restart.toMillis());
                nodeClient.channel().resetConnectBackoff();
            }
            if (kills.get() < settings.kills()) {
                figures.add("kill.short-of-target");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            figures.violation("restart", "the node did not come back after kill " + kills.get() + ": " + e.getMessage());
            stopping.set(true);
        }
    }

    private boolean allWorkersGone() {
        return workersLeft.get() == 0;
    }

    // ---- the checks at the end

    private static List<String> waitForNoLoopsOver(Path file) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> loops = HostState.loopDevicesOver(file);
        while (!loops.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            loops = HostState.loopDevicesOver(file);
        }
        return loops;
    }

    /**
     * The loop devices ("loopN -> file") less those that another mount namespace holds (see
     * {@link HostState#foreignHolders}): counted and named, not the driver's leak.
     */
    private List<String> withoutForeignHolders(List<String> loops) {
        List<String> left = new ArrayList<>();
        for (String loop : loops) {
            List<String> holders = HostState.foreignHolders(loop.substring(0, loop.indexOf(' ')));
            if (holders.isEmpty()) {
                left.add(loop);
            } else if (foreignHeld.add(loop)) {
                figures.add("loop.held-by-another-namespace");
                System.err.println("note: " + loop + " is mounted in another mount namespace, by " + holders);
            }
        }
        return left;
    }

    private static List<String> waitForNoLoops(Path dir) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> loops = HostState.loopDevicesUnder(dir);
        while (!loops.isEmpty() && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            loops = HostState.loopDevicesUnder(dir);
        }
        return loops;
    }

    /** The EBS volumes EC2 (the simulator) still has attached, as "vol-… (state)". */
    private static List<String> attachedVolumes(URI endpoint) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<String> attached = new ArrayList<>();
            for (Volume volume : ec2.describeVolumes().volumes()) {
                if (!volume.attachments().isEmpty()) {
                    attached.add(volume.volumeId() + " (" + volume.attachments().getFirst().stateAsString() + ")");
                }
            }
            return attached;
        }
    }

    private void cleanUp(ChildProcesses.Simulator simulator, ChildProcesses.Driver controller, List<CampaignVolume> volumes)
            throws Exception {
        if (controllerClient != null) {
            for (CampaignVolume volume : volumes) {
                try {
                    controllerClient.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volume.id()).build());
                } catch (RuntimeException e) {
                    figures.add("cleanup.delete-failed");
                }
            }
            controllerClient.close();
        }
        if (nodeClient != null) {
            nodeClient.close();
        }
        if (node != null && !node.stop()) {
            figures.add("cleanup.node-unclean-stop");
        }
        if (controller != null && !controller.stop()) {
            figures.add("cleanup.controller-unclean-stop");
        }
        Mounts.unmountAllUnder(kubeletDir);
        Mounts.unmountAllUnder(simulator.data());
        simulator.stop();
        HostState.detachLoopDevicesUnder(simulator.data());
        if (!settings.keep()) {
            Mounts.deleteTree(settings.dir());
        }
    }

    // ---- the command line and the figures

    static Settings parse(String[] args) throws IOException {
        Settings defaults = Settings.defaults(null);
        int kills = defaults.kills();
        int perKind = defaults.volumesPerKind();
        long seed = defaults.seed();
        Duration maxKillDelay = defaults.maxKillDelay();
        Duration maxQuiet = defaults.maxQuiet();
        Duration timeLimit = defaults.timeLimit();
        Duration budget = defaults.operationBudget();
        List<CampaignVolume.Kind> kinds = defaults.kinds();
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--volumes-per-kind" -> perKind = Integer.parseInt(args[++i]);
                case "--kinds" -> kinds = java.util.Arrays.stream(args[++i].split(","))
                        .map(label -> java.util.Arrays.stream(CampaignVolume.Kind.values()).filter(k -> k.label.equals(label)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("unknown kind " + label + "; known: ebs-ext4,ebs-xfs,ebs-block,efs")))
                        .toList();
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--max-kill-delay-ms" -> maxKillDelay = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--max-quiet-ms" -> maxQuiet = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--time-limit-s" -> timeLimit = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--operation-budget-s" -> budget = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--dir" -> dir = Path.of(args[++i]).toAbsolutePath();
                case "--keep" -> keep = true;
                case "--help" -> {
                    System.out.println("""
                            NodeCrashCampaign [--kills 100] [--volumes-per-kind 2] [--kinds ebs-ext4,ebs-xfs,ebs-block,efs] [--seed N]
                                [--max-kill-delay-ms 900] [--max-quiet-ms 1000] [--time-limit-s 540] [--operation-budget-s 90]
                                [--dir DIR] [--keep]""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown argument " + arg + " (see --help)");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("polycsi-crash-node-");
        }
        return new Settings(kills, perKind, kinds, seed, maxKillDelay, maxQuiet, timeLimit, budget, dir, keep);
    }

    static void print(Report report, PrintStream out) {
        Settings settings = report.settings();
        Figures figures = report.figures();
        out.printf("node crash campaign: %d kills in %d s (seed %d, %d volumes per kind: %s)%n", report.kills(),
                report.elapsed().toSeconds(), settings.seed(), settings.volumesPerKind(),
                String.join(", ", settings.kinds().stream().map(kind -> kind.label).toList()));
        out.printf("kills: %d with the node's commands, %d leaving them running; between calls %d%n",
                figures.get("kill.with-children"), figures.get("kill.orphaning-children"), figures.get("kill.between-calls"));
        out.printf("kills during: %s%n", figures.withPrefix("kill.during."));
        out.printf("restart to ready: %s%n", restartSummary(report));
        out.printf("%-26s %6s %8s %8s  %s%n", "operation", "ok", "retries", "p-mean", "errors by code");
        for (String kind : List.of("NodeStageVolume", "NodePublishVolume", "NodeExpandVolume", "NodeUnpublishVolume",
                "NodeUnstageVolume", "ControllerPublishVolume", "ControllerExpandVolume", "ControllerUnpublishVolume")) {
            long ok = figures.get("ok." + kind);
            out.printf("%-26s %6d %8d %6d ms  %s%n", kind, ok, figures.get("retries." + kind),
                    ok == 0 ? 0 : figures.get("millis." + kind) / ok, figures.withPrefix("error." + kind + "."));
        }
        out.printf("read-only publishes beside another: %d%s%n", figures.get("read-only publishes"),
                hasCapSysResource() ? "" : "; ext4 not expanded: growing a mounted ext4 needs CAP_SYS_RESOURCE, which this root lacks");
        out.printf("cycles: %d %s; expansions: %d; released uncertain after a crash: %s%n", figures.get("cycles"),
                figures.withPrefix("cycles."), figures.get("expansions"), figures.withPrefix("uncertain."));
        out.printf("data: %d writes synced, %d checks of earlier writes, %d lost%n", figures.get("data.written"),
                figures.get("data.checked"), figures.get("violation.data lost"));
        out.printf("double mounts: %d, missing mounts: %d, hangs: %d, unexpected codes: %d%n", figures.get("violation.double mount"),
                figures.get("violation.missing mount"), figures.get("violation.hang"), figures.get("violation.unexpected code"));
        out.printf("leftovers at the end: %d mounts %s, %d loop devices %s, %d attached volumes %s%n",
                report.leftoverMounts().size(), report.leftoverMounts(), report.leftoverLoops().size(), report.leftoverLoops(),
                report.attachedVolumes().size(), report.attachedVolumes());
        if (figures.get("loop.held-by-another-namespace") > 0) {
            out.printf("loop devices kept by a mount namespace another process made while they were mounted (not counted): %d%n",
                    figures.get("loop.held-by-another-namespace"));
        }
        out.printf("simulated mount records left at the end: %d %s%n", report.leftoverRecords().size(),
                report.leftoverRecords().stream().limit(10).toList());
        report.violations().stream().limit(40).forEach(violation -> out.println("VIOLATION " + violation));
        out.println(report.passed() ? "PASS" : "FAIL");
    }

    private static String restartSummary(Report report) {
        List<Long> sorted = new ArrayList<>(report.restartMillis());
        if (sorted.isEmpty()) {
            return "no restarts";
        }
        java.util.Collections.sort(sorted);
        return "p50 %d ms, p90 %d ms, max %d ms".formatted(sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10),
                sorted.getLast());
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static boolean hasCapSysResource() {
        try {
            String effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:")).map(line -> line.substring("CapEff:".length()).strip())
                    .findFirst().orElse("0");
            return (Long.parseUnsignedLong(effective, 16) & (1L << 24)) != 0;
        } catch (IOException e) {
            return false;
        }
    }
}
