package dev.polycsi.simulator.fsx;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a file system's or cache's servers sit: its one subnet, which decides its zone, and the
 * security groups of its network interfaces (kept for idempotency checks; FSx never describes them).
 */
record Placement(String subnetId, String zone, List<String> securityGroupIds, List<String> networkInterfaceIds) {

    /** FSx gives a new Lustre file system or cache network interfaces in its subnet; two stand for them. */
    private static final int NETWORK_INTERFACES = 2;

    Placement {
        securityGroupIds = List.copyOf(securityGroupIds);
        networkInterfaceIds = List.copyOf(networkInterfaceIds);
    }

    /** A new resource's placement, with network interfaces of its own. */
    static Placement withNewInterfaces(String subnetId, String zone, List<String> securityGroupIds) {
        List<String> interfaces = new ArrayList<>();
        for (int i = 0; i < NETWORK_INTERFACES; i++) {
            interfaces.add(FsxIds.newNetworkInterfaceId());
        }
        return new Placement(subnetId, zone, securityGroupIds, interfaces);
    }
}
