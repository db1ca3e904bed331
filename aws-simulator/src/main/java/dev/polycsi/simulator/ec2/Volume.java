package dev.polycsi.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One EBS volume; its state moves on only in {@link #settle}, from the times recorded at each transition. */
final class Volume {

    enum Lifecycle {
        /** FAILED is EC2's {@code error}: the volume never became usable and can only be deleted. */
        CREATING, CREATED, FAILED, DELETING
    }

    final String id;
    /** Creation order, the order of listings and the anchor of their pagination tokens. */
    final long sequence;
    final String zone;
    final Instant createTime;
    /** Describe calls do not see the volume before this (EC2's eventual consistency). */
    final Instant visibleAt;
    final boolean encrypted;
    final String kmsKeyId;
    final String snapshotId;
    final String sourceVolumeId;
    final Map<String, String> tags = new LinkedHashMap<>();
    final List<VolumeAttachment> attachments = new ArrayList<>();
    VolumeSpec spec;
    Lifecycle lifecycle = Lifecycle.CREATING;
    /** Set from the knob {@code fail.volume.create} when the volume was asked for: it ends in {@code error}. */
    boolean createFails;
    /** When the current transitional state (creating, deleting) ends. */
    Instant transitionEnds;
    VolumeModification modification;
    /** MiB/s asked for with CreateVolume's VolumeInitializationRate (restores only); null: EC2's default rate. */
    Integer initializationRate;
    /**
     * When a volume restored from a snapshot or copied from a volume has all its blocks (EC2's
     * initialization-state {@code completed}); null for a blank volume, which has nothing to fetch.
     */
    Instant initializedAt;
    /** Created from a snapshot with fast snapshot restore enabled in its zone: initialized at once. */
    boolean fastRestored;

    Volume(String id, long sequence, String zone, VolumeSpec spec, Instant createTime, Instant visibleAt, Instant availableAt,
            boolean encrypted, String kmsKeyId, String snapshotId, String sourceVolumeId) {
        this.id = id;
        this.sequence = sequence;
        this.zone = zone;
        this.spec = spec;
        this.createTime = createTime;
        this.visibleAt = visibleAt;
        this.transitionEnds = availableAt;
        this.encrypted = encrypted;
        this.kmsKeyId = kmsKeyId;
        this.snapshotId = snapshotId;
        this.sourceVolumeId = sourceVolumeId;
    }

    /** Advances to {@code now}; true once a deleted volume is gone. */
    boolean settle(Instant now) {
        if (lifecycle == Lifecycle.CREATING && !now.isBefore(transitionEnds)) {
            lifecycle = createFails ? Lifecycle.FAILED : Lifecycle.CREATED;
        }
        attachments.removeIf(attachment -> attachment.settle(now));
        if (modification != null) {
            modification.settle(now, this);
        }
        return lifecycle == Lifecycle.DELETING && !now.isBefore(transitionEnds);
    }

    void startDeleting(Instant goneAt) {
        lifecycle = Lifecycle.DELETING;
        transitionEnds = goneAt;
    }

    /** EC2's volume state: creating, available, in-use (any attachment, even attaching or detaching) or deleting. */
    String status() {
        return switch (lifecycle) {
            case CREATING -> "creating";
            case FAILED -> "error";
            case DELETING -> "deleting";
            case CREATED -> attachments.isEmpty() ? "available" : "in-use";
        };
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt);
    }

    Optional<VolumeAttachment> attachmentTo(String instanceId) {
        return attachments.stream().filter(attachment -> attachment.instanceId.equals(instanceId)).findFirst();
    }

    /** EC2's initialization type: provisioned-rate, volume-copy or default; null for a blank volume. */
    String initializationType() {
        if (initializedAt == null) {
            return null;
        }
        if (sourceVolumeId != null) {
            return "volume-copy";
        }
        return initializationRate != null ? "provisioned-rate" : "default";
    }

    /** Whether every block is there: a blank volume always, a restored one once its initialization is over. */
    boolean initialized(Instant now) {
        return lifecycle == Lifecycle.CREATED && (initializedAt == null || !now.isBefore(initializedAt));
    }

    boolean modificationInProgress() {
        return modification != null && modification.state.inProgress();
    }
}
