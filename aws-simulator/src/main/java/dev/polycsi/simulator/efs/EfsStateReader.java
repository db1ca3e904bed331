package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.state.StateNode;
import java.util.List;

/** Reads what {@link EfsStateWriter} wrote; the records validate their members as they do for requests. */
final class EfsStateReader {

    private EfsStateReader() {
    }

    static EfsState.Contents contents(StateNode root) {
        return new EfsState.Contents(
                root.objects("fileSystems").stream().map(EfsStateReader::fileSystem).toList(),
                root.objects("mountTargets").stream().map(EfsStateReader::mountTarget).toList(),
                root.objects("accessPoints").stream().map(EfsStateReader::accessPoint).toList(),
                root.longValue("sequence"),
                root.intValue("mountTargetAddressesIssued"));
    }

    private static FileSystem fileSystem(StateNode node) {
        FileSystemOptions options = new FileSystemOptions(node.string("performanceMode"), node.bool("encrypted"),
                node.optionalString("kmsKeyId"), node.string("throughputMode"), node.optionalDouble("provisionedThroughputInMibps"),
                node.optionalString("availabilityZone"));
        // files written before accounts were told apart hold the simulated account's file systems only
        return new FileSystem(node.longValue("sequence"), node.string("id"), node.string("creationToken"), options, tags(node),
                lifecycle(node.object("lifecycle")), node.optionalString("ownerId").orElse(SimulatorConfig.ACCOUNT_ID));
    }

    private static MountTarget mountTarget(StateNode node) {
        return new MountTarget(node.longValue("sequence"), node.string("id"), node.string("fileSystemId"), node.string("zone"),
                node.string("zoneId"), node.string("ipAddress"), node.string("subnetId"), node.string("vpcId"),
                node.string("networkInterfaceId"), lifecycle(node.object("lifecycle")));
    }

    private static AccessPoint accessPoint(StateNode node) {
        return new AccessPoint(node.longValue("sequence"), node.string("id"), node.string("fileSystemId"), node.string("clientToken"),
                node.optionalObject("posixUser").map(EfsStateReader::posixUser), rootDirectory(node.object("rootDirectory")), tags(node),
                lifecycle(node.object("lifecycle")));
    }

    private static PosixUser posixUser(StateNode node) {
        return new PosixUser(node.longValue("uid"), node.longValue("gid"), node.numbers("secondaryGids"));
    }

    private static RootDirectory rootDirectory(StateNode node) {
        return new RootDirectory(node.string("path"), node.optionalObject("creationInfo")
                .map(info -> new CreationInfo(info.longValue("ownerUid"), info.longValue("ownerGid"), info.string("permissions"))));
    }

    private static List<Tag> tags(StateNode node) {
        return node.objects("tags").stream().map(tag -> new Tag(tag.string("key"), tag.string("value"))).toList();
    }

    private static Lifecycle lifecycle(StateNode node) {
        return new Lifecycle(node.instant("createdAt"), node.instant("availableAt"), node.instant("visibleAt"));
    }
}
