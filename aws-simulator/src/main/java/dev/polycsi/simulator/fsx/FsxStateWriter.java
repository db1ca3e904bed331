package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.state.StateWriter;
import java.util.List;

/**
 * Writes {@link FsxState.Contents} as the members of {@code fsx.json}; {@link FsxStateReader}
 * reads them back. A file system's members are those of the files written before caches were
 * simulated; {@code fileCaches} and the tokens' {@code resourceId} (once {@code fileSystemId})
 * are new, and so are an update's {@code targetThroughput} and {@code targetMetadata} (its
 * {@code targetCapacity} now optional), and the ONTAP members {@code ontapFileSystems},
 * {@code storageVirtualMachines}, {@code volumes} and {@code backups}.
 */
final class FsxStateWriter {

    private FsxStateWriter() {
    }

    static void write(StateWriter out, FsxState.Contents contents) {
        out.number("sequence", contents.sequence())
                .objects("fileSystems", contents.fileSystems(), FsxStateWriter::fileSystem)
                .objects("fileCaches", contents.fileCaches(), FsxStateWriter::fileCache)
                .objects("ontapFileSystems", contents.ontapFileSystems(), (writer, fs) -> {
                    writer.number("sequence", fs.sequence())
                            .string("id", fs.id())
                            .instant("createdAt", fs.createdAt())
                            .stringList("aggregates", fs.aggregates());
                    tags(writer, fs.tags());
                })
                .objects("storageVirtualMachines", contents.svms(), (writer, svm) -> {
                    writer.number("sequence", svm.sequence())
                            .string("id", svm.id())
                            .string("fileSystemId", svm.fileSystemId())
                            .string("name", svm.name())
                            .string("uuid", svm.uuid())
                            .string("rootVolumeSecurityStyle", svm.rootVolumeSecurityStyle())
                            .stringList("nfsIps", svm.nfsIps())
                            .stringList("iscsiIps", svm.iscsiIps())
                            .instant("createdAt", svm.createdAt());
                    tags(writer, svm.tags());
                })
                .objects("volumes", contents.volumes(), FsxStateWriter::volume)
                .objects("backups", contents.backups(), FsxStateWriter::backup)
                .objects("clientTokens", contents.tokens(), (writer, use) -> writer
                        .string("action", use.action())
                        .string("token", use.token())
                        .strings("parameters", use.parameters())
                        .string("resourceId", use.resourceId())
                        .instant("recordedAt", use.recordedAt()));
    }

    private static void fileSystem(StateWriter out, FileSystem fs) {
        out.number("sequence", fs.sequence())
                .string("id", fs.id())
                .object("spec", writer -> spec(writer, fs.spec()));
        placement(out, fs.placement());
        out.string("mountName", fs.mountName());
        tags(out, fs.tags());
        timeline(out, fs.timeline());
        out.objects("updates", fs.updates(), FsxStateWriter::update);
    }

    private static void fileCache(StateWriter out, FileCache cache) {
        out.number("sequence", cache.sequence())
                .string("id", cache.id())
                .object("spec", writer -> writer
                        .number("storageCapacity", cache.spec().storageCapacity())
                        .string("kmsKeyId", cache.spec().kmsKeyId())
                        .string("weeklyMaintenanceStartTime", cache.spec().weeklyMaintenanceStartTime())
                        .bool("copyTagsToAssociations", cache.spec().copyTagsToAssociations()));
        placement(out, cache.placement());
        out.string("mountName", cache.mountName());
        tags(out, cache.tags());
        timeline(out, cache.timeline());
        out.objects("associations", cache.associations(), FsxStateWriter::association);
    }

    private static void volume(StateWriter out, OntapVolume volume) {
        OntapVolumeSpec spec = volume.spec();
        out.number("sequence", volume.sequence())
                .string("id", volume.id())
                .string("fileSystemId", volume.fileSystemId())
                .string("uuid", volume.uuid())
                .object("spec", writer -> writer
                        .string("name", spec.name())
                        .string("svmId", spec.svmId())
                        .optionalString("junctionPath", spec.junctionPath().orElse(null))
                        .number("sizeInBytes", spec.sizeInBytes())
                        .optionalBool("storageEfficiency", spec.storageEfficiency().orElse(null))
                        .string("securityStyle", spec.securityStyle())
                        .object("tiering", tiering -> tiering
                                .string("name", spec.tiering().name())
                                .optionalNumber("coolingPeriod", spec.tiering().coolingPeriod().orElse(null)))
                        .string("snapshotPolicy", spec.snapshotPolicy())
                        .bool("copyTagsToBackups", spec.copyTagsToBackups())
                        .string("volumeType", spec.volumeType())
                        .optionalObject("flexGroup", spec.flexGroup().orElse(null), (group, layout) -> group
                                .stringList("aggregates", layout.aggregates())
                                .number("constituentsPerAggregate", layout.constituentsPerAggregate())));
        tags(out, volume.tags());
        timeline(out, volume.timeline());
        out.objects("updates", volume.updates(), (writer, update) -> writer
                        .instant("requestTime", update.requestTime())
                        .number("targetSizeInBytes", update.targetSizeInBytes())
                        .instant("inProgressAt", update.inProgressAt())
                        .instant("completedAt", update.completedAt())
                        .optionalString("failure", update.failure().orElse(null)))
                .optionalString("pendingRestore", volume.pendingRestore().orElse(null))
                .optionalString("finalBackupId", volume.finalBackupId().orElse(null));
    }

