package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code polycsi client controller …}: the Controller service's volume calls. */
@Command(name = "controller", description = "The Controller service: create, publish, list and resize volumes.",
        subcommands = {
            ControllerCommands.Create.class,
            ControllerCommands.Delete.class,
            ControllerCommands.Publish.class,
            ControllerCommands.Unpublish.class,
            ControllerCommands.Validate.class,
            ControllerCommands.ListVolumes.class,
            ControllerCommands.Capacity.class,
            ControllerCommands.Caps.class,
            ControllerCommands.Expand.class,
            ControllerCommands.Get.class,
            ControllerCommands.Modify.class
        })
final class ControllerCommands extends ClientRoot.Group {

    @Command(name = "create", description = "CreateVolume; prints the new volume's id first.")
    static final class Create extends RpcCommand<Csi.CreateVolumeResponse> {

        @Parameters(paramLabel = "NAME", description = "The volume's name, which is also the idempotency key.")
        String name;

        @Option(names = "--cap", paramLabel = "SPEC", converter = Converters.Capability.class,
                description = Options.CAP_HELP + ". Repeatable (default: " + CapabilitySpec.DEFAULT + ").")
        List<Csi.VolumeCapability> capabilities = new ArrayList<>();

        @Option(names = "--size", paramLabel = "BYTES", converter = Converters.Size.class,
                description = "The size required: bytes, or e.g. 10Gi, 500Mi.")
        Long size;

        @Option(names = "--limit", paramLabel = "BYTES", converter = Converters.Size.class,
                description = "The largest size allowed: bytes, or e.g. 10Gi.")
        Long limit;

        @Option(names = "--param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A StorageClass parameter, e.g. backend=hostpath. Repeatable.")
        List<KeyValues.KeyValue> parameters = new ArrayList<>();

        @Option(names = "--mutable-param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A VolumeAttributesClass parameter. Repeatable.")
        List<KeyValues.KeyValue> mutableParameters = new ArrayList<>();

        @ArgGroup(exclusive = true)
        Source source;

        @Option(names = "--requisite", paramLabel = "KEY=VALUE[,KEY=VALUE…]", converter = Converters.Topology.class,
                description = "A topology the volume must be accessible from (any one of those given). Repeatable.")
        List<Csi.Topology> requisite = new ArrayList<>();

        @Option(names = "--preferred", paramLabel = "KEY=VALUE[,KEY=VALUE…]", converter = Converters.Topology.class,
                description = "A topology to try first, in the order given. Repeatable.")
        List<Csi.Topology> preferred = new ArrayList<>();

        @Mixin
        Options.Secrets secrets;

        static final class Source {
            @Option(names = "--from-snapshot", paramLabel = "SNAPSHOT_ID", required = true, description = "Fill the volume from this snapshot.")
            String snapshot;

            @Option(names = "--from-volume", paramLabel = "VOLUME_ID", required = true, description = "Clone this volume.")
            String volume;
        }

