package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.AwsError;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * AttachVolume and DetachVolume, to and from any configured instance of the volume's zone, each
 * with its own attachment limit (by its type) and device names. An attachment is attaching until
 * {@code delay.volume.attached} has passed, and detaching until {@code delay.volume.detached}, after
 * which it is gone. Only attachments to the node's instance have a block device on this machine; it
 * appears and disappears when the call is accepted. Force is accepted and detaches the same way.
 */
final class AttachmentsApi implements Ec2Context.Api {

    private final Ec2Context context;
    private final Ec2State state;
    private final SimulatorConfig config;

    AttachmentsApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
        this.config = context.config();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("AttachVolume", this::attachVolume);
        actions.put("DetachVolume", this::detachVolume);
    }

    private void attachVolume(QueryParams params, Instant now, XmlWriter response) {
        String device = DeviceNames.require(params.required("Device"));
        SimulatedInstance instance = existingInstance(params.required("InstanceId"));
        String instanceId = instance.id();
        Volume volume = existing(params.required("VolumeId"));
        if (volume.lifecycle != Volume.Lifecycle.CREATED) {
            throw Ec2Errors.incorrectState("Volume '%s' is in the '%s' state.", volume.id, volume.status());
        }
        if (!volume.zone.equals(instance.zone())) {
            throw AwsError.badRequest("InvalidVolume.ZoneMismatch", "The volume '%s' is not in the same availability zone as instance '%s'",
                    volume.id, instanceId);
        }
        if (volume.attachmentTo(instanceId).isPresent() || (!volume.attachments.isEmpty() && !volume.spec.multiAttach())) {
            throw AwsError.badRequest("VolumeInUse", "%s is already attached to an instance", volume.id);
        }
        if (deviceTaken(instanceId, device)) {
            throw Ec2Errors.invalidParameterValue("Attachment point %s is already in use", device);
        }
        int limit = AttachmentLimits.of(instance.type());
        if (attachmentsTo(instanceId) >= limit) {
            throw AwsError.badRequest("AttachmentLimitExceeded", "Instance '%s' (%s) already has the maximum of %d volume attachments.",
                    instanceId, instance.type(), limit);
        }
        params.stopIfDryRun();

        if (config.isNodeInstance(instanceId)) {
            context.storage().attach(volume.id);
        }
        VolumeAttachment attachment = new VolumeAttachment(volume.id, instanceId, device, now, context.after(now, "volume.attached"));
        volume.attachments.add(attachment);
        context.xml().attachment(response, attachment);
    }

    private void detachVolume(QueryParams params, Instant now, XmlWriter response) {
        Volume volume = existing(params.required("VolumeId"));
        Optional<String> instanceId = params.string("InstanceId").map(id -> existingInstance(id).id());
        Optional<String> device = params.string("Device");
        if (volume.attachments.isEmpty()) {
            throw Ec2Errors.incorrectState("Volume '%s' is in the '%s' state.", volume.id, volume.status());
        }
        VolumeAttachment attachment = instanceId.map(id -> volume.attachmentTo(id).orElseThrow(() -> notAttached(volume, id)))
                .orElse(volume.attachments.getFirst());
        if (device.isPresent() && !device.get().equals(attachment.device)) {
            throw AwsError.badRequest("InvalidAttachment.NotFound", "The volume '%s' is not attached to instance '%s' as %s.", volume.id,
                    attachment.instanceId, device.get());
        }
        if (attachment.state == VolumeAttachment.State.DETACHING) {
            throw Ec2Errors.incorrectState("Volume '%s' is in the 'detaching' state.", volume.id);
        }
        params.stopIfDryRun();

        if (config.isNodeInstance(attachment.instanceId)) {
            context.storage().detach(volume.id);
        }
        attachment.startDetaching(context.after(now, "volume.detached"));
        context.xml().attachment(response, attachment);
    }

    private static AwsError notAttached(Volume volume, String instanceId) {
        return AwsError.badRequest("InvalidAttachment.NotFound", "The volume '%s' is not attached to instance '%s'.", volume.id, instanceId);
    }

    private SimulatedInstance existingInstance(String instanceId) {
        return config.instance(ResourceIds.instance(instanceId)).orElseThrow(() -> Ec2Errors.instanceNotFound(instanceId));
    }

    private Volume existing(String volumeId) {
        Volume volume = state.volumes.get(ResourceIds.volume(volumeId));
        if (volume == null) {
            throw Ec2Errors.volumeNotFound(volumeId);
        }
        return volume;
    }

    private boolean deviceTaken(String instanceId, String device) {
        return DeviceNames.ROOT_DEVICES.contains(device) || state.volumes.values().stream()
                .flatMap(v -> v.attachments.stream())
                .anyMatch(a -> a.instanceId.equals(instanceId) && a.device.equals(device));
    }

    private long attachmentsTo(String instanceId) {
        return state.volumes.values().stream().flatMap(v -> v.attachments.stream()).filter(a -> a.instanceId.equals(instanceId)).count();
    }
}
