package dev.polycsi.ebs.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * EC2 as the EBS backend needs it, over the backend's own types, so that the SDK stays behind
 * this seam. Every method is safe to call again after a timeout or a restart, and waits for
 * the state it promises (available, attached, detached, …) with backoff.
 *
 * <p>Failures are {@link EbsCloudException}s that already carry the CSI code they map to.
 */
public interface EbsCloud extends AutoCloseable {

    /** The tag that holds the CSI volume name; also the look-up key that keeps creation idempotent. */
    String VOLUME_NAME_TAG = "CSIVolumeName";
    /** The tag that holds the CSI snapshot name. */
    String SNAPSHOT_NAME_TAG = "CSIVolumeSnapshotName";

    /**
     * Creates the volume {@code disk.name()} and waits until it is available. Idempotent by name:
     * a ClientToken derived from the name, and a look-up by {@link #VOLUME_NAME_TAG} before
     * creating and after IdempotentParameterMismatch, so that no retry or restart ever makes a
     * second volume. A volume of that name that differs from the request in size, zone, type
     * or source is ALREADY_EXISTS; one that ended in the {@code error} state is deleted and
     * INTERNAL is returned.
     */
    Disk createDisk(NewDisk disk);

    /** Clones {@code sourceVolumeId} with CopyVolumes (same zone); idempotent by name as {@link #createDisk}. */
    Disk copyDisk(String sourceVolumeId, NewDisk disk);

    /** The volume named so by its {@link #VOLUME_NAME_TAG} tag, if any. */
    Optional<Disk> findDiskByName(String name);

    /** The volume, if it exists. Concurrent calls are batched into one DescribeVolumes. */
    Optional<Disk> getDisk(String volumeId);

    /** Deletes the volume; one that does not exist is success. VolumeInUse → FAILED_PRECONDITION. */
    void deleteDisk(String volumeId);

    /**
     * Attaches the volume to the instance at a device name that neither EC2 nor this process has
     * in use there, and waits until it is attached. Already attached there → its device name.
     * Returns the device name (e.g. {@code /dev/xvdaa}). Attached to another instance →
     * FAILED_PRECONDITION, unless {@code shared} and the volume has Multi-Attach. Unknown volume
     * or instance → NOT_FOUND.
     */
    String attachDisk(String volumeId, String instanceId, boolean shared);

    /** {@link #attachDisk(String, String, boolean)} for a volume that must be attached to this instance alone. */
    default String attachDisk(String volumeId, String instanceId) {
        return attachDisk(volumeId, instanceId, false);
    }

    /** Detaches and waits until detached. Not attached, or volume or instance gone → success. */
    void detachDisk(String volumeId, String instanceId);

    /** The instance, if it exists. */
    Optional<Instance> getInstance(String instanceId);

    /**
     * Changes size, type, IOPS or throughput and waits until the change is in effect (optimizing
     * or completed). Requests for one volume that arrive close together are merged into one
     * ModifyVolume; conflicting values fail the later request with INVALID_ARGUMENT.
     */
    Disk modifyDisk(String volumeId, DiskModification modification);

    /** Adds and removes tags. */
    void tagDisk(String volumeId, Map<String, String> add, Set<String> remove);

    /**
     * Waits until a volume restored from a snapshot (or copied) has all its blocks: DescribeVolumeStatus
     * reports initialization-state {@code completed}. Bounded by {@code atMost} and the cloud's own
     * bound: past it, UNAVAILABLE with EC2's progress, and the caller (the attacher) tries again. A
     * volume without that detail is taken as initialized.
     */
    void awaitInitialized(String volumeId, java.time.Duration atMost);

    /**
     * Creates the snapshot {@code name} (idempotent by the {@link #SNAPSHOT_NAME_TAG} tag); does not
     * wait for completion. Then enables fast snapshot restore in the asked zones and, last, locks
     * it; if either fails, the snapshot is deleted again and the failure returned, so that no
     * snapshot is left without what was asked for (the official driver does the same). A retry
     * finds the snapshot and applies both again (a lock in force is left as it is).
     */
    DiskSnapshot createSnapshot(NewSnapshot snapshot);

    Optional<DiskSnapshot> findSnapshotByName(String name);

    Optional<DiskSnapshot> getSnapshot(String snapshotId);

    /** Unknown snapshot → success. A locked snapshot → FAILED_PRECONDITION naming the lock. */
    void deleteSnapshot(String snapshotId);

    /**
     * Snapshots this driver created (those with a {@link #SNAPSHOT_NAME_TAG} tag), optionally of one
     * source volume; {@code maxResults} 0 means EC2's default page size.
     */
    SnapshotPage listSnapshots(Optional<String> sourceVolumeId, int maxResults, String nextToken);

    /** The region's available zone names, in EC2's order. */
    List<String> availabilityZones();

    @Override
    void close();

    record SnapshotPage(List<DiskSnapshot> snapshots, String nextToken) {
        public SnapshotPage {
            snapshots = List.copyOf(snapshots);
            nextToken = nextToken == null ? "" : nextToken;
        }
    }
}
