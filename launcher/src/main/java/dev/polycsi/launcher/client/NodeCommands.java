package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code polycsi client node …}: the Node service, as the kubelet calls it. Mounting needs root on the driver's side. */
@Command(name = "node", description = "The Node service: stage, publish, stats and expand volumes on this node.",
        subcommands = {
            NodeCommands.Info.class,
            NodeCommands.Caps.class,
            NodeCommands.Stage.class,
            NodeCommands.Unstage.class,
            NodeCommands.Publish.class,
            NodeCommands.Unpublish.class,
            NodeCommands.Stats.class,
            NodeCommands.Expand.class
        })
final class NodeCommands extends ClientRoot.Group {

    @Command(name = "info", description = "NodeGetInfo: the node id, volume limit and topology.")
    static final class Info extends RpcCommand<Csi.NodeGetInfoResponse> {
        @Override
        Csi.NodeGetInfoResponse invoke(CsiConnection csi) {
            return csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
        }

        @Override
        String text(Csi.NodeGetInfoResponse info) {
            return Text.line(info.getNodeId(),
                    info.getMaxVolumesPerNode() > 0 ? "max volumes: " + info.getMaxVolumesPerNode() : "",
                    info.hasAccessibleTopology() ? Text.topologies(List.of(info.getAccessibleTopology())) : "");
        }
    }

    @Command(name = "caps", description = "NodeGetCapabilities, one per line.")
    static final class Caps extends RpcCommand<Csi.NodeGetCapabilitiesResponse> {
        @Override
        Csi.NodeGetCapabilitiesResponse invoke(CsiConnection csi) {
            return csi.node().nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance());
        }

