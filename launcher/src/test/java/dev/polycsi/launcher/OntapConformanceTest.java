package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CSI conformance suite against {@code polycsi all --simulate} with the built-in FSx for ONTAP
 * backend: the real FSx SDK client against the simulator, an ONTAP volume per PV in the
 * simulator's seeded SVM, snapshots as FSx backups, and real bind mounts (root) of the
 * simulator's directories where the node runs {@code mount -t nfs <svm dns name>:<junction path>}.
 * The ONTAP tests add data kept by a snapshot and not by later writes, two publishes sharing data,
 * static volumes, final backups, and the refusals a user meets (block, a foreign SVM, FlexGroup
 * backups).
 */
class OntapConformanceTest extends NetworkFileSystemConformance {

    private static final String FILE_SYSTEM = OntapLongOperationsTest.FILE_SYSTEM;
    private static final String SVM = OntapLongOperationsTest.SVM;
    private static final String SVM_DNS = SVM + "." + FILE_SYSTEM + ".fsx.us-east-1.amazonaws.com";

    OntapConformanceTest() {
        super("the simulated volume");
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "fsx-ontap",
                "fileSystemId", FILE_SYSTEM,
                "storageVirtualMachineId", SVM);
    }

    private static String fsxVolumeId(Csi.Volume volume) {
        assertTrue(volume.getVolumeId().matches("fsx-ontap:fsvol-[0-9a-f]{17}"), volume.getVolumeId());
        return volume.getVolumeId().substring("fsx-ontap:".length());
    }

    @Test
    void aVolumeIsAnOntapVolumeMountedFromItsSvm() {
        try (Created created = new Created()) {
            String name = uniqueName("context");
            Csi.Volume volume = created.volume(createRequest(name).build());
            fsxVolumeId(volume);
            assertEquals(volumeSize(), volume.getCapacityBytes());
            assertEquals(SVM_DNS, volume.getVolumeContextOrThrow("dnsname"));
            assertEquals("/" + name.replace('-', '_'), volume.getVolumeContextOrThrow("junctionPath"),
                    "the junction path is the PV name made a legal ONTAP name");
        }
    }

    /** What a snapshot keeps: the bytes written before it, byte for byte, and nothing written after it. */
    @Test
    void aRestoredSnapshotHoldsTheDataOfItsMomentAndNotLaterWrites() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume source = created.volume("snapsource");
            byte[] before = new byte[1 << 20];
            new Random(42).nextBytes(before);
            Path target = newTarget("source");
            publish(source, target, false);
            try (FileOutputStream out = new FileOutputStream(target.resolve("data.bin").toFile())) {
                out.write(before);
                out.getFD().sync();
            }
            Csi.Snapshot snapshot = created.readySnapshot(source.getVolumeId());
            Files.write(target.resolve("data.bin"), new byte[] {1, 2, 3});
            Files.writeString(target.resolve("after.txt"), "written after the snapshot");
            unpublish(source.getVolumeId(), target);

            Csi.Volume restored = created.volume(createRequest(uniqueName("restored"))
                    .setVolumeContentSource(Csi.VolumeContentSource.newBuilder().setSnapshot(
                            Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshot.getSnapshotId())))
                    .build());
            assertEquals(snapshot.getSnapshotId(), restored.getContentSource().getSnapshot().getSnapshotId());
            Path restoredTarget = newTarget("restored");
            publish(restored, restoredTarget, false);
            try {
                assertArrayEquals(before, Files.readAllBytes(restoredTarget.resolve("data.bin")), "the restore lost the snapshot's bytes");
                assertFalse(Files.exists(restoredTarget.resolve("after.txt")), "a write after the snapshot is in its restore");
            } finally {
                unpublish(restored.getVolumeId(), restoredTarget);
            }
        }
    }

    @Test
    void twoPublishesOfOneVolumeShareData() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("rwx");
            Path first = newTarget("first");
            Path second = newTarget("second");
            publish(volume, first, false);
            publish(volume, second, false);
            Files.writeString(first.resolve("shared.txt"), "from the first pod");
            assertEquals("from the first pod", Files.readString(second.resolve("shared.txt")));
            publish(volume, first, false);
            unpublish(volume.getVolumeId(), first);
            unpublish(volume.getVolumeId(), second);
            assertFalse(Mounts.isMountPoint(first) || Mounts.isMountPoint(second), "still mounted after NodeUnpublishVolume");
        }
    }

    /** A PersistentVolume written by hand: the FSx volume id as handle, with or without the prefix, the SVM's name and the junction path. */
    @Test
    void staticVolumesMountWithAHandWrittenContext() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("static");
            String id = fsxVolumeId(volume);
            Path writer = newTarget("writer");
            publish(volume, writer, false);
            Files.writeString(writer.resolve("hello.txt"), "static data");
            unpublish(volume.getVolumeId(), writer);
            Map<String, String> attributes = Map.of("dnsname", SVM_DNS, "junctionPath", volume.getVolumeContextOrThrow("junctionPath"));
            for (String handle : List.of(id, "fsx-ontap:" + id)) {
                Path target = newTarget("static");
                publish(handle, attributes, target, true, List.of("nconnect=4"));
                try {
                    assertEquals("static data", Files.readString(target.resolve("hello.txt")), handle);
                } finally {
                    unpublish(handle, target);
                }
                assertFalse(Mounts.isMountPoint(target), handle + " still mounted");
            }
        }
    }

    @Test
    void rawBlockIsRefusedExplainingWhy() {
        var block = Csi.VolumeCapability.newBuilder()
                .setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(
                createRequest(uniqueName("block")).clearVolumeCapabilities().addVolumeCapabilities(block).build()));
        assertTrue(e.getStatus().getDescription().contains("iSCSI"), e.getStatus().getDescription());
    }

    @Test
    void anSvmOfAnotherFileSystemIsRefusedNamingTheParameters() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(
                createRequest(uniqueName("svm")).putParameters("fileSystemId", "fs-0123456789abcdef1").build()));
        assertTrue(e.getStatus().getDescription().contains("storageVirtualMachineId"), e.getStatus().getDescription());
        StatusRuntimeException unknown = expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(
                createRequest(uniqueName("svm")).putParameters("storageVirtualMachineId", "svm-0123456789abcdef9").build()));
        assertTrue(unknown.getStatus().getDescription().contains("svm-0123456789abcdef9"), unknown.getStatus().getDescription());
    }

    /** A FlexGroup of the smallest size, one constituent of 100 GiB, backed up as a file system of today's FSx does. */
    @Test
    void aFlexGroupIsMadeAndBackedUp() throws Exception {
        try (Created created = new Created()) {
            Csi.Volume flexGroup = created.volume(createRequest(uniqueName("flexgroup"))
                    .putParameters("volumeStyle", "FLEXGROUP")
                    .putParameters("constituentsPerAggregate", "1")
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(10L << 30))
                    .build());
            assertEquals(100L << 30, flexGroup.getCapacityBytes(), "raised to the FlexGroup's smallest size");
            assertEquals(flexGroup.getVolumeId(), created.readySnapshot(flexGroup.getVolumeId()).getSourceVolumeId());
        }
    }

    /** skipFinalBackupOnDelete "false" keeps FSx's final backup, listed as a snapshot of the deleted volume; the default keeps none. */
    @Test
    void aFinalBackupIsTakenOnlyWhenTheStorageClassAsks() {
        Csi.Volume kept = client().controller().createVolume(createRequest(uniqueName("final"))
                .putParameters("skipFinalBackupOnDelete", "false").build()).getVolume();
        Csi.Volume skipped = client().controller().createVolume(createRequest(uniqueName("nofinal")).build()).getVolume();
        for (Csi.Volume volume : List.of(kept, skipped)) {
            client().controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
        }
        List<Csi.ListSnapshotsResponse.Entry> finalBackups = client().controller().listSnapshots(
                Csi.ListSnapshotsRequest.newBuilder().setSourceVolumeId(kept.getVolumeId()).build()).getEntriesList();
        assertEquals(1, finalBackups.size(), finalBackups::toString);
        assertEquals(0, client().controller().listSnapshots(
                Csi.ListSnapshotsRequest.newBuilder().setSourceVolumeId(skipped.getVolumeId()).build()).getEntriesCount());
        client().controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder()
                .setSnapshotId(finalBackups.getFirst().getSnapshot().getSnapshotId()).build());
    }

    @Test
    void unknownVolumeContextKeyIsRefused() throws Exception {
        Path target = newTarget("context");
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> {
            publish("fsx-ontap:fsvol-0123456789abcdef0", Map.of("dnsname", SVM_DNS, "junctionPath", "/x", "JunctionPath", "/y"),
                    target, false, List.of());
            return null;
        });
        assertTrue(e.getStatus().getDescription().contains("JunctionPath"), e.getStatus().getDescription());
    }
}
