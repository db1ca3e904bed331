package dev.polycsi.efs.controller;

import dev.polycsi.efs.cloud.AccessPoint;
import dev.polycsi.efs.cloud.AccessPointExistsException;
import dev.polycsi.efs.cloud.EfsCloud;
import dev.polycsi.efs.cloud.FileSystem;
import dev.polycsi.efs.cloud.MountTarget;
import dev.polycsi.efs.cloud.NewAccessPoint;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.params.AccessPointSettings;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.efs.params.VolumeParameters;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The controller of the EFS backend: a volume is an access point of the StorageClass's file system,
 * created with CreateAccessPoint and the volume name as ClientToken, so that retries and a
 * restarted controller find the access point an earlier attempt made. Static volumes (handles
 * without an access point) are never deleted: the file system and its data are the user's.
 */
public final class EfsController implements ControllerOps {

    private static final Logger LOG = LogManager.getLogger(EfsController.class);

    /** aws-efs-csi-driver's tag on every access point it creates. */
    static final String CLUSTER_TAG = "efs.csi.aws.com/cluster";
    /** The capacity the volume was created with: EFS has none, but CSI wants the same answer on a retry. */
    static final String CAPACITY_TAG = "polycsi.dev/capacity-bytes";
    static final Set<String> FS_TYPES = Set.of("", "efs");

    private final EfsCloud cloud;
    private final ControllerOptions options;
    private final GidAllocator gids;
    private final RootDirectoryRemover remover;

    public EfsController(EfsCloud cloud, ControllerOptions options, RootDirectoryRemover remover) {
        this(cloud, options, remover, Clock.systemUTC());
    }

    EfsController(EfsCloud cloud, ControllerOptions options, RootDirectoryRemover remover, Clock clock) {
        this.cloud = cloud;
        this.options = options;
        this.gids = new GidAllocator(clock);
        this.remover = remover;
    }

    /**
     * On EFS itself. The SDK client is made here, not by the backend's assembly, so that a node,
     * which never asks for a controller, does not even load the cloud layer's types.
     */
    public static EfsController onAws(AwsAccess aws, ControllerOptions options, Mounter mounter, Path scratch) {
        return create(SdkEfsCloud.create(aws), options, mounter, scratch);
    }

    /** With the root directory remover mounting through {@code mounter} in {@code scratch}. */
    public static EfsController create(EfsCloud cloud, ControllerOptions options, Mounter mounter, Path scratch) {
        return new EfsController(cloud, options, new RootDirectoryRemover(mounter, scratch));
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireEfsFsType(request.capabilities());
        if (request.source().isPresent()) {
            throw CsiException.invalidArgument("EFS volumes cannot be made from a snapshot or another volume");
        }
        if (request.capacity().limitBytes() > 0 && request.capacity().requiredBytes() > request.capacity().limitBytes()) {
            throw CsiException.outOfRange("capacity_range: required_bytes %d is above limit_bytes %d",
                    request.capacity().requiredBytes(), request.capacity().limitBytes());
        }
        AccessPointSettings settings = VolumeParameters.settings(request);
        long capacity = request.capacity().requiredBytes();
        Map<String, String> context = new LinkedHashMap<>();
        List<Topology> accessible = List.of();
        if (settings.az().isPresent() || settings.enforceZoneAffinity()) {
            List<MountTarget> targets = cloud.mountTargets(settings.fileSystemId());
            if (settings.az().isPresent()) {
                MountTarget target = targets.stream().filter(t -> t.zone().equals(settings.az().get())).findFirst()
                        .orElseThrow(() -> CsiException.invalidArgument("parameter 'az': file system %s has no mount target in %s "
                                + "(it has in %s)", settings.fileSystemId(), settings.az().get(), targets.stream().map(MountTarget::zone).toList()));
                context.put(VolumeContext.MOUNT_TARGET_IP, target.ipAddress());
            }
            if (settings.enforceZoneAffinity()) {
                accessible = settings.az().map(zone -> List.of(Topology.zone(zone)))
                        .orElseGet(() -> targets.stream().map(MountTarget::zone).distinct().sorted().map(z -> Topology.zone(z)).toList());
                if (accessible.isEmpty()) {
                    throw CsiException.failedPrecondition("parameter 'enforceZoneAffinity': file system %s has no mount targets",
                            settings.fileSystemId());
                }
            }
        }
        AccessPoint accessPoint = settings.reuseAccessPoint()
                ? reusable(settings).orElseGet(() -> createOrFind(settings, capacity))
                : createOrFind(settings, capacity);
        if (!settings.reuseAccessPoint()) {
            requireCompatible(accessPoint, settings, request);
        }
        long answered = capacityOf(accessPoint).orElse(capacity);
        LOG.info("Volume {} is access point {} of {} ({} as {}:{}, mode {})", request.name(), accessPoint.id(), accessPoint.fileSystemId(),
                accessPoint.rootDirectory(), accessPoint.uid().orElse(-1L), accessPoint.gid().orElse(-1L),
                accessPoint.permissions().orElse("?"));
        return new Volume(EfsVolumeId.ofAccessPoint(accessPoint.fileSystemId(), accessPoint.id()).format(), answered, context,
                accessible, Optional.empty());
    }

