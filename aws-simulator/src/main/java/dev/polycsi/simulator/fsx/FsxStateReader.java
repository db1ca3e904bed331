package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.state.StateNode;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads what {@link FsxStateWriter} wrote, and what it wrote before caches were simulated (no
 * {@code fileCaches}, tokens with {@code fileSystemId}), before throughput and metadata updates
 * were (updates with a {@code targetCapacity} only) or before ONTAP was (no ONTAP members: the
 * seeded file system and SVM as new); Tag checks its members as it does for requests.
 */
final class FsxStateReader {

    private FsxStateReader() {
    }

    static FsxState.Contents contents(StateNode root) {
        return new FsxState.Contents(
                root.objects("fileSystems").stream().map(FsxStateReader::fileSystem).toList(),
                root.has("fileCaches") ? root.objects("fileCaches").stream().map(FsxStateReader::fileCache).toList() : List.of(),
                all(root, "ontapFileSystems").stream().map(fs -> new OntapFileSystem(fs.longValue("sequence"), fs.string("id"),
                        fs.instant("createdAt"), fs.stringList("aggregates"), tags(fs))).toList(),
                all(root, "storageVirtualMachines").stream().map(svm -> new Svm(svm.longValue("sequence"), svm.string("id"),
                        svm.string("fileSystemId"), svm.string("name"), svm.string("uuid"), svm.string("rootVolumeSecurityStyle"),
                        svm.stringList("nfsIps"), svm.stringList("iscsiIps"), svm.instant("createdAt"), tags(svm))).toList(),
                all(root, "volumes").stream().map(FsxStateReader::volume).toList(),
                all(root, "backups").stream().map(backup -> new OntapBackup(backup.longValue("sequence"), backup.string("id"),
                        volume(backup.object("volume")), tags(backup), backup.instant("createdAt"), backup.instant("availableAt"),
                        backup.instant("visibleAt"), backup.optionalString("failure"), backup.longValue("sizeInBytes"))).toList(),
                root.objects("clientTokens").stream().map(use -> new ClientTokens.Use(use.string("action"), use.string("token"),
                        new TreeMap<>(use.strings("parameters")),
                        use.has("resourceId") ? use.string("resourceId") : use.string("fileSystemId"), use.instant("recordedAt"))).toList(),
                root.longValue("sequence"));
    }

    private static List<StateNode> all(StateNode root, String member) {
        return root.has(member) ? root.objects(member) : List.of();
    }

    private static OntapVolume volume(StateNode node) {
        StateNode spec = node.object("spec");
        StateNode tiering = spec.object("tiering");
        return new OntapVolume(node.longValue("sequence"), node.string("id"), node.string("fileSystemId"), node.string("uuid"),
                new OntapVolumeSpec(spec.string("name"), spec.string("svmId"), spec.optionalString("junctionPath"),
                        spec.longValue("sizeInBytes"), spec.optionalBool("storageEfficiency"),
                        spec.string("securityStyle"), new Tiering(tiering.string("name"), tiering.optionalInt("coolingPeriod")),
                        spec.string("snapshotPolicy"), spec.bool("copyTagsToBackups"), spec.string("volumeType"),
                        spec.optionalObject("flexGroup").map(group -> new FlexGroupLayout(group.stringList("aggregates"),
                                group.intValue("constituentsPerAggregate")))),
                tags(node), timeline(node),
                node.objects("updates").stream().map(update -> new VolumeUpdate(update.instant("requestTime"),
                        update.longValue("targetSizeInBytes"), update.instant("inProgressAt"), update.instant("completedAt"),
                        update.optionalString("failure"))).toList(),
                node.optionalString("pendingRestore"), node.optionalString("finalBackupId"));
    }

    private static FileSystem fileSystem(StateNode node) {
        return new FileSystem(node.longValue("sequence"), node.string("id"), spec(node.object("spec")), placement(node),
                node.string("mountName"), tags(node), timeline(node), node.objects("updates").stream().map(FsxStateReader::update).toList());
    }

    private static FileCache fileCache(StateNode node) {
        StateNode spec = node.object("spec");
        return new FileCache(node.longValue("sequence"), node.string("id"),
                new FileCacheSpec(spec.intValue("storageCapacity"), spec.string("kmsKeyId"), spec.string("weeklyMaintenanceStartTime"),
                        spec.bool("copyTagsToAssociations")),
                placement(node), node.string("mountName"), tags(node), timeline(node),
                node.objects("associations").stream().map(FsxStateReader::association).toList());
    }

    private static CacheAssociation association(StateNode node) {
        RepositoryLink link = new RepositoryLink(node.string("fileCachePath"), node.string("dataRepositoryPath"),
                node.stringList("subdirectories"),
                node.optionalObject("nfs").map(nfs -> new RepositoryLink.Nfs(nfs.string("version"), nfs.stringList("dnsIps"))));
        return new CacheAssociation(node.longValue("sequence"), node.string("id"), link, tags(node));
    }

    private static Placement placement(StateNode node) {
        StateNode placement = node.object("placement");
        return new Placement(placement.string("subnetId"), placement.string("zone"), placement.stringList("securityGroupIds"),
                placement.stringList("networkInterfaceIds"));
    }

    private static List<Tag> tags(StateNode node) {
        return node.objects("tags").stream().map(tag -> new Tag(tag.string("key"), tag.string("value"))).toList();
    }

    private static Timeline timeline(StateNode node) {
        return new Timeline(node.instant("createdAt"), node.instant("availableAt"), node.instant("visibleAt"),
                node.optionalString("createFailure"),
                node.optionalObject("deletion").map(deletion -> new Timeline.Deletion(deletion.instant("requestedAt"),
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
                node.optionalObject("metadata").map(FsxStateReader::metadata),
                node.optionalString("kmsKeyId"), node.string("fileSystemTypeVersion"));
    }

    /** Before throughput and metadata updates were simulated, every update had a targetCapacity and nothing else. */
    private static FileSystemUpdate update(StateNode node) {
        return new FileSystemUpdate(node.instant("requestTime"), node.optionalInt("targetCapacity"), node.optionalInt("targetThroughput"),
                node.optionalObject("targetMetadata").map(FsxStateReader::metadata), node.instant("inProgressAt"),
                node.instant("updatedAt"), node.instant("optimizedAt"), node.optionalString("failure"));
    }

    private static MetadataConfiguration metadata(StateNode node) {
        return new MetadataConfiguration(node.string("mode"), node.intValue("userIops"));
    }
}
