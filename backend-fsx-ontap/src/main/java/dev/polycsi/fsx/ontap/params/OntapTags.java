package dev.polycsi.fsx.ontap.params;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.fsx.support.FsxTags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tags of the FSx volumes and backups this backend makes: the user's, then the driver's own. */
public final class OntapTags {

    /** The PV name, to find a volume again by its CSI name. */
    public static final String VOLUME_NAME_TAG = FsxTags.VOLUME_NAME_TAG;
    /** The CSI snapshot name on a backup, to find it again by name; aws-ebs-csi-driver's name for this tag. */
    public static final String SNAPSHOT_NAME_TAG = "CSIVolumeSnapshotName";
    /**
     * The StorageClass's skipFinalBackupOnDelete, kept on the volume: DeleteVolume has no
     * parameters, so the class's choice has to travel with the volume.
     */
    public static final String SKIP_FINAL_BACKUP_TAG = "polycsi.dev/skipFinalBackupOnDelete";
    /**
     * The keys the driver sets, refused in a StorageClass's {@code extraTags}. The snapshot name
     * is one of them: with copyTagsToBackups FSx copies a volume's tags onto its automatic backups,
     * where a {@value #SNAPSHOT_NAME_TAG} would pass them off as VolumeSnapshots.
     */
    public static final Set<String> DRIVER_KEYS = Collections.unmodifiableSet(
            new LinkedHashSet<>(List.of(VOLUME_NAME_TAG, SNAPSHOT_NAME_TAG, SKIP_FINAL_BACKUP_TAG)));
    /**
     * The keys the driver sets on a backup, refused in a VolumeSnapshotClass's {@code extraTags}.
     * The volume's keys are not: they are looked for on volumes only.
     */
    public static final Set<String> BACKUP_DRIVER_KEYS = Set.of(SNAPSHOT_NAME_TAG);

    private OntapTags() {
    }

    /** A StorageClass's {@code extraTags}; IllegalArgumentException saying what is wrong. */
    static Map<String, String> parseVolumeTags(String text) {
        return FsxTags.parseExtraTags(text, DRIVER_KEYS, "volume");
    }

    /** A VolumeSnapshotClass's {@code extraTags}; IllegalArgumentException saying what is wrong. */
    static Map<String, String> parseBackupTags(String text) {
        return FsxTags.parseExtraTags(text, BACKUP_DRIVER_KEYS, "backup");
    }

    /** What an {@code extraTags} with these reserved keys takes, for parameter docs. */
    static String allowed(Set<String> driverKeys) {
        return "key=value pairs separated by commas; keys 1 to 128 and values up to 256 of letters, digits, spaces and _.:/+-@; "
                + "no '=' or ',' inside a key or value; at most " + (FsxTags.MAX_TAGS - driverKeys.size()) + " tags; not "
                + String.join(", ", driverKeys) + " or aws:*";
    }

    /**
     * The tags of a new volume: the StorageClass's extraTags, {@value #VOLUME_NAME_TAG} and
     * {@value #SKIP_FINAL_BACKUP_TAG}. INVALID_ARGUMENT when FSx would refuse them, e.g. a CSI name
     * longer than a tag value may be.
     */
    public static Map<String, String> forVolume(String csiName, OntapSettings settings) {
        Map<String, String> tags = new LinkedHashMap<>(settings.extraTags());
        tags.put(VOLUME_NAME_TAG, csiName);
        tags.put(SKIP_FINAL_BACKUP_TAG, Boolean.toString(settings.skipFinalBackupOnDelete()));
        FsxTags.checkLimits(tags, "volume");
        return Collections.unmodifiableMap(tags);
    }

    /** The tags of a new backup: the VolumeSnapshotClass's extraTags and {@value #SNAPSHOT_NAME_TAG}. */
    public static Map<String, String> forBackup(String snapshotName, Map<String, String> extraTags) {
        Map<String, String> tags = new LinkedHashMap<>(extraTags);
        tags.put(SNAPSHOT_NAME_TAG, snapshotName);
        FsxTags.checkLimits(tags, "backup");
        return Collections.unmodifiableMap(tags);
    }

    /**
     * Whether DeleteVolume skips FSx's final backup of a volume with these tags: false only when
     * {@value #SKIP_FINAL_BACKUP_TAG} says false (in a spelling Go's ParseBool reads as false).
     * When the tag is absent (a volume made outside the driver, or its tag removed) or unreadable
     * the answer is true, as the StorageClass default: a final backup nobody asked for would
     * outlive the volume, unseen by Kubernetes and billed until someone deletes it. The flip side:
     * such a volume, deleted through a PersistentVolume with reclaimPolicy Delete, leaves no backup.
     */
    public static boolean skipFinalBackup(Map<String, String> volumeTags) {
        String value = volumeTags.get(SKIP_FINAL_BACKUP_TAG);
        return value == null || !FsxParameters.isFalse(value);
    }
}
