package dev.polycsi.simulator.storage;

import dev.polycsi.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Simulated EBS data on this machine: each volume a sparse file
 * {@code <dataDir>/ebs/volumes/<volumeId>.img}, each snapshot a sparse copy
 * {@code <dataDir>/ebs/snapshots/<snapshotId>.img}. An attached volume is a loop device over its
 * file, linked in the device directory under the by-id name the EBS backend looks for (see
 * {@link NvmeDeviceLinks}). Loop devices need root; without it volumes keep their data but never
 * show a device.
 *
 * <p>Every method is idempotent. The state is the files and the kernel's loop devices, nothing
 * in memory, so a restarted simulator finds attached volumes again. Operations on one volume
 * or snapshot take turns; different ones run in parallel.
 */
public final class LoopBlockStorage implements BlockStorage {

    private static final Logger LOG = LogManager.getLogger(LoopBlockStorage.class);

    /** EC2's id shapes; anything else could step out of the data directory. */
    private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9A-Za-z]+");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9A-Za-z]+");
    private static final String IMAGE_SUFFIX = ".img";

    private final Path volumeDir;
    private final Path snapshotDir;
    private final NvmeDeviceLinks links;
    private final boolean root;
    private final LoopDevices loops = new LoopDevices();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedNotRoot = new AtomicBoolean();

    /** In the configured directories, with loop devices if this process runs as root. */
    public LoopBlockStorage(SimulatorConfig config) {
        this(config.dataDir(), config.deviceDir(), runningAsRoot());
    }

    /** {@code root} false: data only, no loop devices (what a non-root process gets). */
    public LoopBlockStorage(Path dataDir, Path deviceDir, boolean root) {
        Path ebs = realDirectory(dataDir).resolve("ebs");
        this.volumeDir = realDirectory(ebs.resolve("volumes"));
        this.snapshotDir = realDirectory(ebs.resolve("snapshots"));
        this.links = new NvmeDeviceLinks(deviceDir.toAbsolutePath().normalize());
        this.root = root;
    }

    public static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The by-id file name of a volume's device, e.g. nvme-Amazon_Elastic_Block_Store_vol0abc for vol-0abc. */
    public static String deviceName(String volumeId) {
        return NvmeDeviceLinks.name(requireId(VOLUME_ID, volumeId));
    }

    /** The file that holds a volume's data. */
    public Path volumeFile(String volumeId) {
        return volumeDir.resolve(requireId(VOLUME_ID, volumeId) + IMAGE_SUFFIX);
    }

    /** The file that holds a snapshot's data. */
    public Path snapshotFile(String snapshotId) {
        return snapshotDir.resolve(requireId(SNAPSHOT_ID, snapshotId) + IMAGE_SUFFIX);
    }

    /** Nothing to do if the volume exists: a retried create must not wipe what was written since. */
    @Override
    public void create(String volumeId, long sizeBytes, Optional<String> fromSnapshotId) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("a volume needs a positive size, not " + sizeBytes);
        }
        Path file = volumeFile(volumeId);
        locked(volumeId, () -> {
            if (Files.exists(file)) {
                return;
            }
            if (fromSnapshotId.isEmpty()) {
                SparseFiles.create(file, sizeBytes);
                return;
            }
            Path snapshot = snapshotFile(fromSnapshotId.get());
            locked(fromSnapshotId.get(), () -> {
                requireExists(snapshot, "snapshot " + fromSnapshotId.get());
                SparseFiles.copy(snapshot, file, sizeBytes);
            });
        });
    }

    /** Detaches the volume first if it is still attached: no loop device may be left over a deleted file. */
    @Override
    public void delete(String volumeId) {
        Path file = volumeFile(volumeId);
        locked(volumeId, () -> {
            detachLocked(volumeId, file);
            SparseFiles.delete(file);
        });
    }

    /** Reuses the loop device the kernel already has over the volume's file, e.g. after a restart. */
    @Override
    public void attach(String volumeId) {
        Path file = volumeFile(volumeId);
        if (!root) {
            warnNotRoot(volumeId);
            return;
        }
        locked(volumeId, () -> {
            requireExists(file, "volume " + volumeId);
            Path device = loops.attach(file);
            // The file may have grown while the device was not ours to refresh.
            loops.refreshCapacity(device);
            links.point(volumeId, device);
            LOG.info("Volume {} is attached as {} ({})", volumeId, device, links.path(volumeId));
        });
    }

    @Override
    public void detach(String volumeId) {
        Path file = volumeFile(volumeId);
        locked(volumeId, () -> detachLocked(volumeId, file));
    }

    /** Never shrinks: EBS volumes only grow. */
    @Override
    public void resize(String volumeId, long sizeBytes) {
        Path file = volumeFile(volumeId);
        locked(volumeId, () -> {
            requireExists(file, "volume " + volumeId);
            SparseFiles.grow(file, sizeBytes);
            if (root) {
                loops.backing(file).forEach(loops::refreshCapacity);
            }
        });
    }

    /**
     * A copy of the volume's blocks as they are now, like an EBS snapshot crash-consistent only:
     * what a mounted filesystem has not yet written is not in it.
     */
    @Override
    public void snapshot(String volumeId, String snapshotId) {
        Path volume = volumeFile(volumeId);
        Path snapshot = snapshotFile(snapshotId);
        locked(volumeId, () -> locked(snapshotId, () -> {
            if (Files.exists(snapshot)) {
                return;
            }
            requireExists(volume, "volume " + volumeId);
            SparseFiles.copy(volume, snapshot, 0);
        }));
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        Path snapshot = snapshotFile(snapshotId);
        locked(snapshotId, () -> SparseFiles.delete(snapshot));
    }

    /** Only a link that leads to the loop device over this volume's file now; a stale one is not shown. */
    @Override
    public Optional<Path> devicePath(String volumeId) {
        Path file = volumeFile(volumeId);
        if (!root) {
            return Optional.empty();
        }
        return links.deviceOf(volumeId)
                .filter(device -> loops.isOver(device, file))
                .map(device -> links.path(volumeId));
    }

    private void detachLocked(String volumeId, Path file) {
        if (!root) {
            return;
        }
        links.remove(volumeId);
        if (!Files.exists(file)) {
            return;
        }
        List<Path> devices = loops.backing(file);
        devices.forEach(loops::detach);
        if (!devices.isEmpty() && !loops.backing(file).isEmpty()) {
            LOG.warn("Volume {} is detached but {} is still in use (mounted?); the kernel frees it once unused", volumeId, devices);
        }
    }

    private void warnNotRoot(String volumeId) {
        if (warnedNotRoot.compareAndSet(false, true)) {
            LOG.warn("simulated EBS volumes need root: attached volumes appear as loop devices. This process is not root, "
                    + "so {} and every other attached volume keep their data but get no device", volumeId);
        }
    }

    /** Ids are unique across volumes and snapshots (vol-…, snap-…), so one map of locks serves both. */
    private void locked(String id, Runnable action) {
        synchronized (locks.computeIfAbsent(id, key -> new Object())) {
            action.run();
        }
    }

    private static void requireExists(Path file, String what) {
        if (!Files.exists(file)) {
            throw new StorageException("%s has no data: %s does not exist".formatted(what, file));
        }
    }

    private static String requireId(Pattern pattern, String id) {
        if (id == null || !pattern.matcher(id).matches()) {
            throw new IllegalArgumentException("%s is not an id of the form %s".formatted(id, pattern.pattern()));
        }
        return id;
    }

    /** Resolved, because losetup and mountinfo report resolved paths. */
    private static Path realDirectory(Path dir) {
        try {
            return Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot create " + dir, e);
        }
    }
}
