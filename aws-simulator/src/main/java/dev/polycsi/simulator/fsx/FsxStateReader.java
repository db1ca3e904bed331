package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.state.StateNode;
import java.util.TreeMap;

/** Reads what {@link FsxStateWriter} wrote; Tag checks its members as it does for requests. */
final class FsxStateReader {

    private FsxStateReader() {
    }

    static FsxState.Contents contents(StateNode root) {
        return new FsxState.Contents(
                root.objects("fileSystems").stream().map(FsxStateReader::fileSystem).toList(),
                root.objects("clientTokens").stream().map(use -> new ClientTokens.Use(use.string("action"), use.string("token"),
                        new TreeMap<>(use.strings("parameters")), use.string("fileSystemId"), use.instant("recordedAt"))).toList(),
                root.longValue("sequence"));
    }

    private static FileSystem fileSystem(StateNode node) {
        StateNode placement = node.object("placement");
        return new FileSystem(node.longValue("sequence"), node.string("id"), spec(node.object("spec")),
                new Placement(placement.string("subnetId"), placement.string("zone"), placement.stringList("securityGroupIds"),
                        placement.stringList("networkInterfaceIds")),
                node.string("mountName"),
                node.objects("tags").stream().map(tag -> new Tag(tag.string("key"), tag.string("value"))).toList(),
                node.instant("createdAt"), node.instant("availableAt"), node.instant("visibleAt"), node.optionalString("createFailure"),
                node.objects("updates").stream().map(FsxStateReader::update).toList(),
                node.optionalObject("deletion").map(deletion -> new FileSystem.Deletion(deletion.instant("requestedAt"),
                        deletion.instant("goneAt"))));
    }

    private static LustreSpec spec(StateNode node) {
        StateNode backups = node.object("backups");
        StateNode log = node.object("log");
        return new LustreSpec(node.intValue("storageCapacity"), node.enumValue("storageType", StorageType.class),
                node.enumValue("deploymentType", DeploymentType.class), node.optionalInt("perUnitStorageThroughput"),
                node.optionalString("driveCacheType"), node.string("dataCompressionType"), node.string("weeklyMaintenanceStartTime"),
                new Backups(backups.intValue("retentionDays"), backups.optionalString("dailyStartTime"), backups.bool("copyTagsToBackups")),
                node.optionalObject("dataRepository").map(repository -> new DataRepository(repository.string("importPath"),
                        repository.string("exportPath"), repository.intValue("importedFileChunkSize"), repository.string("autoImportPolicy"))),
                node.bool("efaEnabled"),
                new LogSettings(log.string("level"), log.optionalString("destination")),
                node.optionalObject("rootSquash").map(squash -> new RootSquash(squash.optionalString("rootSquash"),
                        squash.stringList("noSquashNids"))),
                node.optionalObject("metadata").map(metadata -> new MetadataConfiguration(metadata.string("mode"), metadata.intValue("userIops"))),
                node.optionalString("kmsKeyId"), node.string("fileSystemTypeVersion"));
    }

    private static CapacityUpdate update(StateNode node) {
        return new CapacityUpdate(node.instant("requestTime"), node.intValue("targetCapacity"), node.instant("inProgressAt"),
                node.instant("updatedAt"), node.instant("optimizedAt"), node.optionalString("failure"));
    }
}