        @Override
        String text(Csi.NodeGetCapabilitiesResponse response) {
            return response.getCapabilitiesList().stream()
                    .map(capability -> Text.name(capability.getRpc().getType(), capability.getRpc().getTypeValue()))
                    .collect(Collectors.joining("\n"));
        }
    }

    @Command(name = "stage", description = "NodeStageVolume: make a volume ready on this node at a staging path.")
    static final class Stage extends RpcCommand<Csi.NodeStageVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--staging-path", paramLabel = "PATH", required = true, description = "The staging directory, one per volume.")
        String stagingPath;

        @Mixin
        Options.Capability capability;

        @Mixin
        Options.Contexts contexts;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.NodeStageVolumeResponse invoke(CsiConnection csi) {
            return csi.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setStagingTargetPath(stagingPath)
                    .setVolumeCapability(capability.orDefault())
                    .putAllPublishContext(KeyValues.toMap(contexts.publishContext))
                    .putAllVolumeContext(KeyValues.toMap(contexts.volumeContext))
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.NodeStageVolumeResponse response) {
            return Text.line(volumeId, "staged at " + stagingPath);
        }
    }

    @Command(name = "unstage", description = "NodeUnstageVolume.")
    static final class Unstage extends RpcCommand<Csi.NodeUnstageVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--staging-path", paramLabel = "PATH", required = true, description = "The staging directory.")
        String stagingPath;

        @Override
        Csi.NodeUnstageVolumeResponse invoke(CsiConnection csi) {
            return csi.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                    .setVolumeId(volumeId).setStagingTargetPath(stagingPath).build());
        }

        @Override
        String text(Csi.NodeUnstageVolumeResponse response) {
            return Text.line(volumeId, "unstaged from " + stagingPath);
        }
    }

    @Command(name = "publish", description = "NodePublishVolume: mount a volume at a target path, as for a pod.")
    static final class Publish extends RpcCommand<Csi.NodePublishVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--target-path", paramLabel = "PATH", required = true, description = "Where to mount; its parent must exist.")
        String targetPath;

        @Option(names = "--staging-path", paramLabel = "PATH", description = "The staging directory, for a driver that stages.")
        String stagingPath;

        @Mixin
        Options.Capability capability;

        @Option(names = "--readonly", description = "Mount read-only.")
        boolean readonly;

        @Mixin
        Options.Contexts contexts;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.NodePublishVolumeResponse invoke(CsiConnection csi) {
            Csi.NodePublishVolumeRequest.Builder request = Csi.NodePublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setTargetPath(targetPath)
                    .setVolumeCapability(capability.orDefault())
                    .setReadonly(readonly)
                    .putAllPublishContext(KeyValues.toMap(contexts.publishContext))
                    .putAllVolumeContext(KeyValues.toMap(contexts.volumeContext))
                    .putAllSecrets(secrets.map());
            if (stagingPath != null) {
                request.setStagingTargetPath(stagingPath);
            }
            return csi.node().nodePublishVolume(request.build());
        }

        @Override
        String text(Csi.NodePublishVolumeResponse response) {
            return Text.line(volumeId, "published at " + targetPath);
        }
    }

    @Command(name = "unpublish", description = "NodeUnpublishVolume.")
    static final class Unpublish extends RpcCommand<Csi.NodeUnpublishVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--target-path", paramLabel = "PATH", required = true, description = "Where the volume is mounted.")
        String targetPath;

        @Override
        Csi.NodeUnpublishVolumeResponse invoke(CsiConnection csi) {
            return csi.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId).setTargetPath(targetPath).build());
        }

        @Override
        String text(Csi.NodeUnpublishVolumeResponse response) {
            return Text.line(volumeId, "unpublished from " + targetPath);
        }
    }

    @Command(name = "stats", description = "NodeGetVolumeStats: bytes and inodes used, and the volume's condition.")
    static final class Stats extends RpcCommand<Csi.NodeGetVolumeStatsResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--volume-path", paramLabel = "PATH", required = true, description = "A path where the volume is published or staged.")
        String volumePath;

        @Option(names = "--staging-path", paramLabel = "PATH", description = "The staging directory, for a driver that stages.")
        String stagingPath;

        @Override
        Csi.NodeGetVolumeStatsResponse invoke(CsiConnection csi) {
            Csi.NodeGetVolumeStatsRequest.Builder request = Csi.NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId(volumeId).setVolumePath(volumePath);
            if (stagingPath != null) {
                request.setStagingTargetPath(stagingPath);
            }
            return csi.node().nodeGetVolumeStats(request.build());
        }

        /** The id and path, then one aligned line per unit and the condition. */
        @Override
        String text(Csi.NodeGetVolumeStatsResponse response) {
            List<String> lines = new ArrayList<>();
            lines.add(Text.line(volumeId, volumePath));
            for (Csi.VolumeUsage usage : response.getUsageList()) {
                lines.add(String.format("  %-7s total %d  used %d  available %d",
                        Text.name(usage.getUnit(), usage.getUnitValue()).toLowerCase(Locale.ROOT),
                        usage.getTotal(), usage.getUsed(), usage.getAvailable()));
            }
            if (response.hasVolumeCondition()) {
                lines.add("  " + Text.condition(response.getVolumeCondition()));
            }
            return String.join("\n", lines);
        }
    }

    @Command(name = "expand", description = "NodeExpandVolume: grow the filesystem to the volume's new size.")
    static final class Expand extends RpcCommand<Csi.NodeExpandVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--volume-path", paramLabel = "PATH", required = true, description = "A path where the volume is published.")
        String volumePath;

        @Option(names = "--size", paramLabel = "BYTES", converter = Converters.Size.class,
                description = "The new size: bytes, or e.g. 20Gi (default: as large as the volume is).")
        Long size;

        @Option(names = "--staging-path", paramLabel = "PATH", description = "The staging directory, for a driver that stages.")
        String stagingPath;

        @Option(names = "--cap", paramLabel = "SPEC", converter = Converters.Capability.class,
                description = Options.CAP_HELP + " (default: none sent).")
        Csi.VolumeCapability capability;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.NodeExpandVolumeResponse invoke(CsiConnection csi) {
            Csi.NodeExpandVolumeRequest.Builder request = Csi.NodeExpandVolumeRequest.newBuilder()
                    .setVolumeId(volumeId).setVolumePath(volumePath).putAllSecrets(secrets.map());
            if (size != null) {
                request.setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(size));
            }
            if (stagingPath != null) {
                request.setStagingTargetPath(stagingPath);
            }
            if (capability != null) {
                request.setVolumeCapability(capability);
            }
            return csi.node().nodeExpandVolume(request.build());
        }

        @Override
        String text(Csi.NodeExpandVolumeResponse response) {
            return Text.line(volumeId, Text.bytes(response.getCapacityBytes()));
        }
    }
}
