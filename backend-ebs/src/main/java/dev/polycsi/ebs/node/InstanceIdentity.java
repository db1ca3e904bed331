package dev.polycsi.ebs.node;

/**
 * What the node knows about the EC2 instance it runs on, read once from IMDS at start.
 *
 * @param instanceId          e.g. i-0123456789abcdef0; the id ControllerPublish attaches volumes to
 * @param instanceType        e.g. m5.large; sets the attachment limit
 * @param zone                e.g. us-east-1a
 * @param blockDeviceMappings EBS volumes the instance was launched with besides the root (IMDS ebsN entries)
 * @param networkInterfaces   attached ENIs, which take attachment slots on Nitro instances with shared slots
 */
record InstanceIdentity(String instanceId, String instanceType, String zone, int blockDeviceMappings, int networkInterfaces) {

    InstanceIdentity {
        if (instanceId.isBlank() || instanceType.isBlank() || zone.isBlank()) {
            throw new IllegalArgumentException("instance id, type and zone are required: " + instanceId + ", " + instanceType + ", " + zone);
        }
        if (blockDeviceMappings < 0 || networkInterfaces < 1) {
            throw new IllegalArgumentException("block device mappings must be >= 0 and network interfaces >= 1");
        }
    }
}
