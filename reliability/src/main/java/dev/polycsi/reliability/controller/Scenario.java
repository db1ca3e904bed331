package dev.polycsi.reliability.controller;

import csi.v1.Csi;
import java.util.List;
import java.util.Map;

/**
 * One backend's share of the workload: a cycle of CSI operations on fresh names, everything the
 * backend offers (create and delete; publish, expansion, snapshots and restores where it has
 * them). Some cycles keep their volume (and snapshot), so that the end checks that they exist
 * exactly once, not only that deleted ones are gone.
 */
enum Scenario {

    EBS("ebs") {
        @Override
        void cycle(Operations ops, String name, Keep keep) {
            Map<String, String> parameters = Map.of("backend", "ebs", "type", "gp3");
            Csi.VolumeCapability capability = Operations.capability(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER);
            Csi.Volume volume = ops.createVolume(Kind.EBS_VOLUME, name, parameters, capability, Operations.GIB, null);
            ops.publish(name, volume, capability);
            ops.expand(name, volume.getVolumeId(), capability, 2 * Operations.GIB);
            String snapshotName = "snapshot-" + name;
            Csi.Snapshot snapshot = ops.createSnapshot(Kind.EBS_SNAPSHOT, snapshotName, volume.getVolumeId());
            String restoredName = name + "-restored";
            Csi.Volume restored = ops.createVolume(Kind.EBS_VOLUME, restoredName, parameters, capability, 2 * Operations.GIB,
                    snapshot.getSnapshotId());
            ops.deleteVolume(Kind.EBS_VOLUME, restoredName, restored.getVolumeId());
            if (!keep.attachment()) {
                ops.unpublish(name, volume.getVolumeId());
            }
            if (!keep.volume()) {
                ops.deleteSnapshot(Kind.EBS_SNAPSHOT, snapshotName, snapshot.getSnapshotId());
                ops.deleteVolume(Kind.EBS_VOLUME, name, volume.getVolumeId());
            }
        }
    },

    EFS("efs") {
        @Override
        void cycle(Operations ops, String name, Keep keep) {
            Map<String, String> parameters = Map.of("backend", "efs", "provisioningMode", "efs-ap", "fileSystemId", EFS_FILE_SYSTEM,
                    "directoryPerms", "700");
            Csi.Volume volume = ops.createVolume(Kind.EFS_ACCESS_POINT, name, parameters, SHARED, Operations.GIB, null);
            if (!keep.volume()) {
                ops.deleteVolume(Kind.EFS_ACCESS_POINT, name, volume.getVolumeId());
            }
        }
    },

    LUSTRE("fsx-lustre") {
        @Override
        void cycle(Operations ops, String name, Keep keep) {
            Map<String, String> parameters = Map.of("backend", "fsx-lustre", "subnetId", SUBNET, "securityGroupIds", SECURITY_GROUP,
                    "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125");
            Csi.Volume volume = ops.createVolume(Kind.LUSTRE_FILE_SYSTEM, name, parameters, SHARED, 1200 * Operations.GIB, null);
            // PERSISTENT_2 grows by 2400 GiB
            ops.expand(name, volume.getVolumeId(), SHARED, 2400 * Operations.GIB);
            if (!keep.volume()) {
                ops.deleteVolume(Kind.LUSTRE_FILE_SYSTEM, name, volume.getVolumeId());
            }
        }
    },

    FILE_CACHE("filecache") {
        @Override
        void cycle(Operations ops, String name, Keep keep) {
            Map<String, String> parameters = Map.of("backend", "filecache", "subnetId", SUBNET, "securityGroupIds", SECURITY_GROUP,
                    "dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/");
            Csi.Volume volume = ops.createVolume(Kind.FILE_CACHE, name, parameters, SHARED, Operations.GIB, null);
            if (!keep.volume()) {
                ops.deleteVolume(Kind.FILE_CACHE, name, volume.getVolumeId());
            }
        }
    },

    ONTAP("fsx-ontap") {
        @Override
        void cycle(Operations ops, String name, Keep keep) {
            Map<String, String> parameters = Map.of("backend", "fsx-ontap", "fileSystemId", ONTAP_FILE_SYSTEM,
                    "storageVirtualMachineId", ONTAP_SVM);
            Csi.Volume volume = ops.createVolume(Kind.ONTAP_VOLUME, name, parameters, SHARED, Operations.GIB, null);
            ops.expand(name, volume.getVolumeId(), SHARED, 2 * Operations.GIB);
            String backupName = "snapshot-" + name;
            Csi.Snapshot backup = ops.createSnapshot(Kind.ONTAP_BACKUP, backupName, volume.getVolumeId());
            String restoredName = name + "-restored";
            Csi.Volume restored = ops.createVolume(Kind.ONTAP_VOLUME, restoredName, parameters, SHARED, 2 * Operations.GIB,
                    backup.getSnapshotId());
            ops.deleteVolume(Kind.ONTAP_VOLUME, restoredName, restored.getVolumeId());
            if (!keep.volume()) {
                ops.deleteSnapshot(Kind.ONTAP_BACKUP, backupName, backup.getSnapshotId());
                ops.deleteVolume(Kind.ONTAP_VOLUME, name, volume.getVolumeId());
            }
        }
    };

    /** The simulator's fixtures the StorageClasses name. */
    static final String EFS_FILE_SYSTEM = "fs-0123456789abcdef0";
    static final String ONTAP_FILE_SYSTEM = "fs-0fedcba9876543210";
    static final String ONTAP_SVM = "svm-0123456789abcdef0";
    static final String SUBNET = "subnet-0123456789abcdef0";
    static final String SECURITY_GROUP = "sg-0123456789abcdef0";
    static final Csi.VolumeCapability SHARED = Operations.capability(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER);

    private final String backend;

    Scenario(String backend) {
        this.backend = backend;
    }

    String backend() {
        return backend;
    }

    abstract void cycle(Operations ops, String name, Keep keep);

    /**
     * Whether a cycle keeps its volume (and snapshot) to the end, and its EBS attachment: one
     * cycle in three keeps its volume, and only a lane's first such cycle its attachment, as the
     * instance takes few.
     */
    record Keep(boolean volume, boolean attachment) {
        static Keep of(int lane, int cycle) {
            boolean volume = (lane + cycle) % 3 == 1;
            return new Keep(volume, volume && cycle < 3);
        }
    }

    static Scenario of(String backend) {
        for (Scenario scenario : values()) {
            if (scenario.backend.equals(backend)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("no workload for backend '" + backend + "'; known: "
                + List.of(values()).stream().map(Scenario::backend).toList());
    }
}
