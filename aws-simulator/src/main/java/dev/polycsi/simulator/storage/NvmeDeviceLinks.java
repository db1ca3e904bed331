package dev.polycsi.simulator.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The names under which attached volumes appear, as udev names a real EBS volume on a Nitro
 * instance in /dev/disk/by-id: {@code nvme-Amazon_Elastic_Block_Store_vol0abc} for vol-0abc.
 * They live in the simulator's device directory, never in the host's /dev/disk.
 */
final class NvmeDeviceLinks {

    private static final String PREFIX = "nvme-Amazon_Elastic_Block_Store_";

    private final Path deviceDir;

    NvmeDeviceLinks(Path deviceDir) {
        this.deviceDir = deviceDir;
    }

    /** EBS puts the volume id without its dash in the NVMe serial number, hence in the name. */
    static String name(String volumeId) {
        return PREFIX + volumeId.replace("-", "");
    }

    Path path(String volumeId) {
        return deviceDir.resolve(name(volumeId));
    }

    /** The device the volume's link leads to, if the link is there. */
    Optional<Path> deviceOf(String volumeId) {
        Path link = path(volumeId);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readSymbolicLink(link));
        } catch (IOException e) {
            return Optional.empty(); // removed meanwhile
        }
    }

    /** Points the volume's link at {@code device}, replacing a stale one in a single step. */
    void point(String volumeId, Path device) {
        Path link = path(volumeId);
        try {
            if (deviceOf(volumeId).filter(device::equals).isPresent()) {
                return;
            }
            Files.createDirectories(deviceDir);
            Path fresh = deviceDir.resolve("." + link.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId());
            Files.deleteIfExists(fresh);
            Files.createSymbolicLink(fresh, device);
            Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot link %s to %s".formatted(link, device), e);
        }
    }

    void remove(String volumeId) {
        Path link = path(volumeId);
        try {
            Files.deleteIfExists(link);
        } catch (IOException e) {
            throw new StorageException("cannot remove " + link, e);
        }
    }
}
