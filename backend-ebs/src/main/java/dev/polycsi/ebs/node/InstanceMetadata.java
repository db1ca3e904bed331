package dev.polycsi.ebs.node;

import dev.polycsi.aws.imds.Imds;
import dev.polycsi.spi.AwsAccess;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The instance's identity from IMDS, through the process's shared reader. */
final class InstanceMetadata {

    private static final Logger LOG = LogManager.getLogger(InstanceMetadata.class);

    private InstanceMetadata() {
    }

    /** Through the SDK's default endpoint lookup, or {@code access.metadataEndpoint()} (the simulator). */
    static InstanceIdentity read(AwsAccess access) {
        Imds imds = Imds.at(access);
        String instanceId = imds.require("instance-id");
        String instanceType = imds.require("instance-type");
        String zone = imds.require("placement/availability-zone");
        int mappings = ebsMappings(imds.list("block-device-mapping/").orElseGet(() -> {
            LOG.warn("IMDS at {} lists no block-device-mapping; counting no volumes besides the root", imds.where());
            return List.of();
        }));
        int interfaces = imds.list("network/interfaces/macs/")
                .map(List::size)
                .filter(count -> count > 0)
                .orElseGet(() -> {
                    LOG.info("IMDS at {} lists no network interfaces; assuming one", imds.where());
                    return 1;
                });
        return new InstanceIdentity(instanceId, instanceType, zone, mappings, interfaces);
    }

    /** ebs1, ebs2 … are volumes from the launch's block device mapping; ami and root name the root device, counted apart. */
    static int ebsMappings(List<String> entries) {
        return (int) entries.stream().map(String::strip).filter(entry -> entry.startsWith("ebs")).count();
    }
}
