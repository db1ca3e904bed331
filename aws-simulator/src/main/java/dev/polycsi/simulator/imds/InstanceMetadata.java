package dev.polycsi.simulator.imds;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.network.SimulatedNetwork;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code /latest/meta-data/} tree of the simulated instance: what the SDK's metadata client
 * and the EBS driver read (ids, type, placement, block-device mapping, network interface). A
 * leaf answers its value; a directory lists its children, sub-directories with a trailing slash.
 * Addresses are loopback, so that nothing read here points off the machine.
 */
final class InstanceMetadata {

    static final String AMI_ID = "ami-0123456789abcdef0";
    static final String MAC = "02:00:00:00:00:01";
    static final String NETWORK_INTERFACE_ID = "eni-0123456789abcdef0";
    static final String LOCAL_IPV4 = "127.0.0.1";

    private final Map<String, String> leaves = new TreeMap<>();

    InstanceMetadata(SimulatorConfig config) {
        String zone = config.instanceZone();
        String hostname = config.region().equals("us-east-1")
                ? "ip-127-0-0-1.ec2.internal"
                : "ip-127-0-0-1." + config.region() + ".compute.internal";
        leaves.put("ami-id", AMI_ID);
        leaves.put("ami-launch-index", "0");
        leaves.put("hostname", hostname);
        leaves.put("instance-id", config.instanceId());
        leaves.put("instance-life-cycle", "on-demand");
        leaves.put("instance-type", config.instanceType());
        leaves.put("local-hostname", hostname);
        leaves.put("local-ipv4", LOCAL_IPV4);
        leaves.put("mac", MAC);
        leaves.put("placement/availability-zone", zone);
        leaves.put("placement/availability-zone-id", config.zoneId(zone));
        leaves.put("placement/region", config.region());
        // only the devices the instance was launched with: EC2 does not list volumes attached later
        leaves.put("block-device-mapping/ami", "/dev/xvda");
        leaves.put("block-device-mapping/root", "/dev/xvda");
        String networkInterface = "network/interfaces/macs/" + MAC + "/";
        leaves.put(networkInterface + "device-number", "0");
        leaves.put(networkInterface + "interface-id", NETWORK_INTERFACE_ID);
        leaves.put(networkInterface + "local-hostname", hostname);
        leaves.put(networkInterface + "local-ipv4s", LOCAL_IPV4);
        leaves.put(networkInterface + "mac", MAC);
        // the subnet of the instance's zone, which EFS mount targets and FSx file systems there use too
        leaves.put(networkInterface + "subnet-id", SimulatedNetwork.subnetId(config, zone));
        leaves.put(networkInterface + "vpc-id", SimulatedNetwork.VPC_ID);
        leaves.put("services/domain", Partition.of(config.region()).domain());
        leaves.put("services/partition", Partition.of(config.region()).name());
    }

    /** The value or listing at {@code path} (relative to meta-data, with or without a trailing slash); empty if none. */
    Optional<String> get(String path) {
        String key = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String leaf = leaves.get(key);
        if (leaf != null) {
            return Optional.of(leaf);
        }
        String prefix = key.isEmpty() ? "" : key + "/";
        TreeSet<String> children = new TreeSet<>();
        for (String name : leaves.keySet()) {
            if (name.startsWith(prefix)) {
                String rest = name.substring(prefix.length());
                int slash = rest.indexOf('/');
                children.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return children.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", children));
    }
}
