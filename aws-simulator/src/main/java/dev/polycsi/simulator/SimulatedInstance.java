package dev.polycsi.simulator;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One EC2 instance of the simulated account.
 *
 * @param id   in EC2's form, e.g. {@code i-0123456789abcdef0}
 * @param type sets its EBS attachment limit, e.g. {@code m5.large}
 * @param zone its availability zone, one of the region's
 */
public record SimulatedInstance(String id, String type, String zone) {

    private static final Pattern ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");

    public SimulatedInstance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not an EC2 instance id (i- and 8 or 17 hex digits)");
        }
    }
}
