package dev.polycsi.ebs.node;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds the block device of an attached EBS volume, and makes sure it is that volume (the wrong
 * volume mounted is aws-ebs-csi-driver #1224). On Nitro instances EBS volumes are NVMe disks whose
 * serial is the volume id without its dash; udev links them as
 * {@code /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0abc…}. The device name asked for at
 * attach (publish_context devicePath, e.g. /dev/xvdaa) only exists on Xen instances, or as a
 * udev-made symlink to the NVMe disk, which may be stale after the names were reused.
 *
 * <p>Order: the by-id link, then devicePath; both resolved to the real device. An NVMe device
 * must carry the volume's serial, or it is refused. A non-NVMe device (Xen's xvd*, the
 * simulator's loop devices) is taken on the evidence of the link or name.
 */
final class DeviceResolver {

    private static final Logger LOG = LogManager.getLogger(DeviceResolver.class);

    static final String BY_ID_PREFIX = "nvme-Amazon_Elastic_Block_Store_";

    /** EC2 volume ids; anything else could step out of the by-id directory. */
    private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8,32}");

    /** nvme1n1 (namespace 1 of controller nvme1), nvme1n1p2 (a partition of it). */
    private static final Pattern NVME_NAMESPACE = Pattern.compile("(nvme\\d+)n\\d+(p\\d+)?");

    /**
     * How long to wait for the device to show up: the kubelet may call NodeStage as soon as the
     * attach is reported, and udev makes the link a moment later.
     */
    record Wait(Duration timeout, Duration interval) {
        static final Wait DEFAULT = new Wait(Duration.ofSeconds(10), Duration.ofMillis(250));
    }

    private final Path byIdDirectory;
    private final Path sysfsRoot;
    private final Wait wait;

    DeviceResolver(Path byIdDirectory, Path sysfsRoot, Wait wait) {
        this.byIdDirectory = byIdDirectory;
        this.sysfsRoot = sysfsRoot;
        this.wait = wait;
    }

    static void requireVolumeId(String volumeId) {
        if (!VOLUME_ID.matcher(volumeId).matches()) {
            throw CsiException.invalidArgument("%s is not an EBS volume id (vol- and hexadecimal digits)", volumeId);
        }
    }

    /** The by-id name of a volume: the NVMe serial, the volume id without its dash. */
    static String serialOf(String volumeId) {
        return volumeId.replace("-", "");
    }

    /**
     * The verified device of {@code volumeId}, waiting for it up to the configured time. Nothing
     * found is NOT_FOUND, a final error to the kubelet: nothing was mounted, and its next retry
     * looks again. Another volume's NVMe disk is FAILED_PRECONDITION naming both volumes.
     */
    Path resolve(String volumeId, Optional<String> devicePath) {
        requireVolumeId(volumeId);
        long deadline = System.nanoTime() + wait.timeout().toNanos();
        while (true) {
            Optional<Path> found = lookup(volumeId, devicePath);
            if (found.isPresent()) {
                verify(volumeId, found.get());
                return found.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw CsiException.notFound("no device for EBS volume %s on this node after %d ms: neither %s nor %s exists; "
                        + "is the volume attached to this instance?", volumeId, wait.timeout().toMillis(), byIdLink(volumeId),
                        devicePath.orElse("a devicePath in publish_context"));
            }
            pause();
        }
    }

    /** The by-id link of the volume, resolved, else publish_context's devicePath, resolved. */
    Optional<Path> lookup(String volumeId, Optional<String> devicePath) {
        Optional<Path> byId = realPath(byIdLink(volumeId));
        if (byId.isPresent()) {
            return byId;
        }
        return devicePath.filter(path -> !path.isBlank())
                .map(Path::of)
                .filter(Path::isAbsolute)
                .flatMap(DeviceResolver::realPath);
    }

    /** Refuses an NVMe device whose serial names another volume. */
    void verify(String volumeId, Path device) {
        String name = device.getFileName().toString();
        Matcher nvme = NVME_NAMESPACE.matcher(name);
        if (!nvme.matches()) {
            return;
        }
        Optional<String> serial = serial(name, nvme.group(1));
        if (serial.isEmpty()) {
            LOG.warn("Cannot read the NVMe serial of {} under {}; taking it as {} on the evidence of its name", device, sysfsRoot, volumeId);
            return;
        }
        String expected = serialOf(volumeId);
        if (!serial.get().replace("-", "").equals(expected)) {
            throw CsiException.failedPrecondition("%s was found for EBS volume %s but is %s (NVMe serial %s); refusing to use "
                    + "another volume's disk", device, volumeId, asVolumeId(serial.get()), serial.get());
        }
    }

    Path byIdLink(String volumeId) {
        return byIdDirectory.resolve(BY_ID_PREFIX + serialOf(volumeId));
    }

    private Optional<String> serial(String namespace, String controller) {
        List<Path> candidates = List.of(
                sysfsRoot.resolve("block").resolve(namespace).resolve("device").resolve("serial"),
                sysfsRoot.resolve("class").resolve("nvme").resolve(controller).resolve("serial"));
        for (Path candidate : candidates) {
            try {
                String serial = Files.readString(candidate).strip();
                if (!serial.isEmpty()) {
                    return Optional.of(serial);
                }
            } catch (IOException e) {
                LOG.debug("No NVMe serial at {}: {}", candidate, e.toString());
            }
        }
        return Optional.empty();
    }

    /** vol0abc → vol-0abc, for messages; other serials (instance-store disks) as they are. */
    private static String asVolumeId(String serial) {
        return serial.startsWith("vol") && !serial.startsWith("vol-") ? "vol-" + serial.substring(3) : serial;
    }

    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty(); // missing, or a dangling link: not there yet
        }
    }

    private void pause() {
        try {
            Thread.sleep(wait.interval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CsiException.aborted("interrupted while waiting for a device");
        }
    }
}
