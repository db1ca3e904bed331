package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.json.JsonRequest;
import dev.polycsi.simulator.network.SimulatedNetwork;
import java.util.List;

/**
 * Where a new Lustre file system or cache goes: exactly one of the simulated account's subnets
 * (which decides the zone), and security groups the account has. A malformed request is
 * BadRequest; an id the account does not have is InvalidNetworkSettings naming it.
 */
final class FsxNetwork {

    private static final int MAX_SECURITY_GROUPS = 50;

    private FsxNetwork() {
    }

    /** The one subnet of {@code SubnetIds}; {@code resource} names what is created, e.g. "A LUSTRE file system". */
    static String subnet(JsonRequest body, String resource) {
        List<String> subnets = body.strings("SubnetIds");
        if (subnets.size() != 1) {
            throw FsxError.badRequest("%s needs exactly one subnet in SubnetIds, not %d.", resource, subnets.size());
        }
        return subnets.getFirst();
    }

    static String zoneOf(SimulatorConfig config, String subnetId) {
        return SimulatedNetwork.zoneOfSubnet(config, subnetId).orElseThrow(() -> FsxError.invalidSubnet(subnetId));
    }

    static List<String> securityGroups(JsonRequest body) {
        List<String> groups = body.strings("SecurityGroupIds");
        if (groups.size() > MAX_SECURITY_GROUPS) {
            throw FsxError.badRequest("SecurityGroupIds can list at most %d security groups.", MAX_SECURITY_GROUPS);
        }
        groups.stream().filter(group -> !SimulatedNetwork.isSecurityGroup(group)).findFirst().ifPresent(group -> {
            throw FsxError.invalidSecurityGroup(group);
        });
        return groups;
    }
}
