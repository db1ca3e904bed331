package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.flag;
import static dev.polycsi.deploy.K8sObject.hasArg;
import static dev.polycsi.deploy.K8sObject.mapOrEmpty;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.Csi;
import csi.v1.Csi.VolumeCapability.AccessMode.Mode;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.SdkLustreCloud;
import dev.polycsi.spi.AwsAccess;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every example StorageClass provisions and mounts with each overlay as shipped: the calls
 * csi-provisioner, csi-attacher and the kubelet make for a claim of that class, built from the
 * overlay's sidecar arguments as those sidecars build them (above all csi-provisioner's
 * {@code --default-fstype}, which it puts in the capability when the class names no
 * {@code csi.storage.k8s.io/fstype}), go to polycsi controller and node processes started with
 * the overlay's own arguments against the AWS simulator. A file backend refusing the
 * provisioner's default fs type is a claim that never binds. The example VolumeAttributesClasses
 * written for the class's backend are then applied to the volume, as csi-resizer applies a
 * claim's new class, where the test can read the values back from the simulator; with each example
 * VolumeSnapshotClass written for it, the volume is snapshotted as csi-snapshotter snapshots it, a
 * claim is restored from the snapshot, and both are deleted again.
 */
class ExampleClassesProvisionTest {

    /**
     * The access modes claims of a backend's classes use: ReadWriteOnce fits every backend; file
     * systems are shared, so ReadWriteMany too. A new backend must be added here.
     */
    private static final Map<String, List<String>> CLAIM_MODES = Map.of(
            "ebs", List.of("ReadWriteOnce"),
            "efs", List.of("ReadWriteOnce", "ReadWriteMany"),
            "fsx-lustre", List.of("ReadWriteOnce", "ReadWriteMany"),
            "filecache", List.of("ReadWriteOnce", "ReadWriteMany"),
            "fsx-ontap", List.of("ReadWriteOnce", "ReadWriteMany"));
    /**
     * Backends whose volumes cannot grow (a File Cache keeps the size it was made with): their
     * classes must not allow expansion, and where another backend makes the driver advertise
     * EXPAND_VOLUME, the driver refuses to grow theirs, UNIMPLEMENTED, which csi-resizer takes as
     * final.
     */
    private static final Set<String> CANNOT_GROW = Set.of("filecache");

    /**
     * The values a volume of a backend shows, keyed as its VolumeAttributesClass parameters, read
     * from the simulator (its URL, the CSI volume id): the backends whose example classes are
     * applied. EBS's example class (8000 IOPS) needs a bigger volume than this test's.
     */
    private static final Map<String, BiFunction<String, String, Map<String, String>>> MODIFIABLE = Map.of(
            "fsx-lustre", ExampleClassesProvisionTest::lustreValues);

    private static final String PREFIX = "csi.storage.k8s.io/";
    private static final String FS_TYPE = PREFIX + "fstype";
    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    /** Two at a time: each runs its own simulator, controller and node processes, in its own directory, and mostly waits on them. */
    @TestFactory
    @Execution(ExecutionMode.CONCURRENT)
    Stream<DynamicTest> everyExampleClassBindsAndMountsWithEachOverlay() {
        List<K8sObject> classes = ExamplesTest.examples().stream().filter(o -> o.is("StorageClass")).toList();
        assertFalse(classes.isEmpty(), "no StorageClass example");
        return Manifests.overlays().entrySet().stream().flatMap(overlay -> classes.stream().map(storageClass ->
                DynamicTest.dynamicTest(overlay.getKey() + ": StorageClass " + storageClass.name(), () -> {
                    String backend = string(K8sObject.map(storageClass.fields(), "parameters"), "backend");
                    assertTrue(Backends.builtIn().containsKey(backend), storageClass + ": backend " + backend + " is not built in");
                    List<String> modes = CLAIM_MODES.get(backend);
                    assertTrue(modes != null, "say in CLAIM_MODES which access modes claims of " + backend + " classes use");
                    Installation installation = serving(Installation.of(overlay.getKey(), overlay.getValue()), storageClass, backend);
                    Path testDir = Files.createDirectories(dir.resolve(overlay.getKey() + "-" + storageClass.name()));
                    provisionAndMount(installation, storageClass, modes, testDir);
                })));
    }

