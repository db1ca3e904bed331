package dev.polycsi.efs.params;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The StorageClass parameters of {@code backend: efs}, with aws-efs-csi-driver's names and rules.
 * Keys are case-sensitive, as in the official driver.
 */
public final class VolumeParameters {

    public static final String ACCESS_POINT_MODE = "efs-ap";
    /** EFS's limits on an access point's root directory path. */
    static final int MAX_PATH_LENGTH = 100;
    static final int MAX_PATH_SLASHES = 5;
    /** CreateAccessPoint's ClientToken: 1 to 64 characters. */
    static final int MAX_CLIENT_TOKEN = 64;
    static final long MAX_POSIX_ID = 4_294_967_295L;

    public static final Parameter<String> PROVISIONING_MODE = Parameter.custom("provisioningMode", "enum",
            "How volumes are provisioned: efs-ap, one EFS access point per volume, with its own root directory and POSIX user.",
            "efs-ap", value -> {
                if (!value.equals(ACCESS_POINT_MODE)) {
                    throw new IllegalArgumentException("only efs-ap (access points) is supported");
                }
                return value;
            }).required();
    public static final Parameter<String> FILE_SYSTEM_ID = Parameter.matching("fileSystemId",
            "The EFS file system the access points are created in. It must have a mount target in the zones of the nodes "
                    + "that use the volumes. (fileSystemIdConfigRef and fileSystemIdSecretRef are not supported.)",
            EfsVolumeId.FILE_SYSTEM_ID.pattern(), "fs- and 8 to 40 hex digits").required();
    public static final Parameter<String> DIRECTORY_PERMS = Parameter.matching("directoryPerms",
            "Permissions of the access point's root directory, which EFS creates on the first mount, owned by uid:gid. "
                    + "The official driver leaves it unset (and EFS then refuses the access point); 700 here.",
            "[0-7]{3,4}", "3 or 4 octal digits, e.g. 700 or 0755").withDefault("700");
    public static final Parameter<Long> UID = Parameter.integer("uid",
            "POSIX user id of the access point: every file operation through it acts as this user, and the root directory "
                    + "is owned by it. Default: the allocated GID.", 0, MAX_POSIX_ID);
    public static final Parameter<Long> GID = Parameter.integer("gid",
            "POSIX group id of the access point and owner group of its root directory. Default: the lowest GID of "
                    + "gidRangeStart..gidRangeEnd that no access point of the file system uses.", 0, MAX_POSIX_ID);
    public static final Parameter<Long> GID_RANGE_START = Parameter.integer("gidRangeStart",
            "First GID the controller allocates from (when uid or gid is not given). Give both ends or neither; default 50000.",
            1, MAX_POSIX_ID);
    public static final Parameter<Long> GID_RANGE_END = Parameter.integer("gidRangeEnd",
            "Last GID the controller allocates, included; above gidRangeStart. Default 60000 (the official code's; its docs say 7000000). "
                    + "GIDs in use are read from DescribeAccessPoints of the file system, so a restarted controller never hands "
                    + "out a GID a live access point has.", 1, MAX_POSIX_ID);
    public static final Parameter<String> BASE_PATH = Parameter.custom("basePath", "string",
            "Directory of the file system under which the access points' root directories are made. Default: the root.",
            "a path without '..'", VolumeParameters::decodeBasePath);
    public static final Parameter<SubPathPattern> SUB_PATH_PATTERN = Parameter.custom("subPathPattern", "string",
            "The root directory's path below basePath, from ${.PVC.name}, ${.PVC.namespace} and ${.PV.name} (e.g. "
                    + "${.PVC.namespace}/${.PVC.name}); the PVC's names need the external-provisioner's --extra-create-metadata. "
                    + "Default: the PV name. The whole path may have at most 100 characters and 5 '/'.",
            "text with ${.PVC.name}, ${.PVC.namespace}, ${.PV.name}", SubPathPattern::decode);
    public static final Parameter<Boolean> ENSURE_UNIQUE_DIRECTORY = Parameter.bool("ensureUniqueDirectory",
            "With subPathPattern: append '-' and a random UUID to the directory, so that two volumes never share one. "
                    + "Set false to reuse the directory a pattern names (e.g. the same PVC again). Without subPathPattern the "
                    + "directory is the PV name and this has no effect.").withDefault(true);
    public static final Parameter<Boolean> REUSE_ACCESS_POINT = Parameter.bool("reuseAccessPoint",
            "Take the access point made for a PVC of the same name (ClientToken sha256 of the PVC name) instead of a new one, "
                    + "e.g. from another cluster. Needs the external-provisioner's --extra-create-metadata.").withDefault(false);
    public static final Parameter<String> AZ = Parameter.matching("az",
            "Zone whose mount target the volume is mounted through: its address goes into the volume context as mounttargetip. "
                    + "The file system must have a mount target there.",
            "[a-z]{2}(-[a-z]+)+-\\d[a-z]", "an availability zone name, e.g. us-east-1a");
    public static final Parameter<Boolean> ENFORCE_ZONE_AFFINITY = Parameter.bool("enforceZoneAffinity",
            "Make the volume accessible only in the zones where the file system has mount targets (One Zone file systems: "
                    + "its zone; with az: that zone), so that pods are scheduled where the mount works.").withDefault(false);
    public static final Parameter<Boolean> ENABLE_TAGGING = Parameter.bool("enableTagging",
            "Tag the access points (efs.csi.aws.com/cluster=true, the driver's tags, and polycsi.dev/capacity-bytes, which "
                    + "lets a repeated CreateVolume with another size be refused). Set false where the controller's role "
                    + "lacks elasticfilesystem:TagResource.").withDefault(true);

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(PROVISIONING_MODE)
            .add(FILE_SYSTEM_ID)
            .add(DIRECTORY_PERMS)
            .add(UID)
            .add(GID)
            .add(GID_RANGE_START)
            .add(GID_RANGE_END)
            .add(BASE_PATH)
            .add(SUB_PATH_PATTERN)
            .add(ENSURE_UNIQUE_DIRECTORY)
            .add(REUSE_ACCESS_POINT)
            .add(AZ)
            .add(ENFORCE_ZONE_AFFINITY)
            .add(ENABLE_TAGGING)
            .build();

