package dev.polycsi.spi.controller;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.param.Parameters;
import java.util.Map;
import java.util.Optional;

/**
 * The controller role of a backend. Ids are the backend's own, without the handle prefix.
 * The core calls a method only if the backend declared the matching capability; the defaults
 * exist so that a backend implements just what it declares.
 *
 * <p>Every method must be idempotent: the core may call it again after a timeout or restart.
 */
public interface ControllerOps {

    /** A controller that does nothing; for node-only backends. */
    ControllerOps NONE = new ControllerOps() {};

    /** CREATE_DELETE_VOLUME. */
    default Volume createVolume(CreateVolumeRequest request) {
        throw unsupported("CreateVolume");
    }

    /** CREATE_DELETE_VOLUME. A volume that does not exist is already deleted: return normally. */
    default void deleteVolume(String volumeId, Secrets secrets) {
        throw unsupported("DeleteVolume");
    }

    /**
     * The volume, if it exists. Used for ValidateVolumeCapabilities and ControllerGetVolume,
     * and to answer NOT_FOUND where CSI asks for it.
     */
    default Optional<Volume> findVolume(String volumeId) {
        throw unsupported("finding a volume");
    }

    /** PUBLISH_UNPUBLISH_VOLUME. Returns the publish context for the node. */
    default Map<String, String> publish(PublishRequest request) {
        throw unsupported("ControllerPublishVolume");
    }

    /** PUBLISH_UNPUBLISH_VOLUME. Already detached, or unknown volume or node: return normally. */
    default void unpublish(String volumeId, String nodeId, Secrets secrets) {
        throw unsupported("ControllerUnpublishVolume");
    }

    /** LIST_VOLUMES. */
    default Page<Volume> listVolumes(ListRequest request) {
        throw unsupported("ListVolumes");
    }

    /** GET_CAPACITY: bytes available for a new volume with these parameters. */
    default long availableCapacity(Parameters parameters, Optional<VolumeCapability> capability) {
        throw unsupported("GetCapacity");
    }

    /** CREATE_DELETE_SNAPSHOT. */
    default Snapshot createSnapshot(CreateSnapshotRequest request) {
        throw unsupported("CreateSnapshot");
    }

    /** CREATE_DELETE_SNAPSHOT. An unknown snapshot is already deleted: return normally. */
    default void deleteSnapshot(String snapshotId, Secrets secrets) {
        throw unsupported("DeleteSnapshot");
    }

    /** LIST_SNAPSHOTS. */
    default Page<Snapshot> listSnapshots(SnapshotFilter filter, ListRequest request) {
        throw unsupported("ListSnapshots");
    }

    /** EXPAND_VOLUME. NOT_FOUND for an unknown volume. */
    default ExpandResult expandVolume(String volumeId, CapacityRange capacity, Optional<VolumeCapability> capability, Secrets secrets) {
        throw unsupported("ControllerExpandVolume");
    }

    /** MODIFY_VOLUME. NOT_FOUND for an unknown volume. */
    default void modifyVolume(String volumeId, Parameters mutableParameters, Secrets secrets) {
        throw unsupported("ControllerModifyVolume");
    }

    private static CsiException unsupported(String what) {
        return CsiException.unimplemented("%s is not implemented by this backend", what);
    }
}
