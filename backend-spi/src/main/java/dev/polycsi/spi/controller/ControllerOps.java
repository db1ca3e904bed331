package dev.polycsi.spi.controller;

import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;

/**
 * The controller role of a backend. Ids are the backend's own, without the handle prefix.
 *
 * <p>The contract, the same for every backend (the conformance suite checks it):
 * <ul>
 *   <li>The core calls a method only if the backend declared the matching capability, after
 *       checking the request against the CSI rules and the backend's parameter schemas. The
 *       defaults exist so that a backend implements just what it declares.</li>
 *   <li>A backend that declares CREATE_DELETE_VOLUME must implement {@link #findVolume}: the
 *       core refuses to start it otherwise, since ValidateVolumeCapabilities, ControllerGetVolume
 *       and ControllerModifyVolume answer NOT_FOUND from it.</li>
 *   <li>Every method is idempotent: the core calls it again after a timeout or a restart, and
 *       the second call must find what the first did (by client token or tag), never make a
 *       second resource.</li>
 *   <li>The core runs one call per volume (or per creation name) at a time.</li>
 *   <li>Every request carries the caller's {@link dev.polycsi.spi.Deadline}. A call that would
 *       outlive it (a file system that takes minutes to create) returns ABORTED before it, with
 *       the state and the time waited in the message, and keeps no lock: the sidecar retries
 *       ABORTED, and the retry picks the work up again
 *       ({@link dev.polycsi.spi.operation.LongOperations}).</li>
 *   <li>Failures are {@link CsiException}s; anything else becomes INTERNAL.</li>
 * </ul>
 */
public interface ControllerOps extends AutoCloseable {

    /** A controller that does nothing; for node-only backends. */
    ControllerOps NONE = new ControllerOps() {};

    /** CREATE_DELETE_VOLUME. */
    default Volume createVolume(CreateVolumeRequest request) {
        throw unsupported("CreateVolume");
    }

    /** CREATE_DELETE_VOLUME. A volume that does not exist is already deleted: return normally. */
    default void deleteVolume(DeleteVolumeRequest request) {
        throw unsupported("DeleteVolume");
    }

    /** The volume, if it exists. Required with CREATE_DELETE_VOLUME (see the class comment). */
    default Optional<Volume> findVolume(GetVolumeRequest request) {
        throw unsupported("finding a volume");
    }

    /**
     * PUBLISH_UNPUBLISH_VOLUME. Returns the publish context for the node. Publishing again to
     * the same node with the same capability returns the same context.
     */
    default Map<String, String> publish(PublishRequest request) {
        throw unsupported("ControllerPublishVolume");
    }

    /** PUBLISH_UNPUBLISH_VOLUME. Already detached, or unknown volume or node: return normally. */
    default void unpublish(UnpublishRequest request) {
        throw unsupported("ControllerUnpublishVolume");
    }

    /** LIST_VOLUMES. */
    default Page<Volume> listVolumes(ListVolumesRequest request) {
        throw unsupported("ListVolumes");
    }

    /** GET_CAPACITY: bytes available for a new volume with these parameters. */
    default long availableCapacity(CapacityRequest request) {
        throw unsupported("GetCapacity");
    }

    /** CREATE_DELETE_SNAPSHOT. NOT_FOUND for an unknown source volume. */
    default Snapshot createSnapshot(CreateSnapshotRequest request) {
        throw unsupported("CreateSnapshot");
    }

    /** CREATE_DELETE_SNAPSHOT. An unknown snapshot is already deleted: return normally. */
    default void deleteSnapshot(DeleteSnapshotRequest request) {
        throw unsupported("DeleteSnapshot");
    }

    /** LIST_SNAPSHOTS. */
    default Page<Snapshot> listSnapshots(ListSnapshotsRequest request) {
        throw unsupported("ListSnapshots");
    }

    /** EXPAND_VOLUME. NOT_FOUND for an unknown volume. */
    default ExpandResult expandVolume(ExpandVolumeRequest request) {
        throw unsupported("ControllerExpandVolume");
    }

    /** MODIFY_VOLUME. NOT_FOUND for an unknown volume. */
    default void modifyVolume(ModifyVolumeRequest request) {
        throw unsupported("ControllerModifyVolume");
    }

    /** Stops background work (waiters, caches); called once when the driver shuts down. */
    @Override
    default void close() {
    }

    private static CsiException unsupported(String what) {
        return CsiException.unimplemented("%s is not implemented by this backend", what);
    }
}
