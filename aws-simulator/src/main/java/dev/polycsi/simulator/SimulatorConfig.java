package dev.polycsi.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated account and machine.
 *
 * @param region         e.g. {@code us-east-1}
 * @param zones          zone names of the region
 * @param instances      the account's instances; the first is the one the node runs on: IMDS answers
 *                       it, and only its attachments appear as block devices on this machine
 * @param fileSystems    EFS file systems that exist from the start
 * @param dataDir        where volumes' sparse files and file systems' directories live
 * @param deviceDir      where attached volumes appear under their NVMe by-id names
 * @param stateDir       where the simulated AWS state is kept across restarts; empty: in memory only
 * @param port           the loopback port; 0 picks a free one
 */
public record SimulatorConfig(
        String region,
        List<String> zones,
        List<SimulatedInstance> instances,
        List<String> fileSystems,
        Path dataDir,
        Path deviceDir,
        Optional<Path> stateDir,
        int port) {

    /** The simulated account, owner of every resource of every service. */
    public static final String ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_FILE_SYSTEM = "fs-0123456789abcdef0";
    public static final String DEFAULT_INSTANCE = "i-0123456789abcdef0";
    public static final String DEFAULT_INSTANCE_TYPE = "m5.large";
    /** Enough for any test or benchmark; derived ids have four hex digits for the index. */
    public static final int MAX_INSTANCES = 0xffff;

    public SimulatorConfig {
        zones = List.copyOf(zones);
        instances = List.copyOf(instances);
        fileSystems = List.copyOf(fileSystems);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("the simulated region needs at least one zone");
        }
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("the simulated account needs at least one instance, the node's");
        }
        Set<String> ids = new HashSet<>();
        for (SimulatedInstance instance : instances) {
            if (!ids.add(instance.id())) {
                throw new IllegalArgumentException("instance " + instance.id() + " is listed twice");
            }
            if (!zones.contains(instance.zone())) {
                throw new IllegalArgumentException("instance " + instance.id() + " is in " + instance.zone() + ", not a zone of " + zones);
            }
        }
    }

    /** One instance, the node's, in the first zone. */
    public SimulatorConfig(String region, List<String> zones, String instanceId, String instanceType, List<String> fileSystems,
            Path dataDir, Path deviceDir, Optional<Path> stateDir, int port) {
        this(region, zones, List.of(new SimulatedInstance(instanceId, instanceType, firstZone(zones))), fileSystems, dataDir,
                deviceDir, stateDir, port);
    }

    /** us-east-1 with zones a, b and c; one m5.large instance in us-east-1a; one EFS file system. */
    public static SimulatorConfig defaults(Path dataDir) {
        return new SimulatorConfig(DEFAULT_REGION, List.of("us-east-1a", "us-east-1b", "us-east-1c"), DEFAULT_INSTANCE,
                DEFAULT_INSTANCE_TYPE, List.of(DEFAULT_FILE_SYSTEM), dataDir, dataDir.resolve("dev"), Optional.empty(), 0);
    }

    /** The instance the node runs on. */
    public SimulatedInstance nodeInstance() {
        return instances.getFirst();
    }

    public String instanceId() {
        return nodeInstance().id();
    }

    public String instanceType() {
        return nodeInstance().type();
    }

    public String instanceZone() {
        return nodeInstance().zone();
    }

    public Optional<SimulatedInstance> instance(String id) {
        return instances.stream().filter(instance -> instance.id().equals(id)).findFirst();
    }

    /** Whether volumes attached to this instance appear on this machine. */
    public boolean isNodeInstance(String id) {
        return instanceId().equals(id);
    }

    /** The zone id AWS would give a zone name here, e.g. us-east-1b → use1-az2. */
    public String zoneId(String zone) {
        int index = zones.indexOf(zone);
        String[] parts = region.split("-");
        String prefix = parts[0] + parts[1].charAt(0) + parts[2];
        return prefix + "-az" + (index + 1);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(region, zones, instances, fileSystems, dataDir, deviceDir, stateDir, newPort);
    }

    public SimulatorConfig withStateDir(Path dir) {
        return new SimulatorConfig(region, zones, instances, fileSystems, dataDir, deviceDir, Optional.of(dir), port);
    }

    public SimulatorConfig withInstances(List<SimulatedInstance> newInstances) {
        return new SimulatorConfig(region, zones, newInstances, fileSystems, dataDir, deviceDir, stateDir, port);
    }

    /**
     * The node's instance and {@code total - 1} more of its type, which replace any others. The
     * others take turns over the region's zones starting after the node's (us-east-1b, 1c, 1a, …),
     * as a cluster spread over zones would: a volume attaches only to instances of its own zone
     * (InvalidVolume.ZoneMismatch otherwise), so put it in the zone of {@link #instance(String)}.
     * Their ids are {@link #derivedInstanceId(int)}.
     */
    public SimulatorConfig withInstanceCount(int total) {
        if (total < 1 || total > MAX_INSTANCES) {
            throw new IllegalArgumentException("the number of simulated instances must be between 1 and " + MAX_INSTANCES + ", not " + total);
        }
        SimulatedInstance node = nodeInstance();
        int nodeZone = zones.indexOf(node.zone());
        List<SimulatedInstance> all = new ArrayList<>(List.of(node));
        for (int index = 1; index < total; index++) {
            all.add(new SimulatedInstance(derivedInstanceId(index), node.type(), zones.get((nodeZone + index) % zones.size())));
        }
        return withInstances(all);
    }

    /**
     * The id of the {@code index}th instance (1 for the first after the node's):
     * {@code i-0123456789abd0001}, … Never the default node instance's id, whose 13th digit is c.
     */
    public static String derivedInstanceId(int index) {
        if (index < 1 || index > MAX_INSTANCES) {
            throw new IllegalArgumentException("instance index " + index + " is outside 1.." + MAX_INSTANCES);
        }
        return "i-0123456789abd%04x".formatted(index);
    }

    private static String firstZone(List<String> zones) {
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("the simulated region needs at least one zone");
        }
        return zones.getFirst();
    }
}
