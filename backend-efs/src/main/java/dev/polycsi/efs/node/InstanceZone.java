package dev.polycsi.efs.node;

import dev.polycsi.spi.AwsAccess;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * The node's zone and zone id from IMDS. EFS works across zones, so a node without IMDS still
 * serves volumes; it then reports no zone, and per-zone mount target addresses cannot be chosen.
 */
record InstanceZone(Optional<String> zone, Optional<String> zoneId) {

    private static final Logger LOG = LogManager.getLogger(InstanceZone.class);

    static final InstanceZone UNKNOWN = new InstanceZone(Optional.empty(), Optional.empty());

    static InstanceZone read(AwsAccess access) {
        Ec2MetadataClient.Builder builder = Ec2MetadataClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(2)).build())
                .retryPolicy(Ec2MetadataRetryPolicy.builder().numRetries(2)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))).build());
        access.metadataEndpoint().ifPresent(builder::endpoint);
        String where = access.metadataEndpoint().map(URI::toString).orElse("the default IMDS endpoint");
        try (Ec2MetadataClient client = builder.build()) {
            Optional<String> zone = get(client, "placement/availability-zone", where);
            Optional<String> zoneId = zone.isPresent() ? get(client, "placement/availability-zone-id", where) : Optional.empty();
            if (zone.isEmpty()) {
                LOG.warn("No zone from the instance metadata service at {}: EFS volumes get no zone topology on this node", where);
            }
            return new InstanceZone(zone, zoneId);
        }
    }

    private static Optional<String> get(Ec2MetadataClient client, String path, String where) {
        try {
            return Optional.of(client.get("/latest/meta-data/" + path).asString().strip()).filter(value -> !value.isEmpty());
        } catch (SdkClientException e) {
            LOG.debug("IMDS at {} has no {}: {}", where, path, e.getMessage());
            return Optional.empty();
        }
    }
}
