package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CreateVolume or CreateVolumeFromBackup request for an ONTAP volume: its Name, Tags and
 * OntapConfiguration (CreateOntapVolumeConfiguration), checked as far as the request alone allows;
 * {@link #specOn} fills in what depends on the SVM and file system (the security style, a
 * FlexGroup volume's aggregates) and checks the rest.
 *
 * @param aggregates          the AggregateConfiguration's Aggregates, if given (FLEXGROUP only)
 * @param constituents        the AggregateConfiguration's ConstituentsPerAggregate, if given
 */
record VolumeRequest(String name, String svmId, Optional<String> junctionPath, long sizeInBytes, Optional<Boolean> storageEfficiency,
        Optional<String> securityStyle, Tiering tiering, String snapshotPolicy, boolean copyTagsToBackups, String volumeType,
        boolean flexGroup, Optional<List<String>> aggregates, Optional<Integer> constituents, List<Tag> tags) {

    /** ONTAP's rule for volume names, stricter than the API's pattern. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,203}");
    private static final Pattern AGGREGATE = Pattern.compile("aggr[0-9]{1,2}");
    private static final int MAX_AGGREGATES = 6;
    private static final List<String> SECURITY_STYLES = List.of("UNIX", "NTFS", "MIXED");
    private static final List<String> VOLUME_TYPES = List.of("RW", "DP");
    private static final List<String> VOLUME_STYLES = List.of("FLEXVOL", "FLEXGROUP");

    /** CreateVolume: VolumeType ONTAP (OPENZFS is not simulated), then as {@link #read}. */
    static VolumeRequest readCreate(JsonRequest body) {
        String type = FsxFields.oneOf(body, "VolumeType", List.of("ONTAP", "OPENZFS"))
                .orElseThrow(() -> FsxError.badRequest("VolumeType is required."));
        if (type.equals("OPENZFS") || body.has("OpenZFSConfiguration")) {
            throw FsxError.badRequest("The FSx simulator does not simulate OpenZFS volumes; it creates ONTAP volumes.");
        }
        return read(body);
    }

    /** Name, Tags and OntapConfiguration, which CreateVolume and CreateVolumeFromBackup share. */
    static VolumeRequest read(JsonRequest body) {
        String name = body.requiredString("Name");
        if (!NAME.matcher(name).matches()) {
            throw FsxError.badRequest("Volume name '%s' must be 1 to 203 letters, digits or underscores.", name);
        }
        JsonRequest ontap = body.object("OntapConfiguration")
                .orElseThrow(() -> FsxError.missingVolumeConfiguration("OntapConfiguration is required to create an ONTAP volume."));
        if (ontap.has("SnaplockConfiguration")) {
            throw FsxError.badRequest("The FSx simulator does not simulate SnapLock volumes.");
        }
        String svmId = FsxIds.requireSvmId("StorageVirtualMachineId", ontap.string("StorageVirtualMachineId")
                .orElseThrow(() -> FsxError.badRequest("StorageVirtualMachineId is required.")));
        String volumeType = FsxFields.oneOf(ontap, "OntapVolumeType", VOLUME_TYPES).orElse("RW");
        boolean readWrite = volumeType.equals("RW");
        Optional<String> junctionPath = ontap.string("JunctionPath").map(VolumeRequest::junctionPath);
        if (readWrite && junctionPath.isEmpty()) {
            throw FsxError.badRequest("JunctionPath is required for an RW volume.");
        }
        long size = VolumeSizes.read(ontap, true).orElseThrow();
        Optional<Boolean> efficiency = ontap.bool("StorageEfficiencyEnabled");
        if (readWrite && efficiency.isEmpty()) {
            throw FsxError.badRequest("StorageEfficiencyEnabled is required for an RW volume.");
        }
        boolean flexGroup = FsxFields.oneOf(ontap, "VolumeStyle", VOLUME_STYLES).orElse("FLEXVOL").equals("FLEXGROUP");
        Optional<JsonRequest> layout = ontap.object("AggregateConfiguration");
        if (layout.isPresent() && !flexGroup) {
            throw FsxError.badRequest("AggregateConfiguration applies only to FLEXGROUP volumes.");
        }
        Optional<List<String>> aggregates = layout.filter(l -> l.has("Aggregates")).map(l -> aggregates(l.strings("Aggregates")));
        Optional<Integer> constituents = layout.flatMap(l -> FsxFields.intInRange(l, "ConstituentsPerAggregate", 1, 200));
        return new VolumeRequest(name, svmId, junctionPath, size, efficiency,
                FsxFields.oneOf(ontap, "SecurityStyle", SECURITY_STYLES),
                ontap.object("TieringPolicy").map(Tiering::read).orElse(Tiering.DEFAULT),
                ontap.string("SnapshotPolicy").map(VolumeRequest::snapshotPolicy).orElse("default"),
                ontap.bool("CopyTagsToBackups").orElse(false), volumeType, flexGroup, aggregates, constituents, Tag.listOf(body));
    }

    /**
     * The volume's spec on {@code svm} of {@code fileSystem}: SecurityStyle defaults to the SVM
     * root volume's; a FlexGroup volume spreads over the named aggregates, which the file system
     * must have, or over all of them; its size checked against its style.
     */
    OntapVolumeSpec specOn(Svm svm, OntapFileSystem fileSystem) {
        Optional<FlexGroupLayout> layout = Optional.empty();
        if (flexGroup) {
            List<String> spread = aggregates.orElse(fileSystem.aggregates());
            spread.stream().filter(aggregate -> !fileSystem.aggregates().contains(aggregate)).findFirst().ifPresent(aggregate -> {
                throw FsxError.badRequest("Aggregate %s does not exist on file system %s; it has %s.", aggregate, fileSystem.id(),
                        String.join(", ", fileSystem.aggregates()));
            });
            layout = Optional.of(new FlexGroupLayout(spread, constituents.orElse(FlexGroupLayout.DEFAULT_CONSTITUENTS_PER_AGGREGATE)));
        }
        VolumeSizes.requireValid(sizeInBytes, layout);
        return new OntapVolumeSpec(name, svm.id(), junctionPath, sizeInBytes, storageEfficiency,
                securityStyle.orElse(svm.rootVolumeSecurityStyle()), tiering, snapshotPolicy, copyTagsToBackups, volumeType, layout);
    }

    /**
     * Where the volume is mounted in its SVM's namespace: {@code /} and names, at most 255
     * characters; not {@code /} itself, which is the SVM root volume's, nor with empty, {@code .}
     * or {@code ..} parts.
     */
    static String junctionPath(String path) {
        if (!path.startsWith("/") || path.length() > 255) {
            throw FsxError.badRequest("JunctionPath '%s' must start with / and be at most 255 characters, e.g. /vol1.", path);
        }
        if (path.equals("/")) {
            throw FsxError.badRequest("JunctionPath / is the SVM root volume's; mount the volume below it, e.g. at /vol1.");
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.chars().anyMatch(Character::isISOControl)) {
                throw FsxError.badRequest("JunctionPath '%s' must be / and names, without empty, '.' or '..' parts.", path);
            }
        }
        return path;
    }

    static String snapshotPolicy(String policy) {
        if (policy.isEmpty() || policy.length() > 255) {
            throw FsxError.badRequest("SnapshotPolicy must be 1 to 255 characters: default, default-1weekly, none or a custom policy's name.");
        }
        return policy;
    }

    private static List<String> aggregates(List<String> names) {
        if (names.isEmpty() || names.size() > MAX_AGGREGATES) {
            throw FsxError.badRequest("Aggregates must list 1 to %d aggregates.", MAX_AGGREGATES);
        }
        names.stream().filter(name -> !AGGREGATE.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw FsxError.badRequest("Aggregate '%s' is not an aggregate name (aggr and 1 or 2 digits).", name);
        });
        if (new HashSet<>(names).size() < names.size()) {
            throw FsxError.badRequest("Each aggregate may be listed only once.");
        }
        return names;
    }
}
