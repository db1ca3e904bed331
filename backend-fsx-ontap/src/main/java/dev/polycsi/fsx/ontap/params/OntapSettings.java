package dev.polycsi.fsx.ontap.params;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A StorageClass of {@code backend: fsx-ontap}, parsed and checked: what CreateVolume asks FSx for.
 *
 * @param fileSystemId             the FSx for ONTAP file system ({@code fs-…})
 * @param storageVirtualMachineId  its SVM the volume goes in ({@code svm-…})
 * @param volumeStyle              FlexVol (default) or FlexGroup
 * @param aggregates               FlexGroup only: the aggregates ({@code aggr1}, …); empty: FSx chooses
 * @param constituentsPerAggregate FlexGroup only: empty means FSx's default (8)
 * @param securityStyle            the volume's security style
 * @param tiering                  the tiering policy and, for AUTO and SNAPSHOT_ONLY, its cooling period
 * @param snapshotPolicy           ONTAP's snapshot policy; {@code none} by default, the driver owns snapshots
 * @param storageEfficiencyEnabled deduplication, compression and compaction
 * @param copyTagsToBackups        whether FSx copies the volume's tags to its backups
 * @param junctionPathPrefix       where volumes are mounted in the SVM's namespace, {@code /} by default
 * @param skipFinalBackupOnDelete  whether DeleteVolume skips FSx's final backup (default true)
 * @param nfsMountOptions          the options the node mounts with
 * @param extraTags                the user's tags, in the order given
 */
public record OntapSettings(
        String fileSystemId,
        String storageVirtualMachineId,
        VolumeStyle volumeStyle,
        List<String> aggregates,
        OptionalInt constituentsPerAggregate,
        SecurityStyle securityStyle,
        Tiering tiering,
        String snapshotPolicy,
        boolean storageEfficiencyEnabled,
        boolean copyTagsToBackups,
        String junctionPathPrefix,
        boolean skipFinalBackupOnDelete,
        List<String> nfsMountOptions,
        Map<String, String> extraTags) {

    public OntapSettings {
        aggregates = List.copyOf(aggregates);
        nfsMountOptions = List.copyOf(nfsMountOptions);
        extraTags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraTags));
    }

    /** FlexVol or FlexGroup, as FSx's VolumeStyle names them. */
    public enum VolumeStyle { FLEXVOL, FLEXGROUP }

    /** FSx's SecurityStyle. */
    public enum SecurityStyle { UNIX, NTFS, MIXED }

    /** FSx's TieringPolicy Name. */
    public enum TieringPolicyName { SNAPSHOT_ONLY, AUTO, ALL, NONE }

    /** FSx's TieringPolicy: {@code coolingPeriodDays} (2 to 183) only with AUTO or SNAPSHOT_ONLY. */
    public record Tiering(TieringPolicyName name, OptionalInt coolingPeriodDays) {}
}
