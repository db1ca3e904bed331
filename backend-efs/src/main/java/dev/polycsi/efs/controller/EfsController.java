package dev.polycsi.efs.controller;

import dev.polycsi.efs.cloud.AccessPoint;
import dev.polycsi.efs.cloud.AccessPointExistsException;
import dev.polycsi.efs.cloud.EfsCloud;
import dev.polycsi.efs.cloud.FileSystem;
import dev.polycsi.efs.cloud.MountTarget;
import dev.polycsi.efs.cloud.NewAccessPoint;
import dev.polycsi.efs.cloud.RoleClouds;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.cloud.SdkRoleClouds;
import dev.polycsi.efs.params.AccessPointSettings;
import dev.polycsi.efs.params.CrossAccount;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.efs.params.VolumeParameters;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.cluster.ClusterObjects;
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

    private final EfsCloud ownCloud;
    private final RoleClouds roleClouds;
    private final ClusterObjects cluster;
    private final ControllerOptions options;
    private final GidAllocator gids;
    private final RootDirectoryRemover remover;

    public EfsController(EfsCloud cloud, ControllerOptions options, RootDirectoryRemover remover) {
        this(cloud, RoleClouds.NONE, ClusterObjects.NONE, options, remover, Clock.systemUTC());
    }

    EfsController(EfsCloud cloud, RoleClouds roleClouds, ClusterObjects cluster, ControllerOptions options, RootDirectoryRemover remover) {
        this(cloud, roleClouds, cluster, options, remover, Clock.systemUTC());
    }

    EfsController(EfsCloud cloud, ControllerOptions options, RootDirectoryRemover remover, Clock clock) {
        this(cloud, RoleClouds.NONE, ClusterObjects.NONE, options, remover, clock);
    }

    EfsController(EfsCloud cloud, RoleClouds roleClouds, ClusterObjects cluster, ControllerOptions options, RootDirectoryRemover remover,
            Clock clock) {
        this.ownCloud = cloud;
        this.roleClouds = roleClouds;
        this.cluster = cluster;
        this.options = options;
        this.gids = new GidAllocator(clock);
        this.remover = remover;
    }

    /**
     * On EFS itself. The SDK client is made here, not by the backend's assembly, so that a node,
     * which never asks for a controller, does not even load the cloud layer's types.
     */
    public static EfsController onAws(AwsAccess aws, ClusterObjects cluster, ControllerOptions options, Mounter mounter, Path scratch) {
        return new EfsController(SdkEfsCloud.create(aws), new SdkRoleClouds(aws), cluster, options,
                new RootDirectoryRemover(mounter, scratch));
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
        Optional<CrossAccount> crossAccount = CrossAccount.of(request.secrets());
        AccessPointSettings settings = VolumeParameters.settings(request, cluster);
        EfsCloud cloud = cloudFor(crossAccount);
        long capacity = request.capacity().requiredBytes();
        Map<String, String> context = new LinkedHashMap<>();
        List<Topology> accessible = List.of();
        if ((settings.az().isPresent() && crossAccount.isEmpty()) || settings.enforceZoneAffinity()) {
            List<MountTarget> targets = cloud.mountTargets(settings.fileSystemId());
            if (settings.az().isPresent() && crossAccount.isEmpty()) {
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
                ? reusable(cloud, settings).orElseGet(() -> createOrFind(cloud, settings, capacity))
                : createOrFind(cloud, settings, capacity);
        if (!settings.reuseAccessPoint()) {
            requireCompatible(accessPoint, settings, request);
        }
        if (crossAccount.isPresent()) {
            context.putAll(crossAccountContext(cloud, crossAccount.get(), settings, request.name()));
        }
        long answered = capacityOf(accessPoint).orElse(capacity);
        LOG.info("Volume {} is access point {} of {} ({} as {}:{}, mode {})", request.name(), accessPoint.id(), accessPoint.fileSystemId(),
                accessPoint.rootDirectory(), accessPoint.uid().orElse(-1L), accessPoint.gid().orElse(-1L),
                accessPoint.permissions().orElse("?"));
        return new Volume(EfsVolumeId.ofAccessPoint(accessPoint.fileSystemId(), accessPoint.id()).format(), answered, context,
                accessible, Optional.empty());
    }

    /** reuseAccessPoint: the access point with the PVC's token on this file system, as the official driver looks it up. */
    private Optional<AccessPoint> reusable(EfsCloud cloud, AccessPointSettings settings) {
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
    private AccessPoint createOrFind(EfsCloud cloud, AccessPointSettings settings, long capacity) {
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
                return lookUp(cloud, e, settings);
            } catch (RuntimeException e) {
                if (allocated >= 0) {
                    gids.release(settings.fileSystemId(), allocated);
                }
                throw e;
            }
        });
    }

    private AccessPoint lookUp(EfsCloud cloud, AccessPointExistsException e, AccessPointSettings settings) {
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
        Optional<CrossAccount> crossAccount = CrossAccount.of(request.secrets());
        EfsCloud cloud = cloudFor(crossAccount);
        if (options.deleteRootDirectory()) {
            Optional<AccessPoint> ap = cloud.accessPoint(accessPointId);
            if (ap.isEmpty()) {
                LOG.info("DeleteVolume: access point {} does not exist", accessPointId);
                return;
            }
            // across accounts the controller's mount needs the other account's mount target, as the node's does
            boolean byDns = crossAccount.map(CrossAccount::dnsResolution).orElse(false);
            Optional<String> address = crossAccount.isPresent() && !byDns
                    ? mountTarget(cloud, ap.get().fileSystemId(), Optional.empty(), volumeId).map(MountTarget::ipAddress)
                    : Optional.empty();
            remover.remove(ap.get().fileSystemId(), ap.get().rootDirectory(), address, byDns);
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
            return ownCloud.accessPoint(id.accessPointId().get())
                    .filter(ap -> ap.fileSystemId().equals(id.fileSystemId()))
                    .map(ap -> new Volume(volumeId, capacityOf(ap).orElse(0L), Map.of(), List.of(), Optional.empty()));
        }
        Optional<FileSystem> fs = ownCloud.fileSystem(id.fileSystemId());
        return fs.map(f -> new Volume(volumeId, 0, Map.of(), f.zone().map(z -> List.of(Topology.zone(z))).orElse(List.of()),
                Optional.empty()));
    }

    /** The controller's own account, or the role the provisioner secret names. */
    private EfsCloud cloudFor(Optional<CrossAccount> crossAccount) {
        return crossAccount.map(c -> roleClouds.forRole(c.role())).orElse(ownCloud);
    }

    /**
     * The volume context of a cross-account volume, as the official driver makes it: with the
     * secret's crossaccount, {@code crossaccount=true} (the node's mount.efs resolves the mount
     * target of its own zone by DNS); otherwise the address of the file system's mount target in
     * {@code az}, or of another available one, looked up with the role. A failed look-up leaves the
     * address out with a warning (the node's mount.efs then cannot resolve the other account's
     * DNS name, which is the official driver's behaviour too).
     */
    private Map<String, String> crossAccountContext(EfsCloud cloud, CrossAccount crossAccount, AccessPointSettings settings, String name) {
        if (crossAccount.dnsResolution()) {
            return Map.of(VolumeContext.CROSS_ACCOUNT, "true");
        }
        try {
            return mountTarget(cloud, settings.fileSystemId(), settings.az(), name)
                    .map(target -> Map.of(VolumeContext.MOUNT_TARGET_IP, target.ipAddress()))
                    .orElseGet(Map::of);
        } catch (CsiException e) {
            if (e.code() == CsiException.Code.UNAVAILABLE) {
                throw e; // retried: a later attempt gets the address
            }
            LOG.warn("Volume {}: no mount target address of {} in the other account ({}); the volume context has no {}", name,
                    settings.fileSystemId(), e.getMessage(), VolumeContext.MOUNT_TARGET_IP);
            return Map.of();
        }
    }

    /**
     * An available mount target of the file system: the one in {@code zone} if there is one, else
     * one picked by the volume name among the others (the official driver picks at random; the
     * name's hash spreads volumes the same way and gives a retry the same answer).
     */
    private static Optional<MountTarget> mountTarget(EfsCloud cloud, String fileSystemId, Optional<String> zone, String name) {
        List<MountTarget> available = cloud.mountTargets(fileSystemId).stream()
                .filter(target -> target.lifeCycleState().equals("available"))
                .sorted(java.util.Comparator.comparing(MountTarget::id))
                .toList();
        if (available.isEmpty()) {
            LOG.warn("File system {} has no available mount target", fileSystemId);
            return Optional.empty();
        }
        if (zone.isPresent()) {
            Optional<MountTarget> inZone = available.stream().filter(target -> target.zone().equals(zone.get())).findFirst();
            if (inZone.isPresent()) {
                return inZone;
            }
            LOG.warn("File system {} has no available mount target in {} (parameter 'az'); using one of {}", fileSystemId, zone.get(),
                    available.stream().map(MountTarget::zone).toList());
        }
        return Optional.of(available.get(Math.floorMod(name.hashCode(), available.size())));
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
        try {
            roleClouds.close();
        } finally {
            ownCloud.close();
        }
    }
}
