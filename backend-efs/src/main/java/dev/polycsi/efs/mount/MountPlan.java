package dev.polycsi.efs.mount;

import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The mounts of EFS volumes, as aws-efs-csi-driver issues them: {@code -t efs}, source
 * {@code fs-x:/path}, options {@code accesspoint=fsap-y} and {@code tls} for an access point,
 * {@code tls} unless encryptInTransit is false, {@code mounttargetip=…}, {@code crossaccount},
 * {@code ro}, then the volume's mount options (e.g. {@code iam}). The same plan serves the node
 * and the controller's mount for deleting a root directory; under simulation the simulator's
 * mounter reads the same source and options.
 */
public final class MountPlan {

    private static final Logger LOG = LogManager.getLogger(MountPlan.class);

    static final String TLS = "tls";
    static final String ACCESS_POINT = "accesspoint=";

    private MountPlan() {
    }

    /**
     * @param zoneId the node's zone id, to pick from per-zone mount target addresses
     */
    public static EfsMount forPublish(EfsVolumeId id, VolumeContext context, boolean readOnly, List<String> mountFlags,
            Optional<String> zoneId) {
        List<String> options = new ArrayList<>();
        if (id.accessPointId().isPresent()) {
            // An access point mount needs TLS whatever encryptInTransit says, as in the official driver.
            options.add(ACCESS_POINT + id.accessPointId().get());
            options.add(TLS);
        } else if (context.encryptInTransit()) {
            options.add(TLS);
        }
        context.mountTargetIp(zoneId).ifPresent(ip -> options.add(VolumeContext.MOUNT_TARGET_IP + "=" + ip));
        if (context.crossAccount()) {
            options.add(VolumeContext.CROSS_ACCOUNT);
        }
        if (readOnly) {
            options.add("ro");
        }
        for (String flag : flatten(mountFlags)) {
            String lower = flag.toLowerCase(Locale.ROOT);
            if (lower.startsWith(ACCESS_POINT)) {
                String fromFlags = flag.substring(ACCESS_POINT.length());
                if (id.accessPointId().isPresent() && !id.accessPointId().get().equals(fromFlags)) {
                    throw CsiException.invalidArgument("mount option accesspoint=%s conflicts with the access point %s of volume %s",
                            fromFlags, id.accessPointId().get(), id);
                }
                LOG.warn("Volume {}: the access point belongs in the volume handle ({}:{}:{}), not in the mount options",
                        id, id.fileSystemId(), id.mountPath(), fromFlags);
                flag = ACCESS_POINT + fromFlags;
            }
            if (lower.equals(TLS) && !context.encryptInTransit() && id.accessPointId().isEmpty()) {
                throw CsiException.invalidArgument("mount option tls contradicts the volume context encryptInTransit=false");
            }
            if (lower.startsWith("awscredsuri")) {
                LOG.warn("Volume {}: ignoring the mount option {}, which the driver does not support", id, flag);
                continue;
            }
            if (lower.equals("rw") && readOnly) {
                continue;
            }
            if (!options.contains(flag)) {
                options.add(flag);
            }
        }
        String path = id.path().or(context::path).orElse("/");
        return new EfsMount(id.fileSystemId() + ":" + path, options);
    }

    /** The whole file system, for the controller to remove an access point's root directory (as the official driver: tls, iam). */
    public static EfsMount forFileSystemRoot(String fileSystemId, Optional<String> mountTargetIp) {
        return forFileSystemRoot(fileSystemId, mountTargetIp, false);
    }

    /** With {@code crossAccount}: mount.efs finds the mount target of the controller's zone in the other account by DNS. */
    public static EfsMount forFileSystemRoot(String fileSystemId, Optional<String> mountTargetIp, boolean crossAccount) {
        List<String> options = new ArrayList<>(List.of(TLS, "iam"));
        mountTargetIp.ifPresent(ip -> options.add(VolumeContext.MOUNT_TARGET_IP + "=" + ip));
        if (crossAccount) {
            options.add(VolumeContext.CROSS_ACCOUNT);
        }
        return new EfsMount(fileSystemId + ":/", options);
    }

    /** Mount options as the kubelet passes them: one per element, or several separated by commas. */
    static List<String> flatten(List<String> flags) {
        return flags.stream()
                .flatMap(flag -> java.util.Arrays.stream(flag.split(",")))
                .map(String::strip)
                .filter(flag -> !flag.isEmpty())
                .toList();
    }
}
