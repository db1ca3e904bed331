package dev.polycsi.efs.params;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a volume handle names, in aws-efs-csi-driver's form {@code fs-x[:path[:fsap-y]]}: the
 * whole file system ({@code fs-x}), a directory of it ({@code fs-x:/path}), an access point
 * ({@code fs-x::fsap-y}) or a directory below an access point's root ({@code fs-x:/path:fsap-y}).
 * polycsi's own handles carry the {@code efs:} prefix, which the core removes before the backend
 * sees the id; the official driver's unprefixed handles reach the backend unchanged.
 *
 * @param path absolute and normalised; empty when the handle names none (the mount then uses {@code /})
 */
public record EfsVolumeId(String fileSystemId, Optional<String> path, Optional<String> accessPointId) {

    public static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,40}");
    public static final Pattern ACCESS_POINT_ID = Pattern.compile("fsap-[0-9a-f]{8,40}");

    public EfsVolumeId {
        if (!FILE_SYSTEM_ID.matcher(fileSystemId).matches()) {
            throw CsiException.invalidArgument("'%s' is not an EFS file system id (fs- and 8 to 40 hex digits)", fileSystemId);
        }
        accessPointId.filter(id -> !ACCESS_POINT_ID.matcher(id).matches()).ifPresent(id -> {
            throw CsiException.invalidArgument("'%s' is not an EFS access point id (fsap- and 8 to 40 hex digits)", id);
        });
    }

    public static EfsVolumeId ofAccessPoint(String fileSystemId, String accessPointId) {
        return new EfsVolumeId(fileSystemId, Optional.empty(), Optional.of(accessPointId));
    }

    /** Parses a handle without the {@code efs:} prefix; INVALID_ARGUMENT naming the handle when it is none of the forms. */
    public static EfsVolumeId parse(String id) {
        String[] fields = id.split(":", -1);
        if (fields.length > 3) {
            throw CsiException.invalidArgument("volume id '%s' has more than three ':'-separated fields; expected fs-x[:path[:fsap-y]]", id);
        }
        if (!FILE_SYSTEM_ID.matcher(fields[0]).matches()) {
            throw CsiException.invalidArgument("volume id '%s' does not start with an EFS file system id (fs- and 8 to 40 hex digits)", id);
        }
        Optional<String> path = fields.length >= 2 && !fields[1].isEmpty() ? Optional.of(normalise(fields[1], id)) : Optional.empty();
        Optional<String> accessPoint = fields.length == 3 && !fields[2].isEmpty() ? Optional.of(fields[2]) : Optional.empty();
        return new EfsVolumeId(fields[0], path, accessPoint);
    }

    /** The id, or empty when {@code id} is none of the forms (for DeleteVolume and look-ups, where a bad id is "not there"). */
    public static Optional<EfsVolumeId> tryParse(String id) {
        try {
            return Optional.of(parse(id));
        } catch (CsiException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code handle} is one of the official driver's unprefixed forms. */
    public static boolean isForeignHandle(String handle) {
        return tryParse(handle).isPresent();
    }

    /** {@code fs-x}, {@code fs-x:/path}, {@code fs-x::fsap-y} or {@code fs-x:/path:fsap-y}. */
    public String format() {
        if (accessPointId.isPresent()) {
            return fileSystemId + ":" + path.orElse("") + ":" + accessPointId.get();
        }
        return path.map(p -> fileSystemId + ":" + p).orElse(fileSystemId);
    }

    /** The directory to mount: the handle's path, or the root (of the file system or of the access point). */
    public String mountPath() {
        return path.orElse("/");
    }

    /**
     * An absolute path without {@code .}, {@code ..} or empty components. The official driver takes
     * a relative path as relative to the root, and so does this; {@code ..} is refused rather than
     * resolved, since a handle that climbs is a mistake.
     */
    static String normalise(String path, String id) {
        StringBuilder out = new StringBuilder();
        for (String component : path.split("/")) {
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                throw CsiException.invalidArgument("volume id '%s': the path '%s' must not contain '..'", id, path);
            }
            out.append('/').append(component);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