    /**
     * The installation that serves a class: the one its {@code provisioner} names; in an overlay
     * without that name (block-and-file), the one whose {@code --backends} has the class's
     * backend, as deploy/README.md tells users to name it there.
     */
    private static Installation serving(List<Installation> installations, K8sObject storageClass, String backend) {
        String provisioner = string(storageClass.fields(), "provisioner");
        List<Installation> named = installations.stream().filter(i -> i.csiDriver().name().equals(provisioner)).toList();
        List<Installation> found = !named.isEmpty() ? named : installations.stream().filter(i -> enables(i, backend)).toList();
        assertEquals(1, found.size(), storageClass + " (backend " + backend + ") is served by " + found + " of " + installations);
        return found.getFirst();
    }

    private static boolean enables(Installation installation, String backend) {
        return flag(installation.controller().container(Installation.POLYCSI), "--backends")
                .map(list -> List.of(list.split(",")).contains(backend))
                .orElse(true);
    }

    private static void provisionAndMount(Installation installation, K8sObject storageClass, List<String> modes, Path dir) throws Exception {
        Optional<Path> jar = Repo.polycsiJar();
        assumeTrue(jar.isPresent(), "launcher/target/polycsi.jar is not built (run 'mvn verify' from the root)");
        Map<String, Object> provisioner = installation.controller().container("csi-provisioner");
        Path data = Files.createDirectories(dir.resolve("data"));
        try (var simulator = PolycsiProcess.simulator(jar.get(), data, dir)) {
            List<String> simulation = List.of("--simulate", "--simulator-url", simulator.url(), "--simulator-data", data.toString());
            try (var controller = PolycsiProcess.serve(jar.get(), installation.controller(), simulation, dir, "controller");
                    var node = PolycsiProcess.serve(jar.get(), installation.node(), simulation, dir, "node")) {
                for (String mode : modes) {
                    Claim claim = new Claim("data-" + mode.toLowerCase(Locale.ROOT), "default", "pvc-" + UUID.randomUUID(), mode);
                    String what = installation + ", " + storageClass + ", a " + mode + " claim";
                    try {
                        lifecycle(installation, provisioner, storageClass, claim, controller, node, dir, what, simulator.url());
                    } catch (StatusRuntimeException e) {
                        throw new AssertionError(what + ": " + e.getStatus() + "\ncontroller:\n" + controller.log() + "\nnode:\n" + node.log(), e);
                    }
                }
            }
        }
        assumeTrue(root(), "not root: NodeStage, NodePublish and NodeExpand (loop devices, mounts) were not tried; the controller's steps passed");
    }

    record Claim(String name, String namespace, String pvName, String accessMode) {
    }

    /**
     * The claim's life as the sidecars and the kubelet drive it: CreateVolume
     * (csi-provisioner), ValidateVolumeCapabilities, ControllerPublish (csi-attacher, when the
     * CSIDriver requires attaching), NodeStage and NodePublish (kubelet), a snapshot of it and a
     * claim restored from that (csi-snapshotter and csi-provisioner: the example
     * VolumeSnapshotClasses of its backend), growing where the class allows it (csi-resizer,
     * kubelet), or the refusal to grow a volume that cannot, changing its attributes (csi-resizer:
     * the example VolumeAttributesClasses of its backend), then back down to DeleteVolume. Each
     * step must succeed; the node's steps need root (loop devices, mounts).
     */
    private static void lifecycle(Installation installation, Map<String, Object> provisioner, K8sObject storageClass, Claim claim,
            PolycsiProcess controller, PolycsiProcess node, Path dir, String what, String simulatorUrl) throws Exception {
        Set<Csi.ControllerServiceCapability.RPC.Type> controllerCaps = controllerCapabilities(controller);
        Set<Csi.NodeServiceCapability.RPC.Type> nodeCaps = nodeCapabilities(node);
        Csi.NodeGetInfoResponse nodeInfo = node.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());

