package dev.polycsi.ebs.cloud;

import java.util.Set;

/**
 * An EC2 instance, as far as attaching volumes goes.
 *
 * @param devicesInUse device names of its block device mappings (root volume included)
 */
public record Instance(String instanceId, String instanceType, String zone, Set<String> devicesInUse) {

    public Instance {
        devicesInUse = Set.copyOf(devicesInUse);
    }
}
