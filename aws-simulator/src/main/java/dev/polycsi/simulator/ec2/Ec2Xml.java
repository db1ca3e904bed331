package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import java.time.Instant;
import java.util.Map;

/** Renders resources with the element names the SDK's EC2 shapes carry ({@code volumeSet/item}, {@code attachmentSet}, {@code tagSet}, …). */
final class Ec2Xml {

    private final SimulatorConfig config;

    Ec2Xml(SimulatorConfig config) {
        this.config = config;
    }

    /** The members of a Volume; CreateVolume puts them directly in its response, listings in an {@code item}. */
    void volume(XmlWriter xml, Volume volume) {
        VolumeSpec spec = volume.spec;
        xml.element("volumeId", volume.id)
                .element("size", spec.sizeGiB())
                // EC2 sends an empty snapshotId for a blank volume rather than leaving it out
                .element("snapshotId", volume.snapshotId == null ? "" : volume.snapshotId)
                .element("availabilityZone", volume.zone)
                .element("availabilityZoneId", config.zoneId(volume.zone))
                .element("status", volume.status())
                .element("createTime", volume.createTime);
        xml.start("attachmentSet");
        for (VolumeAttachment attachment : volume.attachments) {
            xml.start("item");
            attachment(xml, attachment);
            xml.end();
        }
        xml.end();
        tagSet(xml, volume.tags);
        xml.element("volumeType", spec.type().wireName())
                .element("iops", spec.iops())
                .element("throughput", spec.throughput())
                .element("encrypted", volume.encrypted)
                .element("kmsKeyId", volume.kmsKeyId)
                .element("multiAttachEnabled", spec.multiAttach())
                .element("fastRestored", volume.fastRestored)
                .element("sourceVolumeId", volume.sourceVolumeId)
                .element("volumeInitializationRate", volume.initializationRate);
    }

    /** The members of a VolumeAttachment, as AttachVolume and DetachVolume return them. */
    void attachment(XmlWriter xml, VolumeAttachment attachment) {
        xml.element("volumeId", attachment.volumeId)
                .element("instanceId", attachment.instanceId)
                .element("device", attachment.device)
                .element("status", attachment.state.wireName())
                .element("attachTime", attachment.attachTime)
                .element("deleteOnTermination", false);
    }

    void snapshot(XmlWriter xml, Snapshot snapshot, Instant now) {
        xml.element("snapshotId", snapshot.id)
                .element("volumeId", snapshot.volumeId)
                .element("status", snapshot.status(now))
                .element("startTime", snapshot.startTime)
                .element("progress", snapshot.progress(now))
                .element("ownerId", snapshot.ownerId)
                .element("volumeSize", snapshot.volumeSizeGiB)
                .element("description", snapshot.description)
                .element("encrypted", snapshot.encrypted)
                .element("kmsKeyId", snapshot.kmsKeyId)
                .element("storageTier", "standard");
        if (snapshot.completed(now)) {
            xml.element("completionTime", snapshot.completedAt);
        }
        tagSet(xml, snapshot.tags);
    }

    void modification(XmlWriter xml, VolumeModification modification, Instant now) {
        xml.element("volumeId", modification.volumeId)
                .element("modificationState", modification.state.wireName())
                .element("targetSize", modification.target.sizeGiB())
                .element("targetIops", modification.target.iops())
                .element("targetVolumeType", modification.target.type().wireName())
                .element("targetThroughput", modification.target.throughput())
                .element("targetMultiAttachEnabled", modification.target.multiAttach())
                .element("originalSize", modification.original.sizeGiB())
                .element("originalIops", modification.original.iops())
                .element("originalVolumeType", modification.original.type().wireName())
                .element("originalThroughput", modification.original.throughput())
                .element("originalMultiAttachEnabled", modification.original.multiAttach())
                .element("progress", modification.progress(now))
                .element("startTime", modification.startTime)
                .element("endTime", modification.endTime());
    }

    /** Left out when empty, as EC2 does. */
    void tagSet(XmlWriter xml, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        xml.start("tagSet");
        tags.forEach((key, value) -> xml.start("item").element("key", key).element("value", value).end());
        xml.end();
    }
}
