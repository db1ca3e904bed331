package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything the backend knows, on disk under the base directory:
 * <pre>
 *   &lt;root&gt;/volumes/hp-&lt;hash&gt;/              a volume's files
 *   &lt;root&gt;/volumes/hp-&lt;hash&gt;.properties    its record ({@link VolumeRecord})
 *   &lt;root&gt;/snapshots/hps-&lt;hash&gt;/            a snapshot: a copy of a volume's files
 *   &lt;root&gt;/snapshots/hps-&lt;hash&gt;.properties  its record ({@link SnapshotRecord})
 * </pre>
 * Nothing is kept only in memory, so a restarted driver, or the node and controller services
 * running in separate processes on the same machine, see the same volumes. {@link Area}
 * explains how the files stay consistent across crashes.
 */
final class HostPathStore {

    private final Area volumes;
    private final Area snapshots;

    HostPathStore(Path root) {
        this.volumes = new Area(root.resolve("volumes"), Ids.VOLUME);
        this.snapshots = new Area(root.resolve("snapshots"), Ids.SNAPSHOT);
    }

    // ---- volumes

    Optional<VolumeRecord> findVolume(String id) {
        return volumes.readRecord(id).map(record -> decodeVolume(id, record));
    }

    /** All volumes, sorted by id. */
    List<VolumeRecord> listVolumes() {
        // A volume deleted between listing and reading is simply left out.
        return volumes.ids().stream().flatMap(id -> findVolume(id).stream()).toList();
    }

    void saveVolume(VolumeRecord volume) {
        volumes.writeRecord(volume.id(), volume.toProperties());
    }

    /** The volume's files; they exist only once the volume is complete. */
    Path volumeData(String id) {
        return volumes.dataDir(id);
    }

    boolean hasVolumeData(String id) {
        return volumes.hasData(id);
    }

    void createVolumeData(String id, Optional<Path> copyOf, DirectorySettings settings) {
        volumes.createData(id, copyOf, settings);
    }

    long usedBytes(String volumeId) {
        return volumes.usedBytes(volumeId);
    }

    void deleteVolume(String id) {
        volumes.delete(id);
    }

    // ---- snapshots

    Optional<SnapshotRecord> findSnapshot(String id) {
        return snapshots.readRecord(id).map(record -> decodeSnapshot(id, record));
    }

    /** All snapshots, sorted by id. */
    List<SnapshotRecord> listSnapshots() {
        return snapshots.ids().stream().flatMap(id -> findSnapshot(id).stream()).toList();
    }

    void saveSnapshot(SnapshotRecord snapshot) {
        snapshots.writeRecord(snapshot.id(), snapshot.toProperties());
    }

    Path snapshotData(String id) {
        return snapshots.dataDir(id);
    }

    boolean hasSnapshotData(String id) {
        return snapshots.hasData(id);
    }

    /** Snapshots keep the attributes of the volume's files, including those of its top directory. */
    void createSnapshotData(String id, Path copyOf) {
        snapshots.createData(id, Optional.of(copyOf), DirectorySettings.KEEP);
    }

    void deleteSnapshot(String id) {
        snapshots.delete(id);
    }

    // ---- decoding

    private static VolumeRecord decodeVolume(String id, Properties record) {
        try {
            return VolumeRecord.fromProperties(id, record);
        } catch (IllegalArgumentException e) {
            throw CsiException.internal("the record of volume %s is damaged: %s", id, e.getMessage());
        }
    }

    private static SnapshotRecord decodeSnapshot(String id, Properties record) {
        try {
            return SnapshotRecord.fromProperties(id, record);
        } catch (IllegalArgumentException e) {
            throw CsiException.internal("the record of snapshot %s is damaged: %s", id, e.getMessage());
        }
    }
}