    private static void backup(StateWriter out, OntapBackup backup) {
        out.number("sequence", backup.sequence())
                .string("id", backup.id())
                .object("volume", writer -> volume(writer, backup.volume()));
        tags(out, backup.tags());
        out.instant("createdAt", backup.createdAt())
                .instant("availableAt", backup.availableAt())
                .instant("visibleAt", backup.visibleAt())
                .optionalString("failure", backup.failure().orElse(null))
                .number("sizeInBytes", backup.sizeInBytes());
    }

    private static void association(StateWriter out, CacheAssociation association) {
        RepositoryLink link = association.link();
        out.number("sequence", association.sequence())
                .string("id", association.id())
                .string("fileCachePath", link.fileCachePath())
                .string("dataRepositoryPath", link.dataRepositoryPath())
                .stringList("subdirectories", link.subdirectories())
                .optionalObject("nfs", link.nfs().orElse(null), (writer, nfs) -> writer
                        .string("version", nfs.version())
                        .stringList("dnsIps", nfs.dnsIps()));
        tags(out, association.tags());
    }

    private static void placement(StateWriter out, Placement placement) {
        out.object("placement", writer -> writer
                .string("subnetId", placement.subnetId())
                .string("zone", placement.zone())
                .stringList("securityGroupIds", placement.securityGroupIds())
                .stringList("networkInterfaceIds", placement.networkInterfaceIds()));
    }

    private static void tags(StateWriter out, List<Tag> tags) {
        out.objects("tags", tags, (writer, tag) -> writer.string("key", tag.key()).string("value", tag.value()));
    }

    /** The timeline's instants as members of the resource, as file systems have always been saved. */
    private static void timeline(StateWriter out, Timeline timeline) {
        out.instant("createdAt", timeline.createdAt())
                .instant("availableAt", timeline.availableAt())
                .instant("visibleAt", timeline.visibleAt())
                .optionalString("createFailure", timeline.createFailure().orElse(null))
                .optionalObject("deletion", timeline.deletion().orElse(null), (writer, deletion) -> writer
                        .instant("requestedAt", deletion.requestedAt())
                        .instant("goneAt", deletion.goneAt()));
    }

    private static void spec(StateWriter out, LustreSpec spec) {
        out.number("storageCapacity", spec.storageCapacity())
                .enumValue("storageType", spec.storageType())
                .enumValue("deploymentType", spec.deploymentType())
                .optionalNumber("perUnitStorageThroughput", spec.perUnitStorageThroughput().orElse(null))
                .optionalString("driveCacheType", spec.driveCacheType().orElse(null))
                .string("dataCompressionType", spec.dataCompressionType())
                .string("weeklyMaintenanceStartTime", spec.weeklyMaintenanceStartTime())
                .object("backups", writer -> writer
                        .number("retentionDays", spec.backups().retentionDays())
                        .optionalString("dailyStartTime", spec.backups().dailyStartTime().orElse(null))
                        .bool("copyTagsToBackups", spec.backups().copyTagsToBackups()))
                .optionalObject("dataRepository", spec.dataRepository().orElse(null), (writer, repository) -> writer
                        .string("importPath", repository.importPath())
                        .string("exportPath", repository.exportPath())
                        .number("importedFileChunkSize", repository.importedFileChunkSize())
                        .string("autoImportPolicy", repository.autoImportPolicy()))
                .bool("efaEnabled", spec.efaEnabled())
                .object("log", writer -> writer
                        .string("level", spec.log().level())
                        .optionalString("destination", spec.log().destination().orElse(null)))
                .optionalObject("rootSquash", spec.rootSquash().orElse(null), (writer, squash) -> writer
                        .optionalString("rootSquash", squash.rootSquash().orElse(null))
                        .stringList("noSquashNids", squash.noSquashNids()))
                .optionalObject("metadata", spec.metadata().orElse(null), FsxStateWriter::metadata)
                .optionalString("kmsKeyId", spec.kmsKeyId().orElse(null))
                .string("fileSystemTypeVersion", spec.fileSystemTypeVersion());
    }

    private static void metadata(StateWriter out, MetadataConfiguration metadata) {
        out.string("mode", metadata.mode()).number("userIops", metadata.userIops());
    }

    private static void update(StateWriter out, FileSystemUpdate update) {
        out.instant("requestTime", update.requestTime())
                .optionalNumber("targetCapacity", update.targetCapacity().orElse(null))
                .optionalNumber("targetThroughput", update.targetThroughput().orElse(null))
                .optionalObject("targetMetadata", update.targetMetadata().orElse(null), FsxStateWriter::metadata)
                .instant("inProgressAt", update.inProgressAt())
                .instant("updatedAt", update.updatedAt())
                .instant("optimizedAt", update.optimizedAt())
                .optionalString("failure", update.failure().orElse(null));
    }
}
