package dev.polycsi.aws.imds;

import java.util.Optional;

/**
 * Where the instance runs, each part empty when IMDS did not say.
 *
 * @param zone   e.g. us-east-1a, for topology
 * @param zoneId e.g. use1-az1, the same physical zone in every account (mount targets are per zone id)
 */
public record InstanceZone(Optional<String> zone, Optional<String> zoneId) {

    public static final InstanceZone UNKNOWN = new InstanceZone(Optional.empty(), Optional.empty());
}
