package dev.polycsi.simulator.ec2;

import java.time.Instant;

/** A volume's attachment to an instance, from attaching through attached to detaching, after which it is gone. */
final class VolumeAttachment {

    enum State {
        ATTACHING, ATTACHED, DETACHING;

        String wireName() {
            return name().toLowerCase();
        }
    }

    final String volumeId;
    final String instanceId;
    final String device;
    final Instant attachTime;
    State state = State.ATTACHING;
    /** When the current transitional state (attaching, detaching) ends. */
    Instant transitionEnds;

    VolumeAttachment(String volumeId, String instanceId, String device, Instant attachTime, Instant attachedAt) {
        this.volumeId = volumeId;
        this.instanceId = instanceId;
        this.device = device;
        this.attachTime = attachTime;
        this.transitionEnds = attachedAt;
    }

    void startDetaching(Instant detachedAt) {
        state = State.DETACHING;
        transitionEnds = detachedAt;
    }

    /** Advances to {@code now}; true once the volume is detached, when the attachment disappears. */
    boolean settle(Instant now) {
        if (now.isBefore(transitionEnds)) {
            return false;
        }
        if (state == State.ATTACHING) {
            state = State.ATTACHED;
            return false;
        }
        return state == State.DETACHING;
    }
}
