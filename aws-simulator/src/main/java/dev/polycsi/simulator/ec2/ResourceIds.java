package dev.polycsi.simulator.ec2;

import java.util.List;
import java.util.regex.Pattern;

/** EC2's id shapes (short 8-digit and long 17-digit forms); a malformed id is its own error in EC2. */
final class ResourceIds {

    private static final Pattern VOLUME = Pattern.compile("vol-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SNAPSHOT = Pattern.compile("snap-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern INSTANCE = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    private ResourceIds() {
    }

    static String volume(String id) {
        return require(VOLUME, id, "InvalidVolumeID.Malformed", "vol-");
    }

    static String snapshot(String id) {
        return require(SNAPSHOT, id, "InvalidSnapshotID.Malformed", "snap-");
    }

    static String instance(String id) {
        return require(INSTANCE, id, "InvalidInstanceID.Malformed", "i-");
    }

    static List<String> volumes(List<String> ids) {
        return ids.stream().map(ResourceIds::volume).toList();
    }

    static List<String> snapshots(List<String> ids) {
        return ids.stream().map(ResourceIds::snapshot).toList();
    }

    static List<String> instances(List<String> ids) {
        return ids.stream().map(ResourceIds::instance).toList();
    }

    private static String require(Pattern pattern, String id, String code, String prefix) {
        if (!pattern.matcher(id).matches()) {
            throw Ec2Errors.malformed(code, id, prefix);
        }
        return id;
    }
}
