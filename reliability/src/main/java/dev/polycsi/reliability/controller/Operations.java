package dev.polycsi.reliability.controller;

import csi.v1.Csi;
import io.grpc.Status;
import java.util.Map;
import java.util.Set;

/**
 * The CSI operations of the workload, each as its sidecar carries it out (retried until done)
 * and written in the {@link Ledger}: in doubt while it runs, then present or absent.
 */
final class Operations {

    /** The simulated instance, the node the EBS volumes are attached to. */
    static final String NODE_ID = "i-0123456789abcdef0";
    static final long GIB = 1L << 30;

    private final Sidecar sidecar;
    private final Ledger ledger;

    Operations(Sidecar sidecar, Ledger ledger) {
        this.sidecar = sidecar;
        this.ledger = ledger;
    }

    static Csi.VolumeCapability capability(Csi.VolumeCapability.AccessMode.Mode mode) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode))
                .build();
    }

    /** CreateVolume as external-provisioner sends it for a PVC; {@code snapshotId} non-null restores that snapshot. */
    Csi.Volume createVolume(Kind kind, String name, Map<String, String> parameters, Csi.VolumeCapability capability, long bytes,
            String snapshotId) {
        Csi.CreateVolumeRequest.Builder request = Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .putAllParameters(parameters)
                .addVolumeCapabilities(capability)
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(bytes));
        if (snapshotId != null) {
            request.setVolumeContentSource(Csi.VolumeContentSource.newBuilder()
                    .setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId)));
        }
        Csi.CreateVolumeRequest built = request.build();
        ledger.inDoubt(kind, name);
        Csi.Volume volume = sidecar.untilOk("CreateVolume", name, c -> c.createVolume(built)).getVolume();
        ledger.present(kind, name);
        return volume;
    }

    void deleteVolume(Kind kind, String name, String volumeId) {
        Csi.DeleteVolumeRequest request = Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
        ledger.inDoubt(kind, name);
        sidecar.until("DeleteVolume", name, c -> c.deleteVolume(request), Set.of(Status.Code.NOT_FOUND), answer -> true);
        ledger.absent(kind, name);
    }

    /** ControllerPublishVolume to the simulated instance, as external-attacher does for a VolumeAttachment. */
    Csi.ControllerPublishVolumeResponse publish(String name, Csi.Volume volume, Csi.VolumeCapability capability) {
        Csi.ControllerPublishVolumeRequest request = Csi.ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setNodeId(NODE_ID)
                .setVolumeCapability(capability)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build();
        ledger.inDoubt(Kind.EBS_ATTACHMENT, name);
        Csi.ControllerPublishVolumeResponse response = sidecar.untilOk("ControllerPublishVolume", name, c -> c.controllerPublishVolume(request));
        ledger.present(Kind.EBS_ATTACHMENT, name);
        return response;
    }

    /** ControllerUnpublishVolume; NOT_FOUND of the volume or node means it is not attached, which the attacher accepts. */
    void unpublish(String name, String volumeId) {
        Csi.ControllerUnpublishVolumeRequest request = Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setNodeId(NODE_ID).build();
        ledger.inDoubt(Kind.EBS_ATTACHMENT, name);
        sidecar.until("ControllerUnpublishVolume", name, c -> c.controllerUnpublishVolume(request), Set.of(Status.Code.NOT_FOUND),
                answer -> true);
        ledger.absent(Kind.EBS_ATTACHMENT, name);
    }

    /** ControllerExpandVolume as external-resizer sends it; the size of the ledger's resource does not change its count. */
    void expand(String name, String volumeId, Csi.VolumeCapability capability, long bytes) {
        Csi.ControllerExpandVolumeRequest request = Csi.ControllerExpandVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(bytes))
                .setVolumeCapability(capability)
                .build();
        sidecar.until("ControllerExpandVolume", name, c -> c.controllerExpandVolume(request), Set.of(),
                answer -> answer.getCapacityBytes() >= bytes);
    }

    /** CreateSnapshot as external-snapshotter makes it: again with the same name until ready_to_use. */
    Csi.Snapshot createSnapshot(Kind kind, String name, String sourceVolumeId) {
        Csi.CreateSnapshotRequest request = Csi.CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(sourceVolumeId).build();
        ledger.inDoubt(kind, name);
        Csi.Snapshot snapshot = sidecar.until("CreateSnapshot", name, c -> c.createSnapshot(request), Set.of(),
                answer -> answer.getSnapshot().getReadyToUse()).orElseThrow().getSnapshot();
        ledger.present(kind, name);
        return snapshot;
    }

    void deleteSnapshot(Kind kind, String name, String snapshotId) {
        Csi.DeleteSnapshotRequest request = Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build();
        ledger.inDoubt(kind, name);
        sidecar.until("DeleteSnapshot", name, c -> c.deleteSnapshot(request), Set.of(Status.Code.NOT_FOUND), answer -> true);
        ledger.absent(kind, name);
    }
}
