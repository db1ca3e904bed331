package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.state.StateWriter;

/** Writes {@link FsxState.Contents} as the members of {@code fsx.json}; {@link FsxStateReader} reads them back. */
final class FsxStateWriter {

    private FsxStateWriter() {
    }

    static void write(StateWriter out, FsxState.Contents contents) {
        out.number("sequence", contents.sequence())
                .objects("fileSystems", contents.fileSystems(), FsxStateWriter::fileSystem)
                .objects("clientTokens", contents.tokens(), (writer, use) -> writer
                        .string("action", use.action())
                        .string("token", use.token())
                        .strings("parameters", use.parameters())
                        .string("fileSystemId", use.fileSystemId())
                        .instant("recordedAt", use.recordedAt()));
    }

    private static void fileSystem(StateWriter out, FileSystem fs) {
        out.number("sequence", fs.sequence())
                .string("id", fs.id())
                .object("spec", writer -> spec(writer, fs.spec()))
                .object("placement", writer -> writer
                        .string("subnetId", fs.placement().subnetId())
                        .string("zone", fs.placement().zone())
                        .stringList("securityGroupIds", fs.placement().securityGroupIds())
                        .stringList("networkInterfaceIds", fs.placement().networkInterfaceIds()))
                .string("mountName", fs.mountName())
                .objects("tags", fs.tags(), (writer, tag) -> writer.string("key", tag.key()).string("value", tag.value()))
                .instant("createdAt", fs.createdAt())
                .instant("availableAt", fs.availableAt())
                .instant("visibleAt", fs.visibleAt())
                .optionalString("createFailure", fs.createFailure().orElse(null))
                .objects("updates", fs.updates(), FsxStateWriter::update)
                .optionalObject("deletion", fs.deletion().orElse(null), (writer, deletion) -> writer
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
                .optionalObject("metadata", spec.metadata().orElse(null), (writer, metadata) -> writer
                        .string("mode", metadata.mode())
                        .number("userIops", metadata.userIops()))
                .optionalString("kmsKeyId", spec.kmsKeyId().orElse(null))
                .string("fileSystemTypeVersion", spec.fileSystemTypeVersion());
    }

    private static void update(StateWriter out, CapacityUpdate update) {
        out.instant("requestTime", update.requestTime())
                .number("targetCapacity", update.targetCapacity())
                .instant("inProgressAt", update.inProgressAt())
                .instant("updatedAt", update.updatedAt())
                .instant("optimizedAt", update.optimizedAt())
                .optionalString("failure", update.failure().orElse(null));
    }
}
