package dev.polycsi.simulator.ec2;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Device names EC2 accepts for EBS attachments on Linux: {@code /dev/sd[a-z]} with an optional
 * partition 1–15, {@code /dev/xvd[a-z]}, and {@code /dev/xvd[a-c][a-z]} up to {@code /dev/xvddx}
 * (the EBS CSI driver found that last bound by trial and allocates from {@code /dev/xvdaa}).
 */
final class DeviceNames {

    private static final Pattern VALID = Pattern.compile("/dev/(?:sd[a-z](?:[1-9]|1[0-5])?|xvd[a-z]|xvd[a-c][a-z]|xvdd[a-x])");

    /** The simulated instance boots from an EBS root device under these names, so they are taken. */
    static final Set<String> ROOT_DEVICES = Set.of("/dev/xvda", "/dev/sda1");
    static final String ROOT_DEVICE = "/dev/xvda";

    private DeviceNames() {
    }

    static String require(String device) {
        if (!VALID.matcher(device).matches()) {
            throw Ec2Errors.invalidParameterValue("Value (%s) for parameter device is invalid. %s is not a valid EBS device name.", device, device);
        }
        return device;
    }
}