    /** reuseAccessPoint: the access point with the PVC's token on this file system, as the official driver looks it up. */
    private Optional<AccessPoint> reusable(AccessPointSettings settings) {
        Optional<AccessPoint> found = cloud.accessPoints(settings.fileSystemId()).stream()
                .filter(ap -> ap.clientToken().equals(settings.clientToken())).findFirst();
        found.ifPresent(ap -> LOG.info("Reusing access point {} of {} (reuseAccessPoint)", ap.id(), ap.fileSystemId()));
        return found;
    }

    /**
     * Finds the access point of an earlier attempt in the listing, or allocates ids and creates it,
     * all under the file system's lock. An AccessPointAlreadyExists (the listing lagged, or the
     * token is on another file system) is resolved by looking the access point up.
     */
    private AccessPoint createOrFind(AccessPointSettings settings, long capacity) {
        return gids.withLock(settings.fileSystemId(), () -> {
            List<AccessPoint> existing;
            try {
                existing = settings.needsAllocatedId() ? cloud.accessPoints(settings.fileSystemId()) : List.of();
                if (!settings.needsAllocatedId() && cloud.fileSystem(settings.fileSystemId()).isEmpty()) {
                    throw CsiException.notFound("EFS file system %s does not exist", settings.fileSystemId());
                }
            } catch (CsiException e) {
                if (e.code() == CsiException.Code.NOT_FOUND) {
                    throw CsiException.invalidArgument("parameter 'fileSystemId': %s", e.getMessage());
                }
                throw e;
            }
            Optional<AccessPoint> earlier = existing.stream().filter(ap -> ap.clientToken().equals(settings.clientToken())).findFirst();
            if (earlier.isPresent()) {
                LOG.debug("Access point {} with client token {} exists already", earlier.get().id(), settings.clientToken());
                return earlier.get();
            }
            long allocated = settings.needsAllocatedId() ? gids.allocate(settings.fileSystemId(), existing, settings.gidRange()) : -1;
            long uid = settings.uid().orElse(allocated);
            long gid = settings.gid().orElse(allocated);
            NewAccessPoint create = new NewAccessPoint(settings.fileSystemId(), settings.clientToken(), uid, gid, settings.rootDirectory(),
                    settings.permissions(), settings.tagging() ? tags(capacity) : Map.of());
            try {
                return cloud.createAccessPoint(create);
            } catch (AccessPointExistsException e) {
                if (allocated >= 0) {
                    gids.release(settings.fileSystemId(), allocated);
                }
                return lookUp(e, settings);
            } catch (RuntimeException e) {
                if (allocated >= 0) {
                    gids.release(settings.fileSystemId(), allocated);
                }
                throw e;
            }
        });
    }

    private AccessPoint lookUp(AccessPointExistsException e, AccessPointSettings settings) {
        if (e.accessPointId().isEmpty()) {
            throw CsiException.aborted("CreateAccessPoint: client token %s was used before, but EFS did not name the access point; "
                    + "will be retried: %s", settings.clientToken(), e.getMessage());
        }
        return cloud.accessPoint(e.accessPointId()).orElseThrow(() -> CsiException.aborted(
                "CreateAccessPoint: client token %s belongs to access point %s, which DescribeAccessPoints does not show yet; "
                        + "will be retried", settings.clientToken(), e.accessPointId()));
    }

