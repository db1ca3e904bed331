package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FSx ids ({@code fs-}, {@code fc-}, {@code dra-} and 17 hex digits), ARNs, DNS names and Lustre
 * mount names as FSx forms them.
 */
final class FsxIds {

    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,}");
    static final Pattern FILE_CACHE_ID = Pattern.compile("fc-[0-9a-f]{8,}");
    static final Pattern ASSOCIATION_ID = Pattern.compile("dra-[0-9a-f]{8,}");
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

    static String newFileCacheId() {
        return "fc-" + randomHex();
    }

    static String newAssociationId() {
        return "dra-" + randomHex();
    }

    static String newNetworkInterfaceId() {
        return "eni-" + randomHex();
    }

    static String fileSystemArn(String region, String fileSystemId) {
        return "arn:aws:fsx:%s:%s:file-system/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileSystemId);
    }

    static String fileCacheArn(String region, String fileCacheId) {
        return "arn:aws:fsx:%s:%s:file-cache/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileCacheId);
    }

    /**
     * {@code …:association/<fc-…>/<dra-…>}: the form FSx gives a Lustre file system's associations
     * ({@code association/fs-…/dra-…}), with the cache in the file system's place (not confirmed
     * from a cache's own ARN).
     */
    static String associationArn(String region, String fileCacheId, String associationId) {
        return "arn:aws:fsx:%s:%s:association/%s/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileCacheId, associationId);
    }

    /** {@code fs-….fsx.<region>.amazonaws.com} or {@code fc-…}, the name clients mount with {@code @tcp:/<mount name>}. */
    static String dnsName(String region, String resourceId) {
        return "%s.fsx.%s.amazonaws.com".formatted(resourceId, region);
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

    /** What a tagging ARN names: a file system, a cache or one of a cache's data repository associations. */
    sealed interface Tagged {
        record OfFileSystem(String fileSystemId) implements Tagged {}

        record OfFileCache(String fileCacheId) implements Tagged {}

        record OfAssociation(String fileCacheId, String associationId) implements Tagged {}
    }

    /**
     * The resource a tagging ARN names: empty for an FSx resource that is not simulated (backups,
     * volumes, a file system's associations), NotServiceResourceError for another service's ARN,
     * BadRequest for no ARN at all.
     */
    static Optional<Tagged> resourceOfArn(String arn) {
        Matcher m = FSX_ARN.matcher(arn);
        if (!m.matches()) {
            if (ANY_ARN.matcher(arn).matches()) {
                throw FsxError.notServiceResource(arn);
            }
            throw FsxError.badRequest("ResourceARN '%s' is not a valid ARN.", arn);
        }
        String id = m.group(4);
        return switch (m.group(3)) {
            case "file-system" -> Optional.of(id).filter(FsxIds::isFileSystemId).map(Tagged.OfFileSystem::new);
            case "file-cache" -> Optional.of(id).filter(FsxIds::isFileCacheId).map(Tagged.OfFileCache::new);
            case "association" -> {
                String[] parts = id.split("/", -1);
                yield parts.length == 2 && isFileCacheId(parts[0]) && ASSOCIATION_ID.matcher(parts[1]).matches()
                        ? Optional.of(new Tagged.OfAssociation(parts[0], parts[1])) : Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    static String requireFileSystemId(String id) {
        if (!isFileSystemId(id)) {
            throw FsxError.badRequest("FileSystemId '%s' is not a file system id (fs- and 8 to 18 hex digits).", id);
        }
        return id;
    }

    static String requireFileCacheId(String id) {
        if (!isFileCacheId(id)) {
            throw FsxError.badRequest("FileCacheId '%s' is not a cache id (fc- and 8 to 18 hex digits).", id);
        }
        return id;
    }

    static String requireAssociationId(String id) {
        if (!ASSOCIATION_ID.matcher(id).matches() || id.length() > 23) {
            throw FsxError.badRequest("AssociationId '%s' is not a data repository association id (dra- and 8 to 19 hex digits).", id);
        }
        return id;
    }

    private static boolean isFileSystemId(String id) {
        return FILE_SYSTEM_ID.matcher(id).matches() && id.length() <= 21;
    }

    private static boolean isFileCacheId(String id) {
        return FILE_CACHE_ID.matcher(id).matches() && id.length() <= 21;
    }

    private static String randomHex() {
        byte[] bytes = new byte[9];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 17);
    }
}
