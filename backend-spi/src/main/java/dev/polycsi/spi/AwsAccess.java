package dev.polycsi.spi;

import dev.polycsi.spi.metrics.AwsCallObserver;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backend reaches AWS. Empty values mean the AWS SDK's own defaults (the real AWS, with
 * the region and credentials of the pod). Under {@code --simulate} every value is set, pointing
 * at the simulator on loopback, so that nothing leaves the machine: a backend must apply all of
 * them to every SDK client it builds, and must not otherwise know it is simulated.
 *
 * @param region           the region to use instead of the SDK's region lookup
 * @param endpoint         the endpoint override for every AWS service client
 * @param metadataEndpoint the instance metadata (IMDS) endpoint
 * @param accessKeyId      static credentials instead of the SDK's credential chain
 * @param secretAccessKey  with {@code accessKeyId}
 * @param calls            told of every API call of the clients built from this access (the
 *                         driver's metrics); {@link AwsCallObserver#NONE} when metrics are off
 */
public record AwsAccess(
        Optional<String> region,
        Optional<URI> endpoint,
        Optional<URI> metadataEndpoint,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey,
        AwsCallObserver calls) {

    public AwsAccess {
        Objects.requireNonNull(calls, "calls");
    }

    /** Without an observer of calls. */
    public AwsAccess(Optional<String> region, Optional<URI> endpoint, Optional<URI> metadataEndpoint,
            Optional<String> accessKeyId, Optional<String> secretAccessKey) {
        this(region, endpoint, metadataEndpoint, accessKeyId, secretAccessKey, AwsCallObserver.NONE);
    }

    /** The same access, its calls told to {@code observer}. */
    public AwsAccess observedBy(AwsCallObserver observer) {
        return new AwsAccess(region, endpoint, metadataEndpoint, accessKeyId, secretAccessKey, observer);
    }

    /** The real AWS, found the way the SDK finds it. */
    public static final AwsAccess DEFAULT = new AwsAccess(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Everything pointed at one endpoint, e.g. the simulator's. */
    public static AwsAccess simulated(String region, URI endpoint) {
        return new AwsAccess(Optional.of(region), Optional.of(endpoint), Optional.of(endpoint),
                Optional.of("polycsi-simulator"), Optional.of("polycsi-simulator"));
    }

    @Override
    public String toString() {
        return "AwsAccess[region=" + region.orElse("(SDK default)") + ", endpoint=" + endpoint.map(URI::toString).orElse("(SDK default)")
                + ", credentials=" + (accessKeyId.isPresent() ? "static (redacted)" : "(SDK chain)") + "]";
    }
}
