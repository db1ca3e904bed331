package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The {@code Backup} shape of a user-initiated backup of an ONTAP volume: its lifecycle and
 * ProgressPercent now, the file system it was taken on, and the volume as it was when taken.
 */
final class BackupJson {

    private final String region;
    private final String kmsKeyId;
    private final OntapJson ontapJson;
    private final VolumeJson volumeJson;

    BackupJson(String region) {
        this.region = region;
        this.kmsKeyId = "arn:aws:kms:%s:%s:key/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, FsxDefaults.AWS_FSX_KEY_ID);
        this.ontapJson = new OntapJson(region);
        this.volumeJson = new VolumeJson(region);
    }

    /** {@code fileSystem}: the backed-up volume's, as it is now (the simulator's is always there). */
    void write(JsonWriter writer, OntapBackup backup, Optional<OntapFileSystem> fileSystem, Instant now) {
        write(writer, backup, fileSystem, backup.lifecycle(now), backup.progressPercent(now));
    }

    /** As FSx answers CreateBackup: CREATING at 0 %, however short the delay. */
    void writeCreating(JsonWriter writer, OntapBackup backup, Optional<OntapFileSystem> fileSystem) {
        write(writer, backup, fileSystem, OntapBackup.CREATING, 0);
    }

    private void write(JsonWriter writer, OntapBackup backup, Optional<OntapFileSystem> fileSystem, String lifecycle, int progress) {
        writer.writeStartObject();
        FsxJson.field(writer, "BackupId", backup.id());
        FsxJson.field(writer, "Lifecycle", lifecycle);
        if (lifecycle.equals(OntapBackup.FAILED)) {
            FsxJson.failureDetails(writer, backup.failure().orElseThrow());
        } else {
            FsxJson.field(writer, "ProgressPercent", progress);
        }
        FsxJson.field(writer, "Type", "USER_INITIATED");
        writer.writeFieldName("CreationTime").writeValue(backup.createdAt());
        FsxJson.field(writer, "KmsKeyId", kmsKeyId);
        FsxJson.field(writer, "ResourceARN", FsxIds.backupArn(region, backup.id()));
        FsxJson.tags(writer, backup.tags());
        fileSystem.ifPresent(fs -> {
            writer.writeFieldName("FileSystem");
            ontapJson.writeFileSystem(writer, fs);
        });
        FsxJson.field(writer, "OwnerId", SimulatorConfig.ACCOUNT_ID);
        FsxJson.field(writer, "ResourceType", "VOLUME");
        writer.writeFieldName("Volume");
        volumeJson.write(writer, backup.volume(), backup.createdAt());
        FsxJson.field(writer, "SizeInBytes", backup.sizeInBytes());
        writer.writeEndObject();
    }
}
