package dev.polycsi.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The simulated account and machine.
 *
 * @param region         e.g. {@code us-east-1}
 * @param zones          zone names of the region, the first being this instance's zone
 * @param instanceId     the instance the node runs on (IMDS answers it)
 * @param instanceType   its type, which sets its EBS attachment limit
 * @param fileSystems    EFS file systems that exist from the start
 * @param dataDir        where volumes' sparse files and file systems' directories live
 * @param deviceDir      where attached volumes appear under their NVMe by-id names
 * @param stateDir       where the simulated AWS state is kept across restarts; empty: in memory only
 * @param port           the loopback port; 0 picks a free one
 */
public record SimulatorConfig(
        String region,
        List<String> zones,
        String instanceId,
        String instanceType,
        List<String> fileSystems,
        Path dataDir,
        Path deviceDir,
        Optional<Path> stateDir,
        int port) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_FILE_SYSTEM = "fs-0123456789abcdef0";
    public static final String DEFAULT_INSTANCE = "i-0123456789abcdef0";

    public SimulatorConfig {
        zones = List.copyOf(zones);
        fileSystems = List.copyOf(fileSystems);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("the simulated region needs at least one zone");
        }
    }

    /** us-east-1 with zones a, b and c; one m5.large instance in us-east-1a; one EFS file system. */
    public static SimulatorConfig defaults(Path dataDir) {
        return new SimulatorConfig(DEFAULT_REGION, List.of("us-east-1a", "us-east-1b", "us-east-1c"), DEFAULT_INSTANCE, "m5.large",
                List.of(DEFAULT_FILE_SYSTEM), dataDir, dataDir.resolve("dev"), Optional.empty(), 0);
    }

    public String instanceZone() {
        return zones.getFirst();
    }

    /** The zone id AWS would give a zone name here, e.g. us-east-1b → use1-az2. */
    public String zoneId(String zone) {
        int index = zones.indexOf(zone);
        String[] parts = region.split("-");
        String prefix = parts[0] + parts[1].charAt(0) + parts[2];
        return prefix + "-az" + (index + 1);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(region, zones, instanceId, instanceType, fileSystems, dataDir, deviceDir, stateDir, newPort);
    }

    public SimulatorConfig withStateDir(Path dir) {
        return new SimulatorConfig(region, zones, instanceId, instanceType, fileSystems, dataDir, deviceDir, Optional.of(dir), port);
    }
}
