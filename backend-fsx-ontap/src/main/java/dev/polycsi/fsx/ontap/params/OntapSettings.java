package dev.polycsi.fsx.ontap.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A StorageClass of {@code backend: fsx-ontap}, parsed and checked: what CreateVolume asks FSx for.
 * Built by {@link VolumeParameters#resolve}, which has refused every combination FSx would refuse.
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
        extraTags = Collections.unmodifiableMap(new LinkedHashMap<>(extraTags));
    }

    public boolean isFlexGroup() {
        return volumeStyle == VolumeStyle.FLEXGROUP;
    }

    /**
     * The volume's constituents: 1 for a FlexVol; for a FlexGroup, constituentsPerAggregate (FSx's
     * default {@value VolumeSizes#DEFAULT_CONSTITUENTS_PER_AGGREGATE}) on each aggregate named,
     * counting one aggregate when FSx chooses them (on a file system of several HA pairs FSx may
     * choose more, and the volume then has more constituents than this says).
     */
    public int constituents() {
        if (!isFlexGroup()) {
            return 1;
        }
        return Math.max(1, aggregates.size()) * constituentsPerAggregate.orElse(VolumeSizes.DEFAULT_CONSTITUENTS_PER_AGGREGATE);
    }

    /** The junction path of the volume named {@code ontapName} (see {@link VolumeNames#ontapName}). */
    public String junctionPath(String ontapName) {
        return VolumeNames.junctionPath(junctionPathPrefix, ontapName);
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
