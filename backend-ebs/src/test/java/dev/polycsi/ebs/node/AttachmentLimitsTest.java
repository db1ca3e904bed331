package dev.polycsi.ebs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttachmentLimitsTest {

    static final NodeOptions DEFAULTS = new NodeOptions(Optional.empty(), Optional.empty(), false);

    static InstanceIdentity instance(String type, int mappings, int interfaces) {
        return new InstanceIdentity("i-0123456789abcdef0", type, "us-east-1a", mappings, interfaces);
    }

    @Test
    void tableFollowsEc2sPublishedLimits() {
        assertEquals(new AttachmentLimits.Limit(27, true), AttachmentLimits.of("m5.large"));
        assertEquals(new AttachmentLimits.Limit(27, true), AttachmentLimits.of("t3.medium"));
        assertEquals(new AttachmentLimits.Limit(31, true), AttachmentLimits.of("m5.metal"));
        assertEquals(new AttachmentLimits.Limit(26, true), AttachmentLimits.of("m5d.large"));
        assertEquals(new AttachmentLimits.Limit(23, true), AttachmentLimits.of("r5d.24xlarge"));
        assertEquals(new AttachmentLimits.Limit(25, true), AttachmentLimits.of("c6gd.16xlarge"));
        assertEquals(new AttachmentLimits.Limit(3, true), AttachmentLimits.of("d3.8xlarge"));
        assertEquals(new AttachmentLimits.Limit(39, false), AttachmentLimits.of("t2.micro"));
        assertEquals(new AttachmentLimits.Limit(39, false), AttachmentLimits.of("m4.large"));
        assertEquals(new AttachmentLimits.Limit(39, false), AttachmentLimits.of("i3.large"));
        assertEquals(new AttachmentLimits.Limit(27, true), AttachmentLimits.of("i3.metal"));
        assertEquals(new AttachmentLimits.Limit(27, true), AttachmentLimits.of("i3en.metal2"));
        assertEquals(new AttachmentLimits.Limit(32, false), AttachmentLimits.of("m7i.large"));
        assertEquals(new AttachmentLimits.Limit(32, false), AttachmentLimits.of("c7i-flex.xlarge"));
        assertEquals(new AttachmentLimits.Limit(48, false), AttachmentLimits.of("m7i.16xlarge"));
        assertEquals(new AttachmentLimits.Limit(64, false), AttachmentLimits.of("r7a.24xlarge"));
        assertEquals(new AttachmentLimits.Limit(88, false), AttachmentLimits.of("m7a.32xlarge"));
        assertEquals(new AttachmentLimits.Limit(128, false), AttachmentLimits.of("c7a.48xlarge"));
        assertEquals(new AttachmentLimits.Limit(79, false), AttachmentLimits.of("m7i.metal-48xl"));
        assertEquals(new AttachmentLimits.Limit(64, false), AttachmentLimits.of("c8gn.48xlarge"));
        assertEquals(new AttachmentLimits.Limit(28, false), AttachmentLimits.of("p4d.24xlarge"));
        assertEquals(AttachmentLimits.UNKNOWN, AttachmentLimits.of("z9q.large"));
        assertEquals(AttachmentLimits.UNKNOWN, AttachmentLimits.of("nonsense"));
    }

    @Test
    void theOptionWinsOverEverything() {
        assertEquals(5, AttachmentLimits.maxVolumes(instance("m5.large", 3, 4), new NodeOptions(Optional.of(5), Optional.of(9), false)));
    }

    @Test
    void sharedSlotsLoseTheRootTheLaunchMappingsAndExtraInterfaces() {
        assertEquals(26, AttachmentLimits.maxVolumes(instance("m5.large", 0, 1), DEFAULTS));
        assertEquals(24, AttachmentLimits.maxVolumes(instance("m5.large", 2, 1), DEFAULTS));
        assertEquals(21, AttachmentLimits.maxVolumes(instance("m5.large", 2, 4), DEFAULTS));
        assertEquals(25, AttachmentLimits.maxVolumes(instance("m5d.large", 0, 1), DEFAULTS));
    }

    @Test
    void reservedAttachmentsReplaceTheMappingsAndTheRoot() {
        assertEquals(27, AttachmentLimits.maxVolumes(instance("m5.large", 5, 1), new NodeOptions(Optional.empty(), Optional.of(0), false)));
        assertEquals(24, AttachmentLimits.maxVolumes(instance("m5.large", 5, 1), new NodeOptions(Optional.empty(), Optional.of(3), false)));
    }

    @Test
    void dedicatedAndXenSlotsIgnoreNetworkInterfaces() {
        assertEquals(31, AttachmentLimits.maxVolumes(instance("m7i.large", 0, 3), DEFAULTS));
        assertEquals(127, AttachmentLimits.maxVolumes(instance("m7i.48xlarge", 0, 8), DEFAULTS));
        assertEquals(37, AttachmentLimits.maxVolumes(instance("t2.micro", 1, 2), DEFAULTS));
    }

    @Test
    void atLeastOne() {
        assertEquals(1, AttachmentLimits.maxVolumes(instance("d3.8xlarge", 4, 2), DEFAULTS));
        assertEquals(1, AttachmentLimits.maxVolumes(instance("m5.large", 0, 1), new NodeOptions(Optional.empty(), Optional.of(100), false)));
    }
}
