package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.state.StateNode;
/** Reads what {@link Ec2StateWriter} wrote back into an empty {@link Ec2State}. */
final class Ec2StateReader {

    private Ec2StateReader() {
    }

    /** {@code nodeInstanceId} owns the tags of a file written when the simulator had only the node's instance. */
    static Ec2State restore(StateNode root, Ec2State state, String nodeInstanceId) {
        state.continueAfter(root.longValue("sequence"));
        for (StateNode node : root.objects("volumes")) {
            Volume volume = volume(node);
            state.volumes.put(volume.id, volume);
        }
        for (StateNode node : root.objects("snapshots")) {
            Snapshot snapshot = snapshot(node);
            state.snapshots.put(snapshot.id, snapshot);
        }
        if (root.has("fastRestores")) {
            for (StateNode node : root.objects("fastRestores")) {
                FastRestore fastRestore = new FastRestore(node.string("snapshotId"), node.string("zone"), node.instant("enablingTime"),
                        node.instant("optimizingAt"), node.instant("enabledAt"));
                state.fastRestores.put(FastRestore.key(fastRestore.snapshotId, fastRestore.zone), fastRestore);
            }
        }
        for (StateNode node : root.objects("clientTokens")) {
            state.clientTokens.put(node.string("key"), clientToken(node, state));
        }
        if (root.has("instances")) {
            for (StateNode node : root.objects("instances")) {
                state.tagsOf(node.string("id")).putAll(node.strings("tags"));
            }
        } else {
            state.tagsOf(nodeInstanceId).putAll(root.strings("instanceTags"));
        }
        return state;
    }

    private static Volume volume(StateNode node) {
        // the constructor takes the end of the creating transition; the saved one may be another's
        Volume volume = new Volume(node.string("id"), node.longValue("sequence"), node.string("zone"), spec(node.object("spec")),
                node.instant("createTime"), node.instant("visibleAt"), node.instant("transitionEnds"), node.bool("encrypted"),
                node.optionalString("kmsKeyId").orElse(null), node.optionalString("snapshotId").orElse(null),
                node.optionalString("sourceVolumeId").orElse(null));
        volume.lifecycle = node.enumValue("lifecycle", Volume.Lifecycle.class);
        volume.createFails = node.optionalBool("createFails").orElse(false);
        volume.tags.putAll(node.strings("tags"));
        for (StateNode attachment : node.objects("attachments")) {
            volume.attachments.add(attachment(attachment, volume.id));
        }
        volume.modification = node.optionalObject("modification").map(modification -> modification(modification, volume.id)).orElse(null);
        volume.initializationRate = node.optionalInt("initializationRate").orElse(null);
        volume.initializedAt = node.optionalString("initializedAt").map(java.time.Instant::parse).orElse(null);
        volume.fastRestored = node.optionalBool("fastRestored").orElse(false);
        return volume;
    }

    private static VolumeSpec spec(StateNode node) {
        return new VolumeSpec(node.enumValue("type", VolumeType.class), node.intValue("sizeGiB"), node.optionalInt("iops").orElse(null),
                node.optionalInt("throughput").orElse(null), node.bool("multiAttach"));
    }

    private static VolumeAttachment attachment(StateNode node, String volumeId) {
        VolumeAttachment attachment = new VolumeAttachment(volumeId, node.string("instanceId"), node.string("device"),
                node.instant("attachTime"), node.instant("transitionEnds"));
        attachment.state = node.enumValue("state", VolumeAttachment.State.class);
        return attachment;
    }

    private static VolumeModification modification(StateNode node, String volumeId) {
        VolumeModification modification = new VolumeModification(volumeId, spec(node.object("original")), spec(node.object("target")),
                node.instant("startTime"), node.instant("optimizingAt"), node.instant("completedAt"));
        modification.state = node.enumValue("state", VolumeModification.State.class);
        return modification;
    }

    private static Snapshot snapshot(StateNode node) {
        Snapshot snapshot = new Snapshot(node.string("id"), node.longValue("sequence"), node.string("volumeId"), node.intValue("volumeSizeGiB"),
                node.string("description"), node.string("ownerId"), node.bool("encrypted"), node.optionalString("kmsKeyId").orElse(null),
                node.instant("startTime"), node.instant("visibleAt"), node.instant("completedAt"));
        snapshot.tags.putAll(node.strings("tags"));
        snapshot.lock = node.optionalObject("lock").map(Ec2StateReader::lock).orElse(null);
        return snapshot;
    }

    private static SnapshotLock lock(StateNode node) {
        return new SnapshotLock(node.string("mode"), node.optionalInt("durationDays").orElse(null), node.instant("createdOn"),
                node.instant("durationStartTime"), node.instant("expiresOn"), node.optionalInt("coolOffHours").orElse(null),
                node.optionalString("coolOffExpiresOn").map(java.time.Instant::parse).orElse(null));
    }

    /** The live volume the token made, or the one written out whole because it is gone. */
    private static Ec2State.ClientTokenUse clientToken(StateNode node, Ec2State state) {
        String volumeId = node.string("volumeId");
        Volume volume = state.volumes.get(volumeId);
        if (volume == null) {
            volume = volume(node.optionalObject("goneVolume")
                    .orElseThrow(() -> node.corrupt("client token " + node.string("key") + " names " + volumeId + ", which is nowhere")));
        }
        return new Ec2State.ClientTokenUse(node.strings("parameters"), volume);
    }
}