        @Override
        Csi.CreateVolumeResponse invoke(CsiConnection csi) {
            Csi.CreateVolumeRequest.Builder request = Csi.CreateVolumeRequest.newBuilder()
                    .setName(name)
                    .addAllVolumeCapabilities(capabilities.isEmpty() ? List.of(CapabilitySpec.defaultCapability()) : capabilities)
                    .putAllParameters(KeyValues.toMap(parameters))
                    .putAllMutableParams(KeyValues.toMap(mutableParameters))
                    .putAllSecrets(secrets.map());
            if (size != null || limit != null) {
                request.setCapacityRange(Csi.CapacityRange.newBuilder()
                        .setRequiredBytes(size != null ? size : 0)
                        .setLimitBytes(limit != null ? limit : 0));
            }
            if (source != null) {
                Csi.VolumeContentSource.Builder content = Csi.VolumeContentSource.newBuilder();
                if (source.snapshot != null) {
                    content.setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(source.snapshot));
                } else {
                    content.setVolume(Csi.VolumeContentSource.VolumeSource.newBuilder().setVolumeId(source.volume));
                }
                request.setVolumeContentSource(content);
            }
            if (!requisite.isEmpty() || !preferred.isEmpty()) {
                request.setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder()
                        .addAllRequisite(requisite).addAllPreferred(preferred));
            }
            return csi.controller().createVolume(request.build());
        }

        @Override
        String text(Csi.CreateVolumeResponse response) {
            return Text.volume(response.getVolume());
        }
    }

    @Command(name = "delete", description = "DeleteVolume.")
    static final class Delete extends RpcCommand<Csi.DeleteVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.DeleteVolumeResponse invoke(CsiConnection csi) {
            return csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder()
                    .setVolumeId(volumeId).putAllSecrets(secrets.map()).build());
        }

        @Override
        String text(Csi.DeleteVolumeResponse response) {
            return Text.line(volumeId, "deleted");
        }
    }

    @Command(name = "publish", description = "ControllerPublishVolume: attach a volume to a node; prints the publish context.")
    static final class Publish extends RpcCommand<Csi.ControllerPublishVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--node", paramLabel = "NODE_ID", required = true, description = "The node, as NodeGetInfo names it.")
        String nodeId;

        @Mixin
        Options.Capability capability;

        @Option(names = "--readonly", description = "Publish read-only.")
        boolean readonly;

        @Option(names = "--context", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "The volume context, as CreateVolume returned it. Repeatable.")
        List<KeyValues.KeyValue> volumeContext = new ArrayList<>();

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ControllerPublishVolumeResponse invoke(CsiConnection csi) {
            return csi.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setNodeId(nodeId)
                    .setVolumeCapability(capability.orDefault())
                    .setReadonly(readonly)
                    .putAllVolumeContext(KeyValues.toMap(volumeContext))
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.ControllerPublishVolumeResponse response) {
            return Text.line(volumeId, "published on " + nodeId, Text.labelled("publish context", response.getPublishContextMap()));
        }
    }

    @Command(name = "unpublish", description = "ControllerUnpublishVolume: detach a volume from a node, or from all nodes.")
    static final class Unpublish extends RpcCommand<Csi.ControllerUnpublishVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--node", paramLabel = "NODE_ID", description = "The node (default: all nodes).")
        String nodeId;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ControllerUnpublishVolumeResponse invoke(CsiConnection csi) {
            Csi.ControllerUnpublishVolumeRequest.Builder request = Csi.ControllerUnpublishVolumeRequest.newBuilder()
                    .setVolumeId(volumeId).putAllSecrets(secrets.map());
            if (nodeId != null) {
                request.setNodeId(nodeId);
            }
            return csi.controller().controllerUnpublishVolume(request.build());
        }

        @Override
        String text(Csi.ControllerUnpublishVolumeResponse response) {
            return Text.line(volumeId, "unpublished from " + (nodeId != null ? nodeId : "all nodes"));
        }
    }

    @Command(name = "validate", description = "ValidateVolumeCapabilities: whether a volume supports the capabilities given.")
    static final class Validate extends RpcCommand<Csi.ValidateVolumeCapabilitiesResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--cap", paramLabel = "SPEC", required = true, converter = Converters.Capability.class,
                description = Options.CAP_HELP + ". Repeatable.")
        List<Csi.VolumeCapability> capabilities = new ArrayList<>();

        @Option(names = "--context", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "The volume context, as CreateVolume returned it. Repeatable.")
        List<KeyValues.KeyValue> volumeContext = new ArrayList<>();

        @Option(names = "--param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A StorageClass parameter. Repeatable.")
        List<KeyValues.KeyValue> parameters = new ArrayList<>();

        @Option(names = "--mutable-param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A VolumeAttributesClass parameter. Repeatable.")
        List<KeyValues.KeyValue> mutableParameters = new ArrayList<>();

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ValidateVolumeCapabilitiesResponse invoke(CsiConnection csi) {
            return csi.controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .addAllVolumeCapabilities(capabilities)
                    .putAllVolumeContext(KeyValues.toMap(volumeContext))
                    .putAllParameters(KeyValues.toMap(parameters))
                    .putAllMutableParams(KeyValues.toMap(mutableParameters))
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.ValidateVolumeCapabilitiesResponse response) {
            return response.hasConfirmed()
                    ? Text.line(volumeId, "confirmed")
                    : Text.line(volumeId, "not confirmed" + (response.getMessage().isEmpty() ? "" : ": " + response.getMessage()));
        }
    }

    @Command(name = "list", description = "ListVolumes, one volume per line. Follows every page unless --max is given.")
    static final class ListVolumes extends RpcCommand<Csi.ListVolumesResponse> {

        @Option(names = "--max", paramLabel = "N", description = "Ask for one page of at most N volumes; prints the next token when there are more.")
        Integer max;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Start at this token, from an earlier page.")
        String token = "";

        @Override
        Csi.ListVolumesResponse invoke(CsiConnection csi) {
            if (max != null) {
                return page(csi, token);
            }
            Csi.ListVolumesResponse.Builder all = Csi.ListVolumesResponse.newBuilder();
            Pages.all(token, next -> page(csi, next), Csi.ListVolumesResponse::getNextToken)
                    .forEach(page -> all.addAllEntries(page.getEntriesList()));
            return all.build();
        }

        private Csi.ListVolumesResponse page(CsiConnection csi, String startingToken) {
            return csi.controller().listVolumes(Csi.ListVolumesRequest.newBuilder()
                    .setMaxEntries(max != null ? max : 0).setStartingToken(startingToken).build());
        }

        @Override
        String text(Csi.ListVolumesResponse response) {
            return Text.page(response.getEntriesList().stream()
                    .map(entry -> Text.line(Text.volume(entry.getVolume()), Text.status(entry.getStatus().getPublishedNodeIdsList(),
                            entry.getStatus().hasVolumeCondition(), entry.getStatus().getVolumeCondition())))
                    .toList(), response.getNextToken());
        }
    }

    @Command(name = "capacity", description = "GetCapacity: the bytes available for new volumes.")
    static final class Capacity extends RpcCommand<Csi.GetCapacityResponse> {

        @Option(names = "--param", paramLabel = "KEY=VALUE", converter = Converters.KeyValue.class,
                description = "A StorageClass parameter, e.g. backend=hostpath. Repeatable.")
        List<KeyValues.KeyValue> parameters = new ArrayList<>();

        @Option(names = "--cap", paramLabel = "SPEC", converter = Converters.Capability.class,
                description = Options.CAP_HELP + ". Repeatable (default: none, any capability).")
        List<Csi.VolumeCapability> capabilities = new ArrayList<>();

        @Option(names = "--topology", paramLabel = "KEY=VALUE[,KEY=VALUE…]", converter = Converters.Topology.class,
                description = "Only the capacity accessible from this topology.")
        Csi.Topology topology;

        @Override
        Csi.GetCapacityResponse invoke(CsiConnection csi) {
            Csi.GetCapacityRequest.Builder request = Csi.GetCapacityRequest.newBuilder()
                    .putAllParameters(KeyValues.toMap(parameters))
                    .addAllVolumeCapabilities(capabilities);
            if (topology != null) {
                request.setAccessibleTopology(topology);
            }
            return csi.controller().getCapacity(request.build());
        }

        @Override
        String text(Csi.GetCapacityResponse response) {
            return Text.line("available: " + response.getAvailableCapacity() + " bytes",
                    response.hasMaximumVolumeSize() ? "maximum volume size: " + response.getMaximumVolumeSize().getValue() + " bytes" : "",
                    response.hasMinimumVolumeSize() ? "minimum volume size: " + response.getMinimumVolumeSize().getValue() + " bytes" : "");
        }
    }

    @Command(name = "caps", description = "ControllerGetCapabilities, one per line.")
    static final class Caps extends RpcCommand<Csi.ControllerGetCapabilitiesResponse> {
        @Override
        Csi.ControllerGetCapabilitiesResponse invoke(CsiConnection csi) {
            return csi.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance());
        }

        @Override
        String text(Csi.ControllerGetCapabilitiesResponse response) {
            return response.getCapabilitiesList().stream()
                    .map(capability -> Text.name(capability.getRpc().getType(), capability.getRpc().getTypeValue()))
                    .collect(Collectors.joining("\n"));
        }
    }

    @Command(name = "expand", description = "ControllerExpandVolume; says whether the node must expand too.")
    static final class Expand extends RpcCommand<Csi.ControllerExpandVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--size", paramLabel = "BYTES", required = true, converter = Converters.Size.class,
                description = "The new size: bytes, or e.g. 20Gi.")
        long size;

        @Option(names = "--cap", paramLabel = "SPEC", converter = Converters.Capability.class,
                description = Options.CAP_HELP + " (default: none sent).")
        Csi.VolumeCapability capability;

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ControllerExpandVolumeResponse invoke(CsiConnection csi) {
            Csi.ControllerExpandVolumeRequest.Builder request = Csi.ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(size))
                    .putAllSecrets(secrets.map());
            if (capability != null) {
                request.setVolumeCapability(capability);
            }
            return csi.controller().controllerExpandVolume(request.build());
        }

        @Override
        String text(Csi.ControllerExpandVolumeResponse response) {
            return Text.line(volumeId, Text.bytes(response.getCapacityBytes()),
                    response.getNodeExpansionRequired() ? "node expansion required" : "no node expansion needed");
        }
    }

    @Command(name = "get", description = "ControllerGetVolume: a volume, where it is published, and its condition.")
    static final class Get extends RpcCommand<Csi.ControllerGetVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Override
        Csi.ControllerGetVolumeResponse invoke(CsiConnection csi) {
            return csi.controller().controllerGetVolume(Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId(volumeId).build());
        }

        @Override
        String text(Csi.ControllerGetVolumeResponse response) {
            Csi.ControllerGetVolumeResponse.VolumeStatus status = response.getStatus();
            return Text.line(Text.volume(response.getVolume()),
                    Text.status(status.getPublishedNodeIdsList(), status.hasVolumeCondition(), status.getVolumeCondition()));
        }
    }

    @Command(name = "modify", description = "ControllerModifyVolume: change a volume's mutable parameters.")
    static final class Modify extends RpcCommand<Csi.ControllerModifyVolumeResponse> {

        @Parameters(paramLabel = "VOLUME_ID")
        String volumeId;

        @Option(names = "--mutable-param", paramLabel = "KEY=VALUE", required = true, converter = Converters.KeyValue.class,
                description = "A VolumeAttributesClass parameter to change. Repeatable.")
        List<KeyValues.KeyValue> mutableParameters = new ArrayList<>();

        @Mixin
        Options.Secrets secrets;

        @Override
        Csi.ControllerModifyVolumeResponse invoke(CsiConnection csi) {
            return csi.controller().controllerModifyVolume(Csi.ControllerModifyVolumeRequest.newBuilder()
                    .setVolumeId(volumeId)
                    .putAllMutableParameters(KeyValues.toMap(mutableParameters))
                    .putAllSecrets(secrets.map())
                    .build());
        }

        @Override
        String text(Csi.ControllerModifyVolumeResponse response) {
            return Text.line(volumeId, "modified");
        }
    }
}
