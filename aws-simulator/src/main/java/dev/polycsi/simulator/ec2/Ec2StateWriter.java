package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.state.StateWriter;
import java.util.Map;

/** Writes {@link Ec2State} as the members of {@code ec2.json}; {@link Ec2StateReader} reads them back. */
final class Ec2StateWriter {

    private Ec2StateWriter() {
    }

    static void write(StateWriter out, Ec2State state) {
        out.number("sequence", state.lastSequence())
                .objects("volumes", state.volumes.values(), Ec2StateWriter::volume)
                .objects("snapshots", state.snapshots.values(), Ec2StateWriter::snapshot)
                .objects("fastRestores", state.fastRestores.values(), Ec2StateWriter::fastRestore)
                .objects("clientTokens", state.clientTokens.entrySet(), (writer, use) -> clientToken(writer, use, state))
                .objects("instances", state.instanceTags.entrySet().stream().filter(entry -> !entry.getValue().isEmpty()).toList(),
                        Ec2StateWriter::instance);
    }

    private static void instance(StateWriter out, Map.Entry<String, Map<String, String>> tags) {
        out.string("id", tags.getKey()).strings("tags", tags.getValue());
    }

    static void volume(StateWriter out, Volume volume) {
        out.string("id", volume.id)
                .number("sequence", volume.sequence)
                .string("zone", volume.zone)
                .object("spec", writer -> spec(writer, volume.spec))
                .instant("createTime", volume.createTime)
                .instant("visibleAt", volume.visibleAt)
                .bool("encrypted", volume.encrypted)
                .optionalString("kmsKeyId", volume.kmsKeyId)
                .optionalString("snapshotId", volume.snapshotId)
                .optionalString("sourceVolumeId", volume.sourceVolumeId)
                .enumValue("lifecycle", volume.lifecycle)
                .optionalBool("createFails", volume.createFails ? Boolean.TRUE : null)
                .instant("transitionEnds", volume.transitionEnds)
                .strings("tags", volume.tags)
                .objects("attachments", volume.attachments, Ec2StateWriter::attachment)
                .optionalObject("modification", volume.modification, Ec2StateWriter::modification)
                .optionalNumber("initializationRate", volume.initializationRate)
                .optionalString("initializedAt", volume.initializedAt == null ? null : volume.initializedAt.toString())
                .optionalBool("fastRestored", volume.fastRestored ? Boolean.TRUE : null);
    }

    private static void fastRestore(StateWriter out, FastRestore fastRestore) {
        out.string("snapshotId", fastRestore.snapshotId)
                .string("zone", fastRestore.zone)
                .instant("enablingTime", fastRestore.enablingTime)
                .instant("optimizingAt", fastRestore.optimizingAt)
                .instant("enabledAt", fastRestore.enabledAt);
    }

    private static void lock(StateWriter out, SnapshotLock lock) {
        out.string("mode", lock.mode())
                .optionalNumber("durationDays", lock.durationDays())
                .instant("createdOn", lock.createdOn())
                .instant("durationStartTime", lock.durationStartTime())
                .instant("expiresOn", lock.expiresOn())
                .optionalNumber("coolOffHours", lock.coolOffHours())
                .optionalString("coolOffExpiresOn", lock.coolOffExpiresOn() == null ? null : lock.coolOffExpiresOn().toString());
    }

    private static void spec(StateWriter out, VolumeSpec spec) {
        out.enumValue("type", spec.type())
                .number("sizeGiB", spec.sizeGiB())
                .optionalNumber("iops", spec.iops())
                .optionalNumber("throughput", spec.throughput())
                .bool("multiAttach", spec.multiAttach());
    }

    private static void attachment(StateWriter out, VolumeAttachment attachment) {
        out.string("instanceId", attachment.instanceId)
                .string("device", attachment.device)
                .instant("attachTime", attachment.attachTime)
                .enumValue("state", attachment.state)
                .instant("transitionEnds", attachment.transitionEnds);
    }

    private static void modification(StateWriter out, VolumeModification modification) {
        out.object("original", writer -> spec(writer, modification.original))
                .object("target", writer -> spec(writer, modification.target))
                .instant("startTime", modification.startTime)
                .instant("optimizingAt", modification.optimizingAt)
                .instant("completedAt", modification.completedAt)
                .enumValue("state", modification.state);
    }

    private static void snapshot(StateWriter out, Snapshot snapshot) {
        out.string("id", snapshot.id)
                .number("sequence", snapshot.sequence)
                .string("volumeId", snapshot.volumeId)
                .number("volumeSizeGiB", snapshot.volumeSizeGiB)
                .string("description", snapshot.description)
                .string("ownerId", snapshot.ownerId)
                .bool("encrypted", snapshot.encrypted)
                .optionalString("kmsKeyId", snapshot.kmsKeyId)
                .instant("startTime", snapshot.startTime)
                .instant("visibleAt", snapshot.visibleAt)
                .instant("completedAt", snapshot.completedAt)
                .strings("tags", snapshot.tags)
                .optionalObject("lock", snapshot.lock, Ec2StateWriter::lock);
    }

    /**
     * A token names its volume; a volume that is gone since (deleted) is written out whole, as a
     * replayed request still answers it as it was.
     */
    private static void clientToken(StateWriter out, Map.Entry<String, Ec2State.ClientTokenUse> token, Ec2State state) {
        Volume volume = token.getValue().volume();
        out.string("key", token.getKey())
                .strings("parameters", token.getValue().parameters())
                .string("volumeId", volume.id)
                .optionalObject("goneVolume", state.volumes.get(volume.id) == volume ? null : volume, Ec2StateWriter::volume);
    }
}
