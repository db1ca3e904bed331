package dev.polycsi.fsx.lustre.params;

import java.util.Optional;

/**
 * Automatic backups of a persistent file system not linked to S3.
 *
 * @param retentionDays  AutomaticBackupRetentionDays, 0 (none) to 90; always sent, because FSx's
 *                       model gives two different defaults for it
 * @param dailyStartTime DailyAutomaticBackupStartTime, HH:MM UTC; only with retention above 0
 * @param copyTags       CopyTagsToBackups
 */
public record BackupSettings(int retentionDays, Optional<String> dailyStartTime, boolean copyTags) {

    public static final BackupSettings NONE = new BackupSettings(0, Optional.empty(), false);

    public BackupSettings {
        if (retentionDays < 0 || retentionDays > 90) {
            throw new IllegalArgumentException("retention days " + retentionDays + " outside 0..90");
        }
        if (dailyStartTime.isPresent() && retentionDays == 0) {
            throw new IllegalArgumentException("a daily backup time without backups");
        }
    }
}
