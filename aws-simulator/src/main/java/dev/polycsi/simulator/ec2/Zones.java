package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.AwsError;
import java.util.Optional;
import java.util.regex.Pattern;

/** The simulated region's zones, named or by zone id, checked as EC2 checks them. */
final class Zones {

    private final SimulatorConfig config;
    private final Pattern zoneOfRegion;

    Zones(SimulatorConfig config) {
        this.config = config;
        this.zoneOfRegion = Pattern.compile(Pattern.quote(config.region()) + "[a-z]");
    }

    /**
     * The zone a request names by AvailabilityZone or AvailabilityZoneId: a well-formed zone of the
     * region that does not exist is InvalidZone.NotFound, anything else InvalidParameterValue.
     */
    String required(QueryParams params) {
        Optional<String> name = params.string("AvailabilityZone");
        Optional<String> id = params.string("AvailabilityZoneId");
        if (name.isPresent() && id.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("Only one of AvailabilityZone or AvailabilityZoneId can be specified.");
        }
        if (id.isPresent()) {
            return byId(id.get());
        }
        return byName(name.orElseThrow(() -> Ec2Errors.missingParameter("AvailabilityZone")));
    }

    String byName(String zone) {
        if (config.zones().contains(zone)) {
            return zone;
        }
        if (zoneOfRegion.matcher(zone).matches()) {
            throw AwsError.badRequest("InvalidZone.NotFound", "The zone '%s' does not exist.", zone);
        }
        throw Ec2Errors.invalidParameterValue("Invalid availability zone: [%s]", zone);
    }

    String byId(String zoneId) {
        return config.zones().stream().filter(zone -> config.zoneId(zone).equals(zoneId)).findFirst()
                .orElseThrow(() -> Ec2Errors.invalidParameterValue("Invalid availability zone ID: [%s]", zoneId));
    }
}
