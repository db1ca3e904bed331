package dev.polycsi.ebs.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An EBS volume as EC2 describes it.
 *
 * @param state        EC2's state: creating, available, in-use, deleting, deleted, error
 * @param snapshotId   the snapshot it was created from, if any
 * @param attachments  where it is attached (several only for io2 Multi-Attach)
 */
public record Disk(
        String volumeId,
        long sizeGiB,
        String zone,
        String type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        boolean encrypted,
        Optional<String> kmsKeyId,
        boolean multiAttach,
        String state,
        Optional<String> snapshotId,
        Map<String, String> tags,
        List<Attachment> attachments) {

    public Disk {
        tags = Map.copyOf(tags);
        attachments = List.copyOf(attachments);
    }

    public long sizeBytes() {
        return sizeGiB << 30;
    }

    public Optional<Attachment> attachmentTo(String instanceId) {
        return attachments.stream().filter(a -> a.instanceId().equals(instanceId)).findFirst();
    }

    /**
     * @param state attaching, attached, detaching, detached, busy
     */
    public record Attachment(String instanceId, String device, String state) {}
}
