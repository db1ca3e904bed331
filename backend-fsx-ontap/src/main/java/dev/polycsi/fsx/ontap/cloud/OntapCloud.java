package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.spi.controller.Page;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the FSx for ONTAP controller asks of FSx. Failures are {@link dev.polycsi.fsx.support.FsxCloudException}s
 * with FSx's error code; "not found" is an empty answer where a look-up is the point.
 */
public interface OntapCloud extends AutoCloseable {

    Optional<StorageVirtualMachine> describeSvm(String svmId);

    /** CreateVolume, or CreateVolumeFromBackup when the request names a backup. */
    OntapVolume createVolume(NewVolume request);

    Optional<OntapVolume> describeVolume(String volumeId);

    /** The volumes of an SVM with this ONTAP name or this {@code CSIVolumeName} tag. */
    List<OntapVolume> findVolumes(String svmId, String ontapName, String csiName);

    /** One page of every ONTAP volume; {@code token} FSx's NextToken, empty for the first page. */
    Page<OntapVolume> listVolumes(int maxResults, String token);

    /** UpdateVolume with a new size. */
    OntapVolume resize(String volumeId, String clientToken, long sizeBytes);

    /** DeleteVolume; false if it does not exist. A final backup is taken unless {@code skipFinalBackup}. */
    boolean deleteVolume(String volumeId, boolean skipFinalBackup, Map<String, String> finalBackupTags);

    VolumeBackup createBackup(String volumeId, String clientToken, Map<String, String> tags);

    Optional<VolumeBackup> describeBackup(String backupId);

    /** The backups of a volume. */
    List<VolumeBackup> backupsOf(String volumeId);

    /** One page of the backups of ONTAP volumes, of one volume if given. */
    Page<VolumeBackup> listBackups(Optional<String> volumeId, int maxResults, String token);

    /** DeleteBackup; false if it does not exist. */
    boolean deleteBackup(String backupId);

    @Override
    void close();
}
