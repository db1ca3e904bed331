package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EFS resource ids ({@code fs-}, {@code fsap-}, {@code fsmt-} and 17 hex digits) and ARNs. */
final class EfsIds {

    static final String ACCOUNT_ID = SimulatorConfig.ACCOUNT_ID;

    private static final Pattern FILE_SYSTEM =
            Pattern.compile("^(?:arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:file-system/)?(fs-[0-9a-f]{8,40})$");
    private static final Pattern ACCESS_POINT =
            Pattern.compile("^(?:arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:access-point/)?(fsap-[0-9a-f]{8,40})$");
    private static final Pattern MOUNT_TARGET = Pattern.compile("^fsmt-[0-9a-f]{8,40}$");

    private EfsIds() {
    }

    static String newFileSystemId() {
        return "fs-" + randomHex();
    }

    static String newAccessPointId() {
        return "fsap-" + randomHex();
    }

    static String newMountTargetId() {
        return "fsmt-" + randomHex();
    }

    static String newNetworkInterfaceId() {
        return "eni-" + randomHex();
    }

    static boolean isFileSystemId(String id) {
        return FILE_SYSTEM.matcher(id).matches();
    }

    static boolean isAccessPointId(String id) {
        return ACCESS_POINT.matcher(id).matches();
    }

    /** The {@code fs-…} id of an id or ARN; BadRequest if it is neither. */
    static String fileSystemId(String idOrArn) {
        return match(FILE_SYSTEM, idOrArn, "FileSystemId");
    }

    /** The {@code fsap-…} id of an id or ARN; BadRequest if it is neither. */
    static String accessPointId(String idOrArn) {
        return match(ACCESS_POINT, idOrArn, "AccessPointId");
    }

    static String mountTargetId(String id) {
        if (!MOUNT_TARGET.matcher(id).matches()) {
            throw EfsError.badRequest("MountTargetId '%s' is not a mount target id.", id);
        }
        return id;
    }

    static String fileSystemArn(String region, String fileSystemId) {
        return fileSystemArn(region, ACCOUNT_ID, fileSystemId);
    }

    static String accessPointArn(String region, String accessPointId) {
        return accessPointArn(region, ACCOUNT_ID, accessPointId);
    }

    private static String match(Pattern pattern, String idOrArn, String field) {
        Matcher m = pattern.matcher(idOrArn);
        if (!m.matches()) {
            throw EfsError.badRequest("%s '%s' is not valid.", field, idOrArn);
        }
        return m.group(1);
    }

    private static String randomHex() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    static String fileSystemArn(String region, String account, String fileSystemId) {
        return "arn:aws:elasticfilesystem:%s:%s:file-system/%s".formatted(region, account, fileSystemId);
    }

    static String accessPointArn(String region, String account, String accessPointId) {
        return "arn:aws:elasticfilesystem:%s:%s:access-point/%s".formatted(region, account, accessPointId);
    }
}
