package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The Lustre settings that CreateFileSystem sets and UpdateFileSystem may change at once:
 * maintenance window, automatic backups, compression, logging and root squash, read from a
 * {@code LustreConfiguration} object and checked as FSx checks them.
 */
final class LustreSettings {

    private static final Pattern ROOT_SQUASH = Pattern.compile("([0-9]{1,10}):([0-9]{1,10})");
    private static final Pattern NID = Pattern.compile("([0-9\\[\\]\\-]*\\.){3}([0-9\\[\\]\\-]*)@tcp");
    private static final Pattern LOG_GROUP = Pattern.compile("arn:aws[a-z-]*:logs:[a-z0-9-]+:\\d{12}:log-group:(/aws/fsx[^:]*)(:\\*)?");
    /** FSx picks a backup window when the caller gives none; this one is as good as any. */
    private static final String DEFAULT_BACKUP_START = "03:00";
    private static final int MAX_NO_SQUASH_NIDS = 64;

    private LustreSettings() {
    }

    /** {@code d:HH:MM}; FSx picks a random window when none is given. */
    static String weeklyMaintenance(JsonRequest lustre, Optional<String> current) {
        return FsxFields.matching(lustre, "WeeklyMaintenanceStartTime", FsxFields.WEEKLY_TIME, "d:HH:MM")
                .or(() -> current)
                .orElseGet(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    return "%d:%02d:%02d".formatted(random.nextInt(1, 8), random.nextInt(24), random.nextInt(2) * 30);
                });
    }

    static String dataCompression(JsonRequest lustre, String current) {
        return FsxFields.oneOf(lustre, "DataCompressionType", List.of("NONE", "LZ4")).orElse(current);
    }

    /** Backups are for persistent file systems that are not linked to S3; the daily window needs a retention. */
    static Backups backups(JsonRequest lustre, DeploymentType deployment, boolean s3Linked, Backups current) {
        int retention = FsxFields.intInRange(lustre, "AutomaticBackupRetentionDays", 0, 90).orElse(current.retentionDays());
        Optional<String> start = FsxFields.matching(lustre, "DailyAutomaticBackupStartTime", FsxFields.DAILY_TIME, "HH:MM");
        boolean copyTags = lustre.bool("CopyTagsToBackups").orElse(current.copyTagsToBackups());
        boolean asked = retention > 0 || start.isPresent() || copyTags;
        if (asked && !deployment.persistent()) {
            throw FsxError.badRequest("Automatic backups are not supported for file systems with deployment type %s.", deployment);
        }
        if (asked && s3Linked) {
            throw FsxError.badRequest("Backups cannot be enabled on file systems linked to an Amazon S3 data repository.");
        }
        if (start.isPresent() && retention == 0) {
            throw FsxError.badRequest("DailyAutomaticBackupStartTime can be set only when AutomaticBackupRetentionDays is greater than 0.");
        }
        if (retention == 0) {
            return new Backups(0, Optional.empty(), copyTags);
        }
        return new Backups(retention, start.or(current::dailyStartTime).or(() -> Optional.of(DEFAULT_BACKUP_START)), copyTags);
    }

    /** Level is required; an enabled log goes to the given log group under /aws/fsx, or FSx's default one. */
    static Optional<LogSettings> log(JsonRequest lustre, String region, String accountId) {
        return lustre.object("LogConfiguration").map(log -> {
            String level = FsxFields.oneOf(log, "Level", List.of("DISABLED", "WARN_ONLY", "ERROR_ONLY", "WARN_ERROR"))
                    .orElseThrow(() -> FsxError.badRequest("Level is required in LogConfiguration."));
            Optional<String> destination = log.string("Destination");
            destination.filter(arn -> !LOG_GROUP.matcher(arn).matches()).ifPresent(arn -> {
                throw FsxError.badRequest("The log destination '%s' must be the ARN of a CloudWatch Logs log group whose name begins with /aws/fsx.",
                        arn);
            });
            if (level.equals("DISABLED")) {
                return LogSettings.DISABLED;
            }
            return new LogSettings(level, Optional.of(destination.orElse(
                    "arn:aws:logs:%s:%s:log-group:/aws/fsx/lustre".formatted(region, accountId))));
        });
    }

    static Optional<RootSquash> rootSquash(JsonRequest lustre) {
        return lustre.object("RootSquashConfiguration").map(config -> {
            Optional<String> squash = FsxFields.matching(config, "RootSquash", ROOT_SQUASH, "UID:GID");
            List<String> nids = config.strings("NoSquashNids");
            if (nids.size() > MAX_NO_SQUASH_NIDS) {
                throw FsxError.badRequest("NoSquashNids can list at most %d NIDs.", MAX_NO_SQUASH_NIDS);
            }
            nids.stream().filter(nid -> !NID.matcher(nid).matches()).findFirst().ifPresent(nid -> {
                throw FsxError.badRequest("NoSquashNids entry '%s' is not a Lustre NID such as 10.0.1.6@tcp.", nid);
            });
            return new RootSquash(squash, nids);
        });
    }
}