        Map<String, String> parameters = new HashMap<>();
        mapOrEmpty(storageClass.fields(), "parameters").forEach((k, v) -> parameters.put(k, (String) v));
        String fsType = provisionerFsType(parameters, provisioner, storageClass);
        if (hasArg(provisioner, "--extra-create-metadata")) {
            parameters.put(PREFIX + "pvc/name", claim.name());
            parameters.put(PREFIX + "pvc/namespace", claim.namespace());
            parameters.put(PREFIX + "pv/name", claim.pvName());
        }
        List<String> mountOptions = K8sObject.strings(storageClass.fields(), "mountOptions");
        Csi.VolumeCapability provisioned = capability(
                mode(claim.accessMode(), controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER)),
                fsType, mountOptions);
        Csi.CreateVolumeRequest.Builder create = Csi.CreateVolumeRequest.newBuilder()
                .setName(claim.pvName())
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(SIZE))
                .addVolumeCapabilities(provisioned)
                .putAllParameters(parameters);
        if (nodeInfo.hasAccessibleTopology()) {
            // Topology=true: the zone of the node the pod goes to (WaitForFirstConsumer), or of every node.
            create.setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder()
                    .addRequisite(nodeInfo.getAccessibleTopology()).addPreferred(nodeInfo.getAccessibleTopology()));
        }

        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            Csi.Volume volume = controller.controller().createVolume(create.build()).getVolume();
            String id = volume.getVolumeId();
            undo.push(() -> controller.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build()));

            Csi.ValidateVolumeCapabilitiesResponse validated = controller.controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(id).addVolumeCapabilities(provisioned)
                            .putAllVolumeContext(volume.getVolumeContextMap()).putAllParameters(parameters).build());
            assertTrue(validated.hasConfirmed(), what + ": ValidateVolumeCapabilities: " + validated.getMessage());

            // The PV keeps the fs type and the mount options; the attacher and the kubelet send them from there.
            Csi.VolumeCapability mounted = capability(
                    mode(claim.accessMode(), nodeCaps.contains(Csi.NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER)),
                    fsType, mountOptions);
            Map<String, String> publishContext = Map.of();
            if (installation.attachRequired()) {
                Csi.VolumeCapability attached = capability(
                        mode(claim.accessMode(), controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER)),
                        fsType, mountOptions);
                publishContext = controller.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId(id).setNodeId(nodeInfo.getNodeId()).setVolumeCapability(attached)
                        .putAllVolumeContext(volume.getVolumeContextMap()).build()).getPublishContextMap();
                undo.push(() -> controller.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                        .setVolumeId(id).setNodeId(nodeInfo.getNodeId()).build()));
            }
            if (root()) {
                Path pod = Files.createDirectories(dir.resolve("pods").resolve(claim.pvName()));
                Path staging = Files.createDirectories(pod.resolve("globalmount"));
                if (nodeCaps.contains(Csi.NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME)) {
                    node.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(id)
                            .setStagingTargetPath(staging.toString()).setVolumeCapability(mounted)
                            .putAllPublishContext(publishContext).putAllVolumeContext(volume.getVolumeContextMap()).build());
                    undo.push(() -> node.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder().setVolumeId(id)
                            .setStagingTargetPath(staging.toString()).build()));
                }
                Path target = pod.resolve("mount");
                node.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(id)
                        .setStagingTargetPath(staging.toString()).setTargetPath(target.toString()).setVolumeCapability(mounted)
                        .putAllPublishContext(publishContext).putAllVolumeContext(volume.getVolumeContextMap()).build());
                undo.push(() -> node.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(id)
                        .setTargetPath(target.toString()).build()));
                assertTrue(mountPoint(target), what + ": NodePublishVolume succeeded, but nothing is mounted at " + target);
                Files.writeString(target.resolve("written-by-the-test"), what);
            }
            String backend = string(K8sObject.map(storageClass.fields(), "parameters"), "backend");
            List<K8sObject> snapshotClasses = classesFor("VolumeSnapshotClass", backend);
            if (!snapshotClasses.isEmpty()) {
                snapshotAndRestore(installation, controller, controllerCaps, snapshotClasses, create.build(), volume, what);
            }
            boolean expandable = Boolean.TRUE.equals(storageClass.fields().get("allowVolumeExpansion"));
            if (CANNOT_GROW.contains(backend)) {
                assertFalse(expandable, storageClass + ": " + backend + " volumes cannot grow; do not allow expansion");
                if (controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.EXPAND_VOLUME)) {
                    refusesToGrow(controller, id, mounted, what);
                }
            } else if (expandable) {
                grow(controller, node, controllerCaps, nodeCaps, id, mounted, dir.resolve("pods").resolve(claim.pvName()));
            }
            if (MODIFIABLE.containsKey(backend)) {
                modify(controller, controllerCaps, backend, id, simulatorUrl, what);
            }
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        } finally {
            // After a failure: take down what was set up, so that no mount or loop device outlives the test.
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException alreadyFailing) {
                    // The test has failed already, with the first error.
                }
            }
        }
    }

    /**
     * Each example VolumeSnapshotClass of the backend (volumesnapshotclass-BACKEND.yaml), as
     * csi-snapshotter uses it: CreateSnapshot with the class's parameters (and, with
     * {@code --extra-create-metadata}, the VolumeSnapshot's and its content's names), called again
     * until the snapshot is ready to use; then a claim restored from it, as csi-provisioner
     * creates one (the class's CreateVolume with the snapshot as content source, at least the
     * snapshot's size), and DeleteVolume and DeleteSnapshot.
     */
    private static void snapshotAndRestore(Installation installation, PolycsiProcess controller,
            Set<Csi.ControllerServiceCapability.RPC.Type> controllerCaps, List<K8sObject> snapshotClasses, Csi.CreateVolumeRequest created,
            Csi.Volume volume, String what) throws InterruptedException {
        assertTrue(controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.CREATE_DELETE_SNAPSHOT),
                what + ": there are VolumeSnapshotClasses for its backend, but the driver takes no snapshots");
        Map<String, Object> snapshotter = installation.controller().findContainer("csi-snapshotter")
                .orElseThrow(() -> new AssertionError(installation + " runs no csi-snapshotter, though its driver takes snapshots"));
        for (K8sObject snapshotClass : snapshotClasses) {
            String snapshotWhat = what + ", " + snapshotClass;
            Map<String, String> parameters = new HashMap<>();
            mapOrEmpty(snapshotClass.fields(), "parameters").forEach((k, v) -> parameters.put(k, (String) v));
            String uid = UUID.randomUUID().toString();
            if (hasArg(snapshotter, "--extra-create-metadata")) {
                parameters.put(PREFIX + "volumesnapshot/name", "data-snapshot");
                parameters.put(PREFIX + "volumesnapshot/namespace", "default");
                parameters.put(PREFIX + "volumesnapshotcontent/name", "snapcontent-" + uid);
            }
            Csi.CreateSnapshotRequest request = Csi.CreateSnapshotRequest.newBuilder().setName("snapshot-" + uid)
                    .setSourceVolumeId(volume.getVolumeId()).putAllParameters(parameters).build();
            Csi.Snapshot snapshot = controller.controller().createSnapshot(request).getSnapshot();
            String snapshotId = snapshot.getSnapshotId();
            try {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (!snapshot.getReadyToUse()) {
                    assertTrue(System.nanoTime() < deadline, snapshotWhat + ": snapshot " + snapshotId + " not ready to use after 60 s");
                    Thread.sleep(200);
                    snapshot = controller.controller().createSnapshot(request).getSnapshot();
                    assertEquals(snapshotId, snapshot.getSnapshotId(), snapshotWhat + ": CreateSnapshot called again answered another snapshot");
                }
                assertEquals(volume.getVolumeId(), snapshot.getSourceVolumeId(), snapshotWhat);
                Csi.VolumeContentSource source = Csi.VolumeContentSource.newBuilder()
                        .setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId)).build();
                String restoredName = "pvc-" + UUID.randomUUID();
                Csi.CreateVolumeRequest.Builder restore = created.toBuilder().setName(restoredName).setVolumeContentSource(source)
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(Math.max(SIZE, snapshot.getSizeBytes())));
                if (created.containsParameters(PREFIX + "pv/name")) {
                    restore.putParameters(PREFIX + "pvc/name", "data-restored").putParameters(PREFIX + "pv/name", restoredName);
                }
                Csi.Volume restored = controller.controller().createVolume(restore.build()).getVolume();
                try {
                    assertEquals(snapshotId, restored.getContentSource().getSnapshot().getSnapshotId(),
                            snapshotWhat + ": the restored volume names its snapshot as its content source");
                    assertTrue(restored.getCapacityBytes() >= snapshot.getSizeBytes(), snapshotWhat + ": restored " + restored.getCapacityBytes()
                            + " bytes from a snapshot of " + snapshot.getSizeBytes());
                } finally {
                    controller.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(restored.getVolumeId()).build());
                }
            } finally {
                controller.controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build());
            }
        }
    }

    /** The example classes of a kind written for a backend: KIND-BACKEND.yaml. */
    private static List<K8sObject> classesFor(String kind, String backend) {
        String file = kind.toLowerCase(Locale.ROOT) + "-" + backend + ".yaml";
        return ExamplesTest.examples().stream().filter(o -> o.is(kind))
                .filter(o -> Path.of(o.source()).getFileName().toString().equals(file)).toList();
    }

    /**
     * The claim grows, online, as csi-resizer and the kubelet grow it; both send the PV's capability.
     * The node's part needs the volume published (root).
     */
    private static void grow(PolycsiProcess controller, PolycsiProcess node, Set<Csi.ControllerServiceCapability.RPC.Type> controllerCaps,
            Set<Csi.NodeServiceCapability.RPC.Type> nodeCaps, String id, Csi.VolumeCapability capability, Path pod) {
        assertTrue(controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.EXPAND_VOLUME),
                "the class allows expansion, but the driver cannot expand volumes");
        Csi.CapacityRange bigger = Csi.CapacityRange.newBuilder().setRequiredBytes(2 * SIZE).build();
        Csi.ControllerExpandVolumeResponse expanded = controller.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest
                .newBuilder().setVolumeId(id).setCapacityRange(bigger).setVolumeCapability(capability).build());
        assertTrue(expanded.getCapacityBytes() >= 2 * SIZE, "ControllerExpandVolume answered " + expanded.getCapacityBytes() + " bytes");
        if (expanded.getNodeExpansionRequired() && root() && nodeCaps.contains(Csi.NodeServiceCapability.RPC.Type.EXPAND_VOLUME)) {
            node.node().nodeExpandVolume(Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId(id)
                    .setVolumePath(pod.resolve("mount").toString()).setStagingTargetPath(pod.resolve("globalmount").toString())
                    .setCapacityRange(bigger).setVolumeCapability(capability).build());
        }
    }

    /** What csi-resizer gets for a volume of a backend that cannot grow, where the driver advertises EXPAND_VOLUME for others. */
    private static void refusesToGrow(PolycsiProcess controller, String id, Csi.VolumeCapability capability, String what) {
        StatusRuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> controller.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId(id)
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2 * SIZE)).setVolumeCapability(capability).build()),
                what + ": ControllerExpandVolume grew a volume that cannot grow");
        assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, refused.getStatus().getCode(), what + ": " + refused.getStatus());
    }

    /**
     * Each example VolumeAttributesClass of the backend (volumeattributesclass-BACKEND.yaml), one
     * after the other, as csi-resizer applies a claim's new class: ControllerModifyVolume with its
     * parameters, which answers once the change is made; the volume then shows every value of the
     * class.
     */
    private static void modify(PolycsiProcess controller, Set<Csi.ControllerServiceCapability.RPC.Type> controllerCaps, String backend,
            String id, String simulatorUrl, String what) {
        List<K8sObject> classes = classesFor("VolumeAttributesClass", backend);
        assertFalse(classes.isEmpty(), "no example VolumeAttributesClass for " + backend);
        assertTrue(controllerCaps.contains(Csi.ControllerServiceCapability.RPC.Type.MODIFY_VOLUME),
                "there are VolumeAttributesClasses for " + backend + ", but the driver cannot modify volumes");
        for (K8sObject attributesClass : classes) {
            Map<String, String> parameters = new HashMap<>();
            mapOrEmpty(attributesClass.fields(), "parameters").forEach((k, v) -> parameters.put(k, (String) v));
            controller.controller().controllerModifyVolume(Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(id)
                    .putAllMutableParameters(parameters).build());
            Map<String, String> shown = MODIFIABLE.get(backend).apply(simulatorUrl, id);
            parameters.forEach((key, value) -> assertEquals(value, shown.get(key),
                    what + ": after ControllerModifyVolume to " + attributesClass + ", " + key + " (the volume shows " + shown + ")"));
        }
    }

    /** An FSx for Lustre volume's throughput and metadata configuration, as DescribeFileSystems gives them. */
    private static Map<String, String> lustreValues(String simulatorUrl, String volumeId) {
        String fileSystemId = volumeId.substring(volumeId.indexOf(':') + 1);
        try (SdkLustreCloud fsx = SdkLustreCloud.create(AwsAccess.simulated("us-east-1", URI.create(simulatorUrl)), 1, Duration.ZERO)) {
            LustreFileSystem fileSystem = fsx.describe(fileSystemId).orElseThrow(() -> new AssertionError(fileSystemId + " is gone"));
            Map<String, String> values = new HashMap<>();
            fileSystem.perUnitStorageThroughput().ifPresent(throughput -> values.put("perUnitStorageThroughput", throughput.toString()));
            fileSystem.metadataMode().ifPresent(mode -> values.put("metadataConfigurationMode", mode.name()));
            fileSystem.metadataIops().ifPresent(iops -> values.put("metadataIops", iops.toString()));
            return values;
        }
    }

    /**
     * The fs type csi-provisioner puts in the capability (and the PV): the class's
     * {@code csi.storage.k8s.io/fstype} or deprecated {@code fstype}, else its
     * {@code --default-fstype}. It takes its own {@code csi.storage.k8s.io/} keys out of the
     * parameters and refuses classes with any other key under that prefix.
     */
    private static String provisionerFsType(Map<String, String> parameters, Map<String, Object> provisioner, K8sObject storageClass) {
        List<String> named = parameters.entrySet().stream()
                .filter(e -> e.getKey().equals(FS_TYPE) || e.getKey().equalsIgnoreCase("fstype")).map(Map.Entry::getValue).toList();
        assertTrue(named.size() <= 1, storageClass + ": csi-provisioner refuses a class that names its fs type twice");
        for (String key : new ArrayList<>(parameters.keySet())) {
            if (key.startsWith(PREFIX)) {
                assertTrue(key.equals(FS_TYPE) || key.matches(java.util.regex.Pattern.quote(PREFIX) + "[a-z-]+-secret-(name|namespace)"),
                        storageClass + ": csi-provisioner refuses the unknown parameter " + key);
                parameters.remove(key);
            }
        }
        String fsType = named.isEmpty() ? "" : named.getFirst();
        return fsType.isEmpty() ? flag(provisioner, "--default-fstype").orElse("") : fsType;
    }

    /** A Kubernetes access mode as the sidecars and the kubelet translate it for a driver with or without SINGLE_NODE_MULTI_WRITER. */
    private static Mode mode(String accessMode, boolean singleNodeMultiWriter) {
        return switch (accessMode) {
            case "ReadWriteOnce" -> singleNodeMultiWriter ? Mode.SINGLE_NODE_MULTI_WRITER : Mode.SINGLE_NODE_WRITER;
            case "ReadWriteOncePod" -> singleNodeMultiWriter ? Mode.SINGLE_NODE_SINGLE_WRITER : Mode.SINGLE_NODE_WRITER;
            case "ReadOnlyMany" -> Mode.MULTI_NODE_READER_ONLY;
            case "ReadWriteMany" -> Mode.MULTI_NODE_MULTI_WRITER;
            default -> throw new AssertionError("no access mode " + accessMode);
        };
    }

    private static Csi.VolumeCapability capability(Mode mode, String fsType, List<String> mountOptions) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType(fsType).addAllMountFlags(mountOptions))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode))
                .build();
    }

    private static Set<Csi.ControllerServiceCapability.RPC.Type> controllerCapabilities(PolycsiProcess controller) {
        return Set.copyOf(controller.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream().map(c -> c.getRpc().getType()).toList());
    }

    private static Set<Csi.NodeServiceCapability.RPC.Type> nodeCapabilities(PolycsiProcess node) {
        return Set.copyOf(node.node().nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream().map(c -> c.getRpc().getType()).toList());
    }

    private static boolean mountPoint(Path path) throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .anyMatch(path.toString()::equals);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
