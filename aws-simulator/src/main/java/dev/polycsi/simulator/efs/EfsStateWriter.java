package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.state.StateWriter;
import java.util.List;

/** Writes {@link EfsState.Contents} as the members of {@code efs.json}; {@link EfsStateReader} reads them back. */
final class EfsStateWriter {

    private EfsStateWriter() {
    }

    static void write(StateWriter out, EfsState.Contents contents) {
        out.number("sequence", contents.sequence())
                .number("mountTargetAddressesIssued", contents.addressesIssued())
                .objects("fileSystems", contents.fileSystems(), EfsStateWriter::fileSystem)
                .objects("mountTargets", contents.mountTargets(), EfsStateWriter::mountTarget)
                .objects("accessPoints", contents.accessPoints(), EfsStateWriter::accessPoint);
    }

    private static void fileSystem(StateWriter out, FileSystem fileSystem) {
        FileSystemOptions options = fileSystem.options();
        out.number("sequence", fileSystem.sequence())
                .string("id", fileSystem.id())
                .string("creationToken", fileSystem.creationToken())
                .string("ownerId", fileSystem.ownerId())
                .string("performanceMode", options.performanceMode())
                .bool("encrypted", options.encrypted())
                .optionalString("kmsKeyId", options.kmsKeyId().orElse(null))
                .string("throughputMode", options.throughputMode())
                .optionalString("availabilityZone", options.availabilityZone().orElse(null));
        options.provisionedThroughputInMibps().ifPresent(mibps -> out.number("provisionedThroughputInMibps", mibps.doubleValue()));
        tags(out, fileSystem.tags());
        lifecycle(out, fileSystem.lifecycle());
    }

    private static void mountTarget(StateWriter out, MountTarget mountTarget) {
        out.number("sequence", mountTarget.sequence())
                .string("id", mountTarget.id())
                .string("fileSystemId", mountTarget.fileSystemId())
                .string("zone", mountTarget.zone())
                .string("zoneId", mountTarget.zoneId())
                .string("ipAddress", mountTarget.ipAddress())
                .string("subnetId", mountTarget.subnetId())
                .string("vpcId", mountTarget.vpcId())
                .string("networkInterfaceId", mountTarget.networkInterfaceId());
        lifecycle(out, mountTarget.lifecycle());
    }

    private static void accessPoint(StateWriter out, AccessPoint accessPoint) {
        out.number("sequence", accessPoint.sequence())
                .string("id", accessPoint.id())
                .string("fileSystemId", accessPoint.fileSystemId())
                .string("clientToken", accessPoint.clientToken())
                .optionalObject("posixUser", accessPoint.posixUser().orElse(null), EfsStateWriter::posixUser)
                .object("rootDirectory", writer -> rootDirectory(writer, accessPoint.rootDirectory()));
        tags(out, accessPoint.tags());
        lifecycle(out, accessPoint.lifecycle());
    }

    private static void posixUser(StateWriter out, PosixUser user) {
        out.number("uid", user.uid()).number("gid", user.gid()).numbers("secondaryGids", user.secondaryGids());
    }

    private static void rootDirectory(StateWriter out, RootDirectory root) {
        out.string("path", root.path()).optionalObject("creationInfo", root.creationInfo().orElse(null), (writer, info) -> writer
                .number("ownerUid", info.ownerUid())
                .number("ownerGid", info.ownerGid())
                .string("permissions", info.permissions()));
    }

    /** An array, not an object: EFS keeps tags in the order they were given. */
    private static void tags(StateWriter out, List<Tag> tags) {
        out.objects("tags", tags, (writer, tag) -> writer.string("key", tag.key()).string("value", tag.value()));
    }

    private static void lifecycle(StateWriter out, Lifecycle lifecycle) {
        out.object("lifecycle", writer -> writer
                .instant("createdAt", lifecycle.createdAt())
                .instant("availableAt", lifecycle.availableAt())
                .instant("visibleAt", lifecycle.visibleAt()));
    }
}