    private VolumeParameters() {
    }

    /** The access point a CreateVolume asks for; every bad combination is INVALID_ARGUMENT naming a key. */
    public static AccessPointSettings settings(CreateVolumeRequest request) {
        return settings(request, UUID::randomUUID);
    }

    static AccessPointSettings settings(CreateVolumeRequest request, Supplier<UUID> uuids) {
        Parameters p = request.parameters();
        GidRange range = gidRange(p);
        boolean reuse = p.get(REUSE_ACCESS_POINT);
        String clientToken;
        if (reuse) {
            if (request.metadata().pvcName().isEmpty()) {
                throw CsiException.invalidArgument("parameter 'reuseAccessPoint' needs the PVC name, which the request does not carry: "
                        + "start the external-provisioner with --extra-create-metadata");
            }
            clientToken = sha256(request.metadata().pvcName());
        } else {
            clientToken = request.name().length() <= MAX_CLIENT_TOKEN ? request.name() : sha256(request.name());
        }
        String directory = p.find(SUB_PATH_PATTERN)
                .map(pattern -> {
                    String expanded = pattern.expand(request.metadata(), request.name());
                    return p.get(ENSURE_UNIQUE_DIRECTORY) ? expanded + "-" + uuids.get() : expanded;
                })
                .orElse(request.name());
        String root = rootDirectory(p.find(BASE_PATH).orElse("/"), directory);
        return new AccessPointSettings(p.get(FILE_SYSTEM_ID), clientToken, reuse, p.find(UID), p.find(GID), range,
                p.get(DIRECTORY_PERMS), root, p.find(AZ), p.get(ENFORCE_ZONE_AFFINITY), p.get(ENABLE_TAGGING));
    }

    static GidRange gidRange(Parameters p) {
        Optional<Long> start = p.find(GID_RANGE_START);
        Optional<Long> end = p.find(GID_RANGE_END);
        if (start.isPresent() != end.isPresent()) {
            String missing = start.isPresent() ? GID_RANGE_END.key() : GID_RANGE_START.key();
            String given = start.isPresent() ? GID_RANGE_START.key() : GID_RANGE_END.key();
            throw CsiException.invalidArgument("parameter '%s' is required with '%s'", missing, given);
        }
        if (start.isEmpty()) {
            return GidRange.DEFAULT;
        }
        if (end.get() <= start.get()) {
            throw CsiException.invalidArgument("parameter 'gidRangeEnd' (%d) must be greater than 'gidRangeStart' (%d)", end.get(), start.get());
        }
        return new GidRange(start.get(), end.get());
    }

    /** {@code /basePath/directory}, cleaned, within EFS's limits for an access point's path. */
    static String rootDirectory(String basePath, String directory) {
        StringBuilder path = new StringBuilder();
        for (String component : (basePath + "/" + directory).split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                if (component.equals("..")) {
                    throw CsiException.invalidArgument("parameter 'subPathPattern': the directory '%s' must not contain '..'", directory);
                }
                path.append('/').append(component);
            }
        }
        String root = path.isEmpty() ? "/" : path.toString();
        if (root.equals("/")) {
            throw CsiException.invalidArgument("parameter 'subPathPattern': the access point's directory would be the file system's root");
        }
        if (root.length() > MAX_PATH_LENGTH) {
            throw CsiException.invalidArgument("parameters 'basePath' and 'subPathPattern': the access point's directory %s "
                    + "(basePath, then subPathPattern or else the volume name) is longer than EFS's %d characters", root, MAX_PATH_LENGTH);
        }
        if (root.chars().filter(c -> c == '/').count() > MAX_PATH_SLASHES) {
            throw CsiException.invalidArgument("parameters 'basePath' and 'subPathPattern': the access point's directory %s "
                    + "is deeper than EFS's limit of %d '/'", root, MAX_PATH_SLASHES);
        }
        return root;
    }

    private static String decodeBasePath(String value) {
        for (String component : value.split("/")) {
            if (component.equals("..")) {
                throw new IllegalArgumentException("'..' is not allowed");
            }
        }
        if (value.contains("${")) {
            throw new IllegalArgumentException("placeholders belong in subPathPattern");
        }
        return value;
    }

    /** 64 hex digits, as the official driver makes reuseAccessPoint's ClientToken. */
    public static String sha256(String text) {
        return ClientTokens.sha256(text);
    }
}
