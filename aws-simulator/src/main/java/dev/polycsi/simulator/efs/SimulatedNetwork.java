package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimulatorConfig;

/** The VPC and per-zone subnets the simulated mount targets sit in. */
final class SimulatedNetwork {

    static final String VPC_ID = "vpc-0123456789abcdef0";

    private SimulatedNetwork() {
    }

    /** One subnet per zone: {@code subnet-0123456789abcdef} and the zone's index in hex. */
    static String subnetId(SimulatorConfig config, String zone) {
        return "subnet-0123456789abcdef" + Integer.toHexString(config.zones().indexOf(zone));
    }
}
