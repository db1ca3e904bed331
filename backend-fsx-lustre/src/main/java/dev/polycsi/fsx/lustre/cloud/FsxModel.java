package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.lustre.params.BackupSettings;
import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.LustreSettings;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionFailureDetails;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemLustreMetadataConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemRequest;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemFailureDetails;
import software.amazon.awssdk.services.fsx.model.FileSystemLustreMetadataConfiguration;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.LustreFileSystemConfiguration;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.UpdateFileSystemLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.UpdateFileSystemLustreMetadataConfiguration;

/** The SDK's FSx shapes to the backend's types and back; the only place that knows both. */
final class FsxModel {

    private FsxModel() {
    }

    /**
     * CreateFileSystem for {@code request}. A setting left empty is not sent, so that FSx applies
     * its own default, as the official driver leaves them out; the same request always makes the
     * same body, which the client token's idempotency compares.
     */
    static CreateFileSystemRequest createRequest(NewFileSystem request) {
        LustreSettings settings = request.settings();
        CreateFileSystemLustreConfiguration.Builder lustre = CreateFileSystemLustreConfiguration.builder();
        settings.deploymentType().ifPresent(type -> lustre.deploymentType(type.name()));
        settings.perUnitStorageThroughput().ifPresent(lustre::perUnitStorageThroughput);
        settings.driveCacheType().ifPresent(type -> lustre.driveCacheType(type.name()));
        settings.dataCompressionType().ifPresent(type -> lustre.dataCompressionType(type.name()));
        settings.backups().ifPresent(backups -> backups(lustre, backups));
        settings.weeklyMaintenanceStartTime().ifPresent(lustre::weeklyMaintenanceStartTime);
        settings.dataRepository().ifPresent(repository -> {
            lustre.importPath(repository.importPath());
            repository.exportPath().ifPresent(lustre::exportPath);
            repository.autoImportPolicy().ifPresent(policy -> lustre.autoImportPolicy(policy.name()));
        });
        if (settings.efaEnabled()) {
            lustre.efaEnabled(true);
        }
        settings.metadata().ifPresent(metadata -> lustre.metadataConfiguration(CreateFileSystemLustreMetadataConfiguration.builder()
                .mode(metadata.mode().name()).iops(metadata.iops().orElse(null)).build()));

        CreateFileSystemRequest.Builder create = CreateFileSystemRequest.builder()
                .clientRequestToken(request.clientToken())
                .fileSystemType(FileSystemType.LUSTRE)
                .storageCapacity(Math.toIntExact(request.storageCapacityGiB()))
                .subnetIds(settings.subnetId())
                // never empty: the controller adds CSIVolumeName, and FSx refuses an empty list
                .tags(request.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .lustreConfiguration(lustre.build());
        settings.storageType().ifPresent(type -> create.storageType(type.name()));
        if (!settings.securityGroupIds().isEmpty()) {
            create.securityGroupIds(settings.securityGroupIds());
        }
        settings.kmsKeyId().ifPresent(create::kmsKeyId);
        settings.fileSystemTypeVersion().ifPresent(version -> create.fileSystemTypeVersion(version.wire()));
        return create.build();
    }

    private static void backups(CreateFileSystemLustreConfiguration.Builder lustre, BackupSettings backups) {
        // always sent: FSx's model gives two different defaults for it
        lustre.automaticBackupRetentionDays(backups.retentionDays());
        backups.dailyStartTime().ifPresent(lustre::dailyAutomaticBackupStartTime);
        if (backups.copyTags()) {
            lustre.copyTagsToBackups(true);
        }
    }

    /** UpdateFileSystem's LustreConfiguration for a throughput or metadata change. */
    static UpdateFileSystemLustreConfiguration updateRequest(LustreChange change) {
        UpdateFileSystemLustreConfiguration.Builder lustre = UpdateFileSystemLustreConfiguration.builder();
        change.perUnitStorageThroughput().ifPresent(lustre::perUnitStorageThroughput);
        change.metadata().ifPresent(metadata -> lustre.metadataConfiguration(UpdateFileSystemLustreMetadataConfiguration.builder()
                .mode(metadata.mode().name()).iops(metadata.iops().orElse(null)).build()));
        return lustre.build();
    }

    static LustreFileSystem fileSystem(FileSystem fs) {
        LustreFileSystemConfiguration lustre = fs.lustreConfiguration() == null
                ? LustreFileSystemConfiguration.builder().build() : fs.lustreConfiguration();
        Optional<FileSystemLustreMetadataConfiguration> metadata = Optional.ofNullable(lustre.metadataConfiguration());
        Map<String, String> tags = new LinkedHashMap<>();
        fs.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
        return new LustreFileSystem(
                fs.fileSystemId(),
                Lifecycle.of(fs.lifecycleAsString()),
                Optional.ofNullable(fs.failureDetails()).map(FileSystemFailureDetails::message),
                fs.storageCapacity() == null ? 0 : fs.storageCapacity(),
                nonNull(lustre.deploymentTypeAsString()),
                nonNull(fs.storageTypeAsString()),
                Optional.ofNullable(lustre.perUnitStorageThroughput()),
                Optional.ofNullable(lustre.driveCacheTypeAsString()),
                Boolean.TRUE.equals(lustre.efaEnabled()),
                metadata.flatMap(m -> mode(m.modeAsString())),
                metadata.map(FileSystemLustreMetadataConfiguration::iops),
                fs.subnetIds(),
                nonNull(fs.dnsName()),
                nonNull(lustre.mountName()),
                Optional.ofNullable(fs.fileSystemTypeVersion()),
                Optional.ofNullable(lustre.dataRepositoryConfiguration()).map(repository -> repository.importPath()),
                tags,
                fs.creationTime() == null ? Instant.EPOCH : fs.creationTime(),
                fs.administrativeActions().stream().map(FsxModel::action).toList());
    }

    private static FileSystemAction action(AdministrativeAction action) {
        Optional<FileSystem> target = Optional.ofNullable(action.targetFileSystemValues());
        Optional<LustreFileSystemConfiguration> lustre = target.map(FileSystem::lustreConfiguration);
        Optional<FileSystemLustreMetadataConfiguration> metadata = lustre.map(LustreFileSystemConfiguration::metadataConfiguration);
        return new FileSystemAction(
                nonNull(action.administrativeActionTypeAsString()),
                nonNull(action.statusAsString()),
                action.requestTime() == null ? Instant.EPOCH : action.requestTime(),
                target.map(FileSystem::storageCapacity),
                lustre.map(LustreFileSystemConfiguration::perUnitStorageThroughput),
                metadata.flatMap(m -> mode(m.modeAsString())),
                metadata.map(FileSystemLustreMetadataConfiguration::iops),
                Optional.ofNullable(action.progressPercent()),
                Optional.ofNullable(action.failureDetails()).map(AdministrativeActionFailureDetails::message));
    }

    private static Optional<MetadataMode> mode(String value) {
        for (MetadataMode mode : MetadataMode.values()) {
            if (mode.name().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
