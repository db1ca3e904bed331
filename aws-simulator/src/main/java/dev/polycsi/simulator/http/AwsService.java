package dev.polycsi.simulator.http;

/**
 * One simulated AWS service on the shared port. The server asks each service in turn whether
 * a request is its own, counts and delays it, applies throttling and injected faults, and
 * only then lets the service handle it.
 */
public interface AwsService {

    /** Short name used in knobs and counters, e.g. {@code ec2}. */
    String name();

    /** Whether this request is for this service (by path, header or body shape). */
    boolean accepts(SimRequest request);

    /** Whether requests must carry a SigV4 Authorization header (IMDS and the control endpoint do not). */
    default boolean signed() {
        return true;
    }

    /** The API action, e.g. {@code CreateVolume}; also the key for knobs and counters. */
    String actionOf(SimRequest request);

    /** The throttling class of an action (EC2 meters classes of actions, not single actions). */
    default String throttleClassOf(String action) {
        return action;
    }

    /** The throttling class of this request; EC2 meters unfiltered listings apart from filtered ones. */
    default String throttleClassOf(String action, SimRequest request) {
        return throttleClassOf(action);
    }

    /** The error this service answers when it throttles (EC2: 503 RequestLimitExceeded). */
    default AwsError throttled() {
        return new AwsError(400, "ThrottlingException", "Rate exceeded");
    }

    SimResponse handle(SimRequest request);

    /** Renders an error in this service's protocol. */
    SimResponse error(AwsError error);
}