    /** The same name with an incompatible request is ALREADY_EXISTS, as CSI asks. */
    private static void requireCompatible(AccessPoint ap, AccessPointSettings settings, CreateVolumeRequest request) {
        String name = request.name();
        if (!ap.fileSystemId().equals(settings.fileSystemId())) {
            throw CsiException.alreadyExists("volume %s exists as access point %s of file system %s, not of %s", name, ap.id(),
                    ap.fileSystemId(), settings.fileSystemId());
        }
        capacityOf(ap).filter(bytes -> !request.capacity().accepts(bytes)).ifPresent(bytes -> {
            throw CsiException.alreadyExists("volume %s exists with capacity %d bytes, outside the requested range %d..%d", name, bytes,
                    request.capacity().requiredBytes(), request.capacity().limitBytes());
        });
        settings.uid().filter(uid -> !ap.uid().equals(Optional.of(uid))).ifPresent(uid -> {
            throw CsiException.alreadyExists("volume %s exists with uid %s, not %d", name, ap.uid().map(String::valueOf).orElse("none"), uid);
        });
        settings.gid().filter(gid -> !ap.gid().equals(Optional.of(gid))).ifPresent(gid -> {
            throw CsiException.alreadyExists("volume %s exists with gid %s, not %d", name, ap.gid().map(String::valueOf).orElse("none"), gid);
        });
        ap.permissions().filter(p -> Integer.parseInt(p, 8) != Integer.parseInt(settings.permissions(), 8)).ifPresent(p -> {
            throw CsiException.alreadyExists("volume %s exists with directoryPerms %s, not %s", name, p, settings.permissions());
        });
    }

    private static Optional<Long> capacityOf(AccessPoint ap) {
        try {
            return Optional.ofNullable(ap.tags().get(CAPACITY_TAG)).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> tags(long capacity) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(CLUSTER_TAG, "true");
        tags.putAll(options.tags());
        tags.put(CAPACITY_TAG, Long.toString(capacity));
        return tags;
    }

    /**
     * Deletes the access point, and first its root directory when the driver was started with
     * delete-access-point-root-dir. An id that is not an access point is a static volume or no
     * EFS volume at all: nothing to delete.
     */
    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String volumeId = request.volumeId();
        Optional<EfsVolumeId> parsed = EfsVolumeId.tryParse(volumeId);
        if (parsed.isEmpty()) {
            LOG.info("DeleteVolume: {} is no EFS volume id; nothing to delete", volumeId);
            return;
        }
        EfsVolumeId id = parsed.get();
        if (id.accessPointId().isEmpty()) {
            LOG.info("DeleteVolume: {} names no access point; the file system and its data are left alone", volumeId);
            return;
        }
        String accessPointId = id.accessPointId().get();
        if (options.deleteRootDirectory()) {
            Optional<AccessPoint> ap = cloud.accessPoint(accessPointId);
            if (ap.isEmpty()) {
                LOG.info("DeleteVolume: access point {} does not exist", accessPointId);
                return;
            }
            remover.remove(ap.get().fileSystemId(), ap.get().rootDirectory(), Optional.empty());
        }
        if (cloud.deleteAccessPoint(accessPointId)) {
            LOG.info("Deleted access point {} of {}", accessPointId, id.fileSystemId());
        } else {
            LOG.info("DeleteVolume: access point {} does not exist", accessPointId);
        }
    }

    /**
     * For ValidateVolumeCapabilities: an access point must exist on the named file system; a
     * static volume without one, the file system must exist (its paths are the node's to find).
     */
    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        String volumeId = request.volumeId();
        Optional<EfsVolumeId> parsed = EfsVolumeId.tryParse(volumeId);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        EfsVolumeId id = parsed.get();
        if (id.accessPointId().isPresent()) {
            return cloud.accessPoint(id.accessPointId().get())
                    .filter(ap -> ap.fileSystemId().equals(id.fileSystemId()))
                    .map(ap -> new Volume(volumeId, capacityOf(ap).orElse(0L), Map.of(), List.of(), Optional.empty()));
        }
        Optional<FileSystem> fs = cloud.fileSystem(id.fileSystemId());
        return fs.map(f -> new Volume(volumeId, 0, Map.of(), f.zone().map(z -> List.of(Topology.zone(z))).orElse(List.of()),
                Optional.empty()));
    }

    static void requireEfsFsType(List<VolumeCapability> capabilities) {
        for (VolumeCapability capability : capabilities) {
            if (!capability.isBlock() && !FS_TYPES.contains(capability.fsType())) {
                throw CsiException.invalidArgument("fsType %s is not supported for EFS volumes; leave it empty or give efs",
                        capability.fsType());
            }
        }
    }

    /** Closes the EFS clients, which this controller owns. */
    @Override
    public void close() {
        cloud.close();
    }
}
