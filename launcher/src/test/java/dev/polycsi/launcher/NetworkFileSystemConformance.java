package dev.polycsi.launcher;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.conformance.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The CSI conformance suite against {@code polycsi all --simulate} with one built-in FSx backend
 * (FSx for Lustre, File Cache, FSx for ONTAP), and what their own tests share: ReadWriteMany
 * volumes, publishes with mount flags to targets under {@code pods/}, where the node bind-mounts
 * the simulator's directories (root), and the volumes and snapshots a test made deleted after it.
 */
abstract class NetworkFileSystemConformance extends CsiConformanceSuite {

    private final String mounted;

    /** @param mounted what the node mounts, for the reason its tests are skipped without root, e.g. "the simulated cache" */
    NetworkFileSystemConformance(String mounted) {
        this.mounted = mounted;
    }

    @Override
    protected DriverUnderTest startDriver(Path workDir) throws Exception {
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), List.of("all",
                "--simulate",
                "--simulator-data", workDir.resolve("simulator").toString(),
                "--backends", backendName(),
                // The simulator's volumes are ready at once; FSx's are not, hence the default of 5 s.
                "--backend-option", backendName() + ".first-poll-seconds=1"));
    }

    @Override
    protected Csi.VolumeCapability capability() {
        return capability(List.of());
    }

    /** A ReadWriteMany mounted volume with the PV's mount options. */
    protected static Csi.VolumeCapability capability(List<String> mountFlags) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().addAllMountFlags(mountFlags))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                        .setMode(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER))
                .build();
    }

    /** Deletes the volumes and snapshots a test created, whether it passes or not; the suite unmounts what is left under pods/. */
    protected final class Created implements AutoCloseable {
        private final ArrayDeque<String> volumes = new ArrayDeque<>();
        private final ArrayDeque<String> snapshots = new ArrayDeque<>();

        Csi.Volume volume(Csi.CreateVolumeRequest request) {
            Csi.Volume volume = client().controller().createVolume(request).getVolume();
            volumes.push(volume.getVolumeId());
            return volume;
        }

        Csi.Volume volume(String purpose) {
            return volume(createRequest(uniqueName(purpose)).build());
        }

        Csi.Snapshot readySnapshot(String sourceVolumeId) throws InterruptedException {
            Csi.CreateSnapshotRequest request = Csi.CreateSnapshotRequest.newBuilder()
                    .setName(uniqueName("snap")).setSourceVolumeId(sourceVolumeId).build();
            for (int call = 0; call < 100; call++) {
                Csi.Snapshot snapshot = client().controller().createSnapshot(request).getSnapshot();
                if (!snapshots.contains(snapshot.getSnapshotId())) {
                    snapshots.push(snapshot.getSnapshotId());
                }
                if (snapshot.getReadyToUse()) {
                    return snapshot;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("snapshot of " + sourceVolumeId + " never became ready");
        }

        @Override
        public void close() {
            Mounts.unmountAllUnder(workDir().resolve("pods"));
            volumes.forEach(id -> client().controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build()));
            snapshots.forEach(id -> client().controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build()));
        }
    }

    /** The node bind-mounts the simulator's directories where it would mount NFS or Lustre. */
    protected void assumeCanMount() {
        HostRequirements.assumeRoot("mounts " + mounted);
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
    }

    /** A pod's mount target of its own under pods/, not yet there. */
    protected Path newTarget(String name) throws Exception {
        return Files.createDirectories(workDir().resolve("pods").resolve(uniqueName(name))).resolve("mount");
    }

    protected void publish(String volumeId, Map<String, String> context, Path target, boolean readonly, List<String> mountFlags) {
        client().node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setTargetPath(target.toString())
                .setVolumeCapability(capability(mountFlags))
                .setReadonly(readonly)
                .putAllVolumeContext(context)
                .build());
    }

    protected void publish(Csi.Volume volume, Path target, boolean readonly) {
        publish(volume.getVolumeId(), volume.getVolumeContextMap(), target, readonly, List.of());
    }

    protected void unpublish(String volumeId, Path target) {
        client().node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setTargetPath(target.toString()).build());
    }
}
