package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FSx ids ({@code fs-} and 17 hex digits), ARNs, DNS names and Lustre mount names as FSx forms them. */
final class FsxIds {

    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,}");
    /** Any FSx ARN: {@code arn:<partition>:fsx:<region>:<account>:<type>/<id…>}. */
    private static final Pattern FSX_ARN = Pattern.compile("arn:[^:]+:fsx:([^:]*):(\\d{12}):([a-z-]+)/(.+)");
    private static final Pattern ANY_ARN = Pattern.compile("arn:[^:]+:[^:]+:.*");
    private static final String MOUNT_NAME_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** SCRATCH_1 file systems all have this mount name. */
    static final String SCRATCH_1_MOUNT_NAME = "fsx";

    private FsxIds() {
    }

    static String newFileSystemId() {
        return "fs-" + randomHex();
    }

    static String newNetworkInterfaceId() {
        return "eni-" + randomHex();
    }

    static String fileSystemArn(String region, String fileSystemId) {
        return "arn:aws:fsx:%s:%s:file-system/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileSystemId);
    }

    /** {@code fs-….fsx.<region>.amazonaws.com}, the name clients mount with {@code @tcp:/<mount name>}. */
    static String dnsName(String region, String fileSystemId) {
        return "%s.fsx.%s.amazonaws.com".formatted(fileSystemId, region);
    }

    /**
     * A mount name unique in the region for the other deployment types. FSx does not document its
     * form; the ones seen (rotjrbmv, fmvszbmv, uvh2hbev) are five random characters and a fixed
     * three, which this imitates.
     */
    static String newMountName() {
        StringBuilder name = new StringBuilder();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            name.append(MOUNT_NAME_LETTERS.charAt(random.nextInt(MOUNT_NAME_LETTERS.length())));
        }
        return name.append("bmv").toString();
    }

    /**
     * The file system id a tagging ARN names: empty for an FSx resource that is no file system
     * (backups, volumes: none are simulated), NotServiceResourceError for another service's ARN,
     * BadRequest for no ARN at all.
     */
    static Optional<String> fileSystemOfArn(String arn) {
        Matcher m = FSX_ARN.matcher(arn);
        if (!m.matches()) {
            if (ANY_ARN.matcher(arn).matches()) {
                throw FsxError.notServiceResource(arn);
            }
            throw FsxError.badRequest("ResourceARN '%s' is not a valid ARN.", arn);
        }
        return m.group(3).equals("file-system") && FILE_SYSTEM_ID.matcher(m.group(4)).matches() ? Optional.of(m.group(4)) : Optional.empty();
    }

    static String requireFileSystemId(String id) {
        if (!FILE_SYSTEM_ID.matcher(id).matches() || id.length() > 21) {
            throw FsxError.badRequest("FileSystemId '%s' is not a file system id (fs- and 8 to 18 hex digits).", id);
        }
        return id;
    }

    private static String randomHex() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 17);
    }
}
