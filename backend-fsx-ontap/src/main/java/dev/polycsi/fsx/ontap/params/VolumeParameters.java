package dev.polycsi.fsx.ontap.params;

import dev.polycsi.fsx.ontap.params.OntapSettings.SecurityStyle;
import dev.polycsi.fsx.ontap.params.OntapSettings.TieringPolicyName;
import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The StorageClass parameters of {@code backend: fsx-ontap}. No CSI driver names them for the
 * FSx API, so the keys are FSx's own field names in lowerCamelCase; keys and enum values are
 * case-sensitive, as in FSx. Where this driver's default differs from FSx's, the description
 * says why. Combinations FSx refuses are refused by {@link #resolve}, naming every key involved.
 */
public final class VolumeParameters {

    /** AWS's recommendation for FSx for ONTAP: hard mounts, NFS 4.1. */
    public static final List<String> DEFAULT_NFS_MOUNT_OPTIONS = NfsMountOptions.DEFAULT.options();

    static final int MAX_AGGREGATES = 6;
    /** FSx's longest JunctionPath (255) less a slash and the longest volume name. */
    static final int MAX_JUNCTION_PATH_PREFIX = 255 - 1 - VolumeNames.MAX_LENGTH;

    private static final Pattern AGGREGATE = Pattern.compile("aggr[1-9][0-9]?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[A-Za-z0-9_-]+");

    static final Parameter<String> FILE_SYSTEM_ID = FsxParameters.matching("fileSystemId",
            "The FSx for ONTAP file system the volumes are created in.",
            Pattern.compile("fs-([0-9a-f]{8}|[0-9a-f]{17})"), "fs- and 8 or 17 lower-case hex digits").required();
    static final Parameter<String> STORAGE_VIRTUAL_MACHINE_ID = FsxParameters.matching("storageVirtualMachineId",
            "The storage virtual machine (SVM) of that file system the volumes belong to; nodes mount them from its NFS endpoint. "
                    + "New volumes get the SVM's export policy 'default', which the FSx API cannot change: it must let the nodes "
                    + "mount (set it with the ONTAP CLI or System Manager).",
            Pattern.compile("svm-[0-9a-f]{17}"), "svm- and 17 lower-case hex digits").required();
    static final Parameter<VolumeStyle> VOLUME_STYLE = FsxParameters.choice("volumeStyle",
            "FLEXVOL (FSx's default): one volume on one aggregate, 20 MiB to 300 TiB. FLEXGROUP: one volume spread over "
                    + "constituents on one or more aggregates, for file systems of several HA pairs; 100 GiB to 300 TiB per "
                    + "constituent, up to 20 PiB. FSx backs up FlexGroup volumes (VolumeSnapshots) only on file systems created after "
                    + "15 November 2023 or updated since in a maintenance window; elsewhere CreateSnapshot is refused.",
            VolumeStyle.values()).withDefault(VolumeStyle.FLEXVOL);
    static final Parameter<List<String>> AGGREGATES = Parameter.custom("aggregates", "list",
            "FLEXGROUP only: the aggregates to spread the volume over, one per HA pair of the file system (aggr1, aggr2, …). "
                    + "Default: FSx chooses.",
            "aggr1 to aggr99, separated by commas; at most 6, each once", VolumeParameters::aggregates);
    static final Parameter<Integer> CONSTITUENTS_PER_AGGREGATE = FsxParameters.range("constituentsPerAggregate",
            "FLEXGROUP only: constituents on each aggregate, at most 200 in all (aggregates × constituentsPerAggregate). More "
                    + "constituents spread the load wider but raise the smallest volume, 100 GiB per constituent. Default: FSx's, 8.",
            1, VolumeSizes.MAX_CONSTITUENTS);
    static final Parameter<SecurityStyle> SECURITY_STYLE = FsxParameters.choice("securityStyle",
            "Whose permissions ONTAP enforces on files. UNIX (as Trident's default): owners and mode bits, which pods' fsGroup, "
                    + "chown and chmod need. NTFS and MIXED bring Windows ACLs and need the SVM joined to Active Directory. "
                    + "FSx's default is the style of the SVM's root volume, which may be NTFS, so UNIX is always sent unless set.",
            SecurityStyle.values()).withDefault(SecurityStyle.UNIX);
    static final Parameter<TieringPolicyName> TIERING_POLICY = FsxParameters.choice("tieringPolicy",
            "Which data FSx moves from SSD to the cheaper capacity pool: SNAPSHOT_ONLY (FSx's default) data held only by "
                    + "snapshots, such as the ones backups keep; AUTO also user data left cold; ALL all user data; NONE nothing. "
                    + "Always sent, since FSx's documents disagree about the default (the console's is AUTO).",
            TieringPolicyName.values()).withDefault(TieringPolicyName.SNAPSHOT_ONLY);
    static final Parameter<Integer> COOLING_PERIOD = FsxParameters.range("coolingPeriod",
            "Days data must stay unread before AUTO or SNAPSHOT_ONLY move it to the capacity pool; refused with ALL and NONE. "
                    + "Default: FSx's, 31 days for AUTO and 2 for SNAPSHOT_ONLY.",
            2, 183);
    static final Parameter<String> SNAPSHOT_POLICY = FsxParameters.matching("snapshotPolicy",
            "ONTAP's schedule of local snapshots. FSx's default is 'default' (6 hourly, 2 daily and 2 weekly snapshots); this "
                    + "driver's is 'none': snapshots of a policy take the volume's space unseen by Kubernetes, and VolumeSnapshots "
                    + "of this backend are FSx backups that need no policy. Else default-1weekly or a policy of the SVM.",
            Pattern.compile("[A-Za-z0-9_.-]{1,256}"),
            "none, default, default-1weekly or a policy name (1 to 256 letters, digits, _, -, .)").withDefault("none");
    static final Parameter<Boolean> STORAGE_EFFICIENCY_ENABLED = FsxParameters.bool("storageEfficiencyEnabled",
            "ONTAP's deduplication, compression and compaction. FSx requires the field and has no default; true, as Trident "
                    + "sets it.").withDefault(true);
    static final Parameter<Boolean> COPY_TAGS_TO_BACKUPS = FsxParameters.bool("copyTagsToBackups",
            "Whether FSx copies the volume's tags to its backups (FSx's default: false). FSx copies them only to backups asked "
                    + "for without tags, such as the file system's automatic daily backups: VolumeSnapshots carry "
                    + "CSIVolumeSnapshotName, so they get the VolumeSnapshotClass's extraTags instead.").withDefault(false);
    static final Parameter<Boolean> SKIP_FINAL_BACKUP_ON_DELETE = FsxParameters.bool("skipFinalBackupOnDelete",
            "Whether deleting a volume skips FSx's final backup. FSx's own default is to take one; this driver's is to skip it, "
                    + "as Trident does: that backup outlives the volume, is no VolumeSnapshot Kubernetes knows of, never expires "
                    + "and is billed until deleted by hand. Kept on each volume as the tag " + OntapTags.SKIP_FINAL_BACKUP_TAG
                    + ", which DeleteVolume reads; a volume without it (e.g. a static one) is deleted without a final backup.")
            .withDefault(true);
    static final Parameter<String> JUNCTION_PATH_PREFIX = Parameter.custom("junctionPathPrefix", "string",
            "Where the volumes appear in the SVM's namespace: each at this path and its ONTAP name, e.g. /pvc_3f0c… under "
                    + "the default /. Another prefix must exist in the SVM already (a volume junctioned there, or a directory of "
                    + "the volume above); FSx refuses the volume otherwise.",
            "/ or an absolute path of names of letters, digits, _ and -, without a trailing slash; at most "
                    + MAX_JUNCTION_PATH_PREFIX + " characters",
            VolumeParameters::junctionPathPrefix).withDefault("/");
    static final Parameter<NfsMountOptions> NFS_MOUNT_OPTIONS = Parameter.custom("nfsMountOptions", "list",
            "Options the nodes mount the volumes with, separated by commas; a PersistentVolume's mountOptions come after them. "
                    + "The default is AWS's recommendation. soft is taken, but a soft mount gives up after its retries and may lose "
                    + "writes during a failover: keep it to data you can lose. Empty: only the PersistentVolume's options.",
            NfsMountOptions.ALLOWED, NfsMountOptions::parse).withDefault(NfsMountOptions.DEFAULT);
    static final Parameter<Map<String, String>> EXTRA_TAGS = Parameter.custom("extraTags", "tags",
            "Tags of every volume, key=value pairs separated by commas, read as the official FSx drivers read them (nothing "
                    + "trimmed). The driver adds " + OntapTags.VOLUME_NAME_TAG + "=<PV name> and " + OntapTags.SKIP_FINAL_BACKUP_TAG
                    + "; FSx allows 50 tags in all. " + OntapTags.SNAPSHOT_NAME_TAG + " is refused too: copyTagsToBackups would copy "
                    + "it onto automatic backups, which would then pass for VolumeSnapshots.",
            OntapTags.allowed(OntapTags.DRIVER_KEYS), OntapTags::parseVolumeTags);

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(FILE_SYSTEM_ID)
            .add(STORAGE_VIRTUAL_MACHINE_ID)
            .add(VOLUME_STYLE)
            .add(AGGREGATES)
            .add(CONSTITUENTS_PER_AGGREGATE)
            .add(SECURITY_STYLE)
            .add(TIERING_POLICY)
            .add(COOLING_PERIOD)
            .add(SNAPSHOT_POLICY)
            .add(STORAGE_EFFICIENCY_ENABLED)
            .add(COPY_TAGS_TO_BACKUPS)
            .add(SKIP_FINAL_BACKUP_ON_DELETE)
            .add(JUNCTION_PATH_PREFIX)
            .add(NFS_MOUNT_OPTIONS)
            .add(EXTRA_TAGS)
            .build();

    private VolumeParameters() {
    }

    /**
     * The volume a StorageClass asks for, from its parameters parsed by {@link #SCHEMA}. Every
     * combination FSx refuses is INVALID_ARGUMENT naming each key involved.
     */
    public static OntapSettings resolve(Parameters parameters) {
        return new CreationRules(parameters).settings();
    }

    private static List<String> aggregates(String value) {
        List<String> aggregates = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String aggregate = item.strip();
            if (!AGGREGATE.matcher(aggregate).matches()) {
                throw new IllegalArgumentException("'" + item + "' is not an aggregate name; FSx names them aggr1, aggr2, …");
            }
            if (aggregates.contains(aggregate)) {
                throw new IllegalArgumentException(aggregate + " is given twice");
            }
            aggregates.add(aggregate);
        }
        if (aggregates.size() > MAX_AGGREGATES) {
            throw new IllegalArgumentException(aggregates.size() + " aggregates, but FSx takes at most " + MAX_AGGREGATES);
        }
        return List.copyOf(aggregates);
    }

    private static String junctionPathPrefix(String value) {
        if (value.equals("/")) {
            return value;
        }
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path; write " + absolute(value));
        }
        if (value.endsWith("/")) {
            throw new IllegalArgumentException("ends in '/'; write " + absolute(value));
        }
        for (String component : value.substring(1).split("/", -1)) {
            if (component.isEmpty()) {
                throw new IllegalArgumentException("has an empty name ('//')");
            }
            if (component.equals("..") || component.equals(".")) {
                throw new IllegalArgumentException("has '" + component + "'; junction paths are written without . or ..");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + component + "' has characters other than letters, digits, _ and -");
            }
        }
        if (value.length() > MAX_JUNCTION_PATH_PREFIX) {
            throw new IllegalArgumentException("longer than " + MAX_JUNCTION_PATH_PREFIX + " characters, which with a volume name "
                    + "of up to " + VolumeNames.MAX_LENGTH + " would pass FSx's 255 for a junction path");
        }
        return value;
    }

    /** {@code path} with one leading slash and none trailing, for messages. */
    private static String absolute(String path) {
        return "/" + path.replaceAll("^/+|/+$", "");
    }
}
