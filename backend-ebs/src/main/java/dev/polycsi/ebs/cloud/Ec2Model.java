package dev.polycsi.ebs.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;

/** SDK shapes to the backend's records and back. */
final class Ec2Model {

    private Ec2Model() {
    }

    static Disk disk(Volume v) {
        List<Disk.Attachment> attachments = v.attachments().stream()
                .map(a -> new Disk.Attachment(a.instanceId(), a.device(), a.stateAsString()))
                .toList();
        return new Disk(v.volumeId(), v.size() == null ? 0 : v.size(), v.availabilityZone(), v.volumeTypeAsString(),
                Optional.ofNullable(v.iops()), Optional.ofNullable(v.throughput()), Boolean.TRUE.equals(v.encrypted()),
                nonBlank(v.kmsKeyId()), Boolean.TRUE.equals(v.multiAttachEnabled()), v.stateAsString(), nonBlank(v.snapshotId()),
                tags(v.tags()), attachments);
    }

    static DiskSnapshot snapshot(Snapshot s) {
        return new DiskSnapshot(s.snapshotId(), s.volumeId(), s.volumeSize() == null ? 0 : s.volumeSize(), s.startTime(), s.stateAsString(),
                tags(s.tags()));
    }

    static dev.polycsi.ebs.cloud.Instance instance(Instance i) {
        Set<String> devices = new TreeSet<>();
        for (InstanceBlockDeviceMapping mapping : i.blockDeviceMappings()) {
            devices.add(mapping.deviceName());
        }
        if (i.rootDeviceName() != null) {
            devices.add(i.rootDeviceName());
        }
        String zone = i.placement() == null ? "" : i.placement().availabilityZone();
        return new dev.polycsi.ebs.cloud.Instance(i.instanceId(), i.instanceTypeAsString(), zone, devices);
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
        return map;
    }

    static Optional<String> tag(Volume v, String key) {
        return v.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
    }

    static Optional<String> tag(Snapshot s, String key) {
        return s.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
    }

    static TagSpecification tagSpecification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .build();
    }

    static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Gone or going: a volume in these states is no longer a candidate for anything. */
    static boolean gone(Volume v) {
        String state = v.stateAsString();
        return "deleting".equals(state) || "deleted".equals(state);
    }
}
