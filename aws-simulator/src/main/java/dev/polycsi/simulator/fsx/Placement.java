package dev.polycsi.simulator.fsx;

import java.util.List;

/**
 * Where a file system's servers sit: its one subnet, which decides its zone, and the security
 * groups of its network interfaces (kept for idempotency checks; FSx never describes them).
 */
record Placement(String subnetId, String zone, List<String> securityGroupIds, List<String> networkInterfaceIds) {

    Placement {
        securityGroupIds = List.copyOf(securityGroupIds);
        networkInterfaceIds = List.copyOf(networkInterfaceIds);
    }
}
