package dev.polycsi.simulator.network;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated account's network, which EC2 does not serve as an API (no DescribeSubnets): one
 * VPC, one subnet per zone and the VPC's default security group. The node's network interface
 * (IMDS), EFS mount targets and FSx file systems all sit in it, so the ids a backend is given for
 * one service are the ones the others accept; a subnet decides a file system's zone.
 */
public final class SimulatedNetwork {

    public static final String VPC_ID = "vpc-0123456789abcdef0";
    /** The VPC's default security group, the only one the account has. */
    public static final String DEFAULT_SECURITY_GROUP_ID = "sg-0123456789abcdef0";

    private static final String SUBNET_PREFIX = "subnet-0123456789abcdef";
    private static final Pattern SUBNET = Pattern.compile(Pattern.quote(SUBNET_PREFIX) + "([0-9a-f]+)");

    private SimulatedNetwork() {
    }

    /** One subnet per zone: {@code subnet-0123456789abcdef} and the zone's index in hex. */
    public static String subnetId(SimulatorConfig config, String zone) {
        int index = config.zones().indexOf(zone);
        if (index < 0) {
            throw new IllegalArgumentException(zone + " is not a zone of " + config.zones());
        }
        return SUBNET_PREFIX + Integer.toHexString(index);
    }

    /** The zone of one of the account's subnets; empty for any other id. */
    public static Optional<String> zoneOfSubnet(SimulatorConfig config, String subnetId) {
        Matcher m = SUBNET.matcher(subnetId);
        if (!m.matches() || m.group(1).length() > 4) {
            return Optional.empty();
        }
        int index = Integer.parseInt(m.group(1), 16);
        return index < config.zones().size() && subnetId.equals(subnetId(config, config.zones().get(index)))
                ? Optional.of(config.zones().get(index))
                : Optional.empty();
    }

    public static boolean isSecurityGroup(String id) {
        return DEFAULT_SECURITY_GROUP_ID.equals(id);
    }
}
