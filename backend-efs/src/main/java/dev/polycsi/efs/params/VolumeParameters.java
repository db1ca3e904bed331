package dev.polycsi.efs.params;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.cluster.ClusterObjects;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The StorageClass parameters of {@code backend: efs}, with aws-efs-csi-driver's names and rules.
 * Keys are case-sensitive, as in the official driver.
 */
public final class VolumeParameters {

    public static final String ACCESS_POINT_MODE = "efs-ap";
    /**
     * EFS's limits on an access point's root directory (CreateAccessPoint's RootDirectory.Path):
     * at most 100 characters and 4 directories below the file system's root, none starting with
     * '.' or holding one of {@code $#<>;`|&?{}^*}. EFS refuses anything else with a ValidationException.
     */
    static final int MAX_PATH_LENGTH = 100;
    static final int MAX_PATH_DEPTH = 4;
    private static final Pattern FORBIDDEN_IN_PATH = Pattern.compile("[$#<>;`|&?{}^*\\n]");
    /** Hex digits of the SHA-256 of a directory name that its shortened form ends in. */
    static final int NAME_HASH_LENGTH = 16;
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
                    + "that use the volumes. Exactly one of fileSystemId, fileSystemIdConfigRef and fileSystemIdSecretRef is required.",
            EfsVolumeId.FILE_SYSTEM_ID.pattern(), "fs- and 8 to 40 hex digits");
    public static final Parameter<FileSystemIdRef> FILE_SYSTEM_ID_CONFIG_REF = Parameter.custom("fileSystemIdConfigRef", "string",
            "Instead of fileSystemId: the key of a ConfigMap that holds the file system id, read when a volume is created "
                    + "(the controller's service account needs get on it). A ConfigMap or key that does not exist, or a value "
                    + "that is no file system id, is INVALID_ARGUMENT; an API server that cannot be reached is UNAVAILABLE.",
            "namespace/name/key", FileSystemIdRef::parse);
    public static final Parameter<FileSystemIdRef> FILE_SYSTEM_ID_SECRET_REF = Parameter.custom("fileSystemIdSecretRef", "string",
            "Like fileSystemIdConfigRef, from a key of a Secret (the controller's service account needs get on it). The value "
                    + "is never logged.",
            "namespace/name/key", FileSystemIdRef::parse);
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
                    + "Default: the PV name. EFS allows 4 directory levels (basePath's included) and 100 characters: a last directory "
                    + "that would not fit is cut short and ends in '-' and 16 hex digits of the SHA-256 of its full name, so the same "
                    + "name always gives the same directory and different names different ones.",
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
            .add(FILE_SYSTEM_ID_CONFIG_REF)
            .add(FILE_SYSTEM_ID_SECRET_REF)
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
        return settings(request, ClusterObjects.NONE);
    }

    /** With the file system id of fileSystemIdConfigRef or fileSystemIdSecretRef read from {@code cluster}. */
    public static AccessPointSettings settings(CreateVolumeRequest request, ClusterObjects cluster) {
        return settings(request, cluster, UUID::randomUUID);
    }

    static AccessPointSettings settings(CreateVolumeRequest request, Supplier<UUID> uuids) {
        return settings(request, ClusterObjects.NONE, uuids);
    }

    static AccessPointSettings settings(CreateVolumeRequest request, ClusterObjects cluster, Supplier<UUID> uuids) {
        Parameters p = request.parameters();
        String fileSystemId = fileSystemId(p, cluster);
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
        String basePath = p.find(BASE_PATH).orElse("/");
        String root = p.find(SUB_PATH_PATTERN)
                .map(pattern -> rootDirectory(basePath, pattern.expand(request.metadata(), request.name()),
                        p.get(ENSURE_UNIQUE_DIRECTORY) ? "-" + uuids.get() : "", SUB_PATH_PATTERN.key()))
                .orElseGet(() -> rootDirectory(basePath, request.name(), "", "name"));
        return new AccessPointSettings(fileSystemId, clientToken, reuse, p.find(UID), p.find(GID), range,
                p.get(DIRECTORY_PERMS), root, p.find(AZ), p.get(ENFORCE_ZONE_AFFINITY), p.get(ENABLE_TAGGING));
    }

    /**
     * The file system: fileSystemId, or the value fileSystemIdConfigRef or fileSystemIdSecretRef
     * points at, checked like fileSystemId. Exactly one of the three, as in the official driver.
     */
    static String fileSystemId(Parameters p, ClusterObjects cluster) {
        Optional<String> id = p.find(FILE_SYSTEM_ID);
        Optional<FileSystemIdRef> configRef = p.find(FILE_SYSTEM_ID_CONFIG_REF);
        Optional<FileSystemIdRef> secretRef = p.find(FILE_SYSTEM_ID_SECRET_REF);
        List<String> given = new ArrayList<>();
        id.ifPresent(v -> given.add(FILE_SYSTEM_ID.key()));
        configRef.ifPresent(v -> given.add(FILE_SYSTEM_ID_CONFIG_REF.key()));
        secretRef.ifPresent(v -> given.add(FILE_SYSTEM_ID_SECRET_REF.key()));
        if (given.size() != 1) {
            throw CsiException.invalidArgument("%s of parameters 'fileSystemId', 'fileSystemIdConfigRef' and 'fileSystemIdSecretRef' "
                    + "is required%s", given.isEmpty() ? "one" : "only one", given.isEmpty() ? "" : "; given: " + String.join(", ", given));
        }
        if (id.isPresent()) {
            return id.get();
        }
        boolean secret = secretRef.isPresent();
        String parameter = secret ? FILE_SYSTEM_ID_SECRET_REF.key() : FILE_SYSTEM_ID_CONFIG_REF.key();
        FileSystemIdRef ref = secret ? secretRef.get() : configRef.get();
        String kind = secret ? "Secret" : "ConfigMap";
        Optional<String> value;
        try {
            value = secret ? cluster.secretValue(ref.namespace(), ref.name(), ref.key())
                    : cluster.configMapValue(ref.namespace(), ref.name(), ref.key());
        } catch (CsiException e) {
            // UNAVAILABLE (retried), PERMISSION_DENIED (RBAC), FAILED_PRECONDITION (no Kubernetes API) keep their code
            throw new CsiException(e.code(), "parameter '%s': %s".formatted(parameter, e.getMessage()), e);
        }
        String found = value.map(String::strip).filter(v -> !v.isEmpty()).orElseThrow(() -> CsiException.invalidArgument(
                "parameter '%s': %s %s/%s does not exist or has no key '%s' with a value", parameter, kind, ref.namespace(),
                ref.name(), ref.key()));
        if (!EfsVolumeId.FILE_SYSTEM_ID.matcher(found).matches()) {
            // a Secret's value is not shown, even when it is wrong
            throw CsiException.invalidArgument("parameter '%s': key '%s' of %s %s/%s %s is not an EFS file system id (fs- and 8 to 40 "
                    + "hex digits)", parameter, ref.key(), kind, ref.namespace(), ref.name(), secret ? "holds a value that" : "('" + found + "')");
        }
        return found;
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

    /**
     * {@code /basePath/directory<suffix>}, cleaned, within EFS's limits for an access point's
     * root directory. When it would be longer than EFS allows, the last directory is cut short
     * and ends in '-' and {@value #NAME_HASH_LENGTH} hex digits of the SHA-256 of its full name,
     * then the suffix: the same name always gives the same directory, different names different
     * ones, and what is left of the name still tells which volume it is. INVALID_ARGUMENT naming
     * the parameter when even that cannot fit, or when the path is deeper than EFS allows.
     *
     * @param directory the volume's directory below basePath: the expanded subPathPattern, or the volume name
     * @param suffix    appended to the last directory and never shortened (ensureUniqueDirectory's "-uuid")
     * @param source    where {@code directory} came from: "subPathPattern" or "name" (the CreateVolume field)
     */
    static String rootDirectory(String basePath, String directory, String suffix, String source) {
        String sourceField = source.equals("name") ? "field 'name'" : "parameter '" + source + "'";
        List<String> base = components(basePath, "parameter 'basePath'");
        List<String> own = components(directory, sourceField);
        if (own.isEmpty()) {
            throw CsiException.invalidArgument("%s: the access point's directory would be the file system's root", sourceField);
        }
        List<String> all = new ArrayList<>(base);
        all.addAll(own);
        if (all.size() > MAX_PATH_DEPTH) {
            throw CsiException.invalidArgument("parameter 'basePath' and %s: the access point's directory /%s is %d directories deep; "
                    + "EFS allows %d", sourceField, String.join("/", all), all.size(), MAX_PATH_DEPTH);
        }
        String name = all.removeLast();
        String parent = all.isEmpty() ? "" : "/" + String.join("/", all);
        String whole = parent + "/" + name + suffix;
        if (whole.length() <= MAX_PATH_LENGTH) {
            return whole;
        }
        int room = MAX_PATH_LENGTH - parent.length() - 1 - suffix.length();
        if (room < NAME_HASH_LENGTH) {
            // basePath alone leaving no room is basePath's fault; otherwise the pattern's upper directories (or its suffix) are.
            int baseLength = base.isEmpty() ? 0 : 1 + String.join("/", base).length();
            String culprit = MAX_PATH_LENGTH - baseLength - 1 - suffix.length() < NAME_HASH_LENGTH ? "parameter 'basePath'" : sourceField;
            throw CsiException.invalidArgument("%s: the access point's directory %s is longer than EFS's %d characters and cannot be "
                    + "shortened to fit: %s leaves %d characters for the last directory, which needs at least %d even shortened "
                    + "(%d for the hash of its name%s)", culprit, whole, MAX_PATH_LENGTH, parent.isEmpty() ? "'/'" : "'" + parent + "'",
                    Math.max(0, MAX_PATH_LENGTH - parent.length() - 1), NAME_HASH_LENGTH + suffix.length(), NAME_HASH_LENGTH,
                    suffix.isEmpty() ? "" : ", " + suffix.length() + " for ensureUniqueDirectory's '-uuid'");
        }
        return parent + "/" + shortened(name, room) + suffix;
    }

    /** {@code name} in at most {@code room} characters (at least {@value #NAME_HASH_LENGTH}): its start, '-', a hash of all of it. */
    static String shortened(String name, int room) {
        String hash = sha256(name).substring(0, NAME_HASH_LENGTH);
        int keep = room - NAME_HASH_LENGTH - 1;
        if (keep <= 0) {
            return hash;
        }
        // Not in the middle of a character, and no "--" before the hash.
        while (keep > 0 && (Character.isHighSurrogate(name.charAt(keep - 1)) || name.charAt(keep - 1) == '-')) {
            keep--;
        }
        return keep == 0 ? hash : name.substring(0, keep) + "-" + hash;
    }

    /** The directories of a path, without empty ones and '.'; INVALID_ARGUMENT naming {@code what} for one EFS refuses. */
    private static List<String> components(String path, String what) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw CsiException.invalidArgument("%s: the directory '%s' must not contain '..'", what, path);
            }
            if (component.startsWith(".")) {
                throw CsiException.invalidArgument("%s: EFS refuses '%s' in an access point's directory: it starts with '.'",
                        what, component);
            }
            Matcher forbidden = FORBIDDEN_IN_PATH.matcher(component);
            if (forbidden.find()) {
                throw CsiException.invalidArgument("%s: EFS refuses '%s' in an access point's directory: it holds '%s'",
                        what, component.replace("\n", "\\n"), forbidden.group().replace("\n", "\\n"));
            }
            components.add(component);
        }
        return components;
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
