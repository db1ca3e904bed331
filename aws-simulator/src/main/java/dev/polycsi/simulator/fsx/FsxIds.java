package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FSx ids ({@code fs-}, {@code fc-}, {@code dra-}, {@code fsvol-}, {@code backup-} and 17 hex
 * digits; {@code svm-}), ARNs, DNS names and Lustre mount names as FSx forms them.
 */
final class FsxIds {

    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,}");
    static final Pattern FILE_CACHE_ID = Pattern.compile("fc-[0-9a-f]{8,}");
    static final Pattern ASSOCIATION_ID = Pattern.compile("dra-[0-9a-f]{8,}");
    /** The model's patterns: a volume id is exactly 23 characters, an SVM id 21, a backup id 12 to 128. */
    static final Pattern VOLUME_ID = Pattern.compile("fsvol-[0-9a-f]{17}");
    static final Pattern SVM_ID = Pattern.compile("svm-[0-9a-f]{17}");
    static final Pattern BACKUP_ID = Pattern.compile("backup-[0-9a-f]{8,121}");
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

    static String newVolumeId() {
        return "fsvol-" + randomHex();
    }

    static String newBackupId() {
        return "backup-" + randomHex();
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

    /** {@code …:volume/fs-…/fsvol-…}, as in the ONTAP guide's create-volume example. */
    static String volumeArn(String region, String fileSystemId, String volumeId) {
        return "arn:aws:fsx:%s:%s:volume/%s/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileSystemId, volumeId);
    }

    static String backupArn(String region, String backupId) {
        return "arn:aws:fsx:%s:%s:backup/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, backupId);
    }

    /** {@code …:storage-virtual-machine/fs-…/svm-…}, formed as a volume's (not confirmed from an SVM's own ARN). */
    static String svmArn(String region, String fileSystemId, String svmId) {
        return "arn:aws:fsx:%s:%s:storage-virtual-machine/%s/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, fileSystemId, svmId);
    }

    /** {@code svm-….fs-….fsx.<region>.amazonaws.com}, the name of an SVM's NFS, SMB and management endpoints. */
    static String svmDnsName(String region, String svmId, String fileSystemId) {
        return "%s.%s.fsx.%s.amazonaws.com".formatted(svmId, fileSystemId, region);
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

    /**
     * What a tagging ARN names: a file system, a cache, one of a cache's data repository
     * associations, an ONTAP volume or SVM (with the file system its ARN names), a backup.
     */
    sealed interface Tagged {
        record OfFileSystem(String fileSystemId) implements Tagged {}

        record OfFileCache(String fileCacheId) implements Tagged {}

        record OfAssociation(String fileCacheId, String associationId) implements Tagged {}

        record OfVolume(String fileSystemId, String volumeId) implements Tagged {}

        record OfSvm(String fileSystemId, String svmId) implements Tagged {}

        record OfBackup(String backupId) implements Tagged {}
    }

    /**
     * The resource a tagging ARN names: empty for an FSx resource that is not simulated (a file
     * system's associations, OpenZFS snapshots, …), NotServiceResourceError for another service's
     * ARN, BadRequest for no ARN at all.
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
            case "volume" -> {
                String[] parts = id.split("/", -1);
                yield parts.length == 2 && isFileSystemId(parts[0]) && VOLUME_ID.matcher(parts[1]).matches()
                        ? Optional.of(new Tagged.OfVolume(parts[0], parts[1])) : Optional.empty();
            }
            case "storage-virtual-machine" -> {
                String[] parts = id.split("/", -1);
                yield parts.length == 2 && isFileSystemId(parts[0]) && SVM_ID.matcher(parts[1]).matches()
                        ? Optional.of(new Tagged.OfSvm(parts[0], parts[1])) : Optional.empty();
            }
            case "backup" -> Optional.of(id).filter(backupId -> BACKUP_ID.matcher(backupId).matches()).map(Tagged.OfBackup::new);
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

    static String requireVolumeId(String member, String id) {
        if (!VOLUME_ID.matcher(id).matches()) {
            throw FsxError.badRequest("%s '%s' is not a volume id (fsvol- and 17 hex digits).", member, id);
        }
        return id;
    }

    static String requireSvmId(String member, String id) {
        if (!SVM_ID.matcher(id).matches()) {
            throw FsxError.badRequest("%s '%s' is not a storage virtual machine id (svm- and 17 hex digits).", member, id);
        }
        return id;
    }

    static String requireBackupId(String member, String id) {
        if (!BACKUP_ID.matcher(id).matches()) {
            throw FsxError.badRequest("%s '%s' is not a backup id (backup- and 8 to 121 hex digits).", member, id);
        }
        return id;
    }

    static String newUuid() {
        return UUID.randomUUID().toString();
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
