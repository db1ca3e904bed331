package dev.polycsi.ebs.node;

import dev.polycsi.spi.AwsAccess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * Reads the instance's identity from IMDS (v2, through the SDK's metadata client). Short
 * timeouts and two retries: off EC2 there is no IMDS, and the node should say so within
 * seconds instead of hanging its start-up.
 */
final class InstanceMetadata {

    private static final Logger LOG = LogManager.getLogger(InstanceMetadata.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final int RETRIES = 2;

    private InstanceMetadata() {
    }

    /** Through the SDK's default endpoint lookup, or {@code access.metadataEndpoint()} (the simulator). */
    static InstanceIdentity read(AwsAccess access) {
        Ec2MetadataClient.Builder builder = Ec2MetadataClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build())
                .retryPolicy(Ec2MetadataRetryPolicy.builder()
                        .numRetries(RETRIES)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)))
                        .build());
        access.metadataEndpoint().ifPresent(builder::endpoint);
        String where = access.metadataEndpoint().map(URI::toString).orElse("the default IMDS endpoint");
        try (Ec2MetadataClient client = builder.build()) {
            return read(client, where);
        }
    }

    static InstanceIdentity read(Ec2MetadataClient client, String where) {
        String instanceId = required(client, "instance-id", where);
        String instanceType = required(client, "instance-type", where);
        String zone = required(client, "placement/availability-zone", where);
        int mappings = ebsMappings(optionalList(client, "block-device-mapping/").orElseGet(() -> {
            LOG.warn("IMDS at {} lists no block-device-mapping; counting no volumes besides the root", where);
            return List.of();
        }));
        int interfaces = optionalList(client, "network/interfaces/macs/")
                .map(List::size)
                .filter(count -> count > 0)
                .orElseGet(() -> {
                    LOG.info("IMDS at {} lists no network interfaces; assuming one", where);
                    return 1;
                });
        return new InstanceIdentity(instanceId, instanceType, zone, mappings, interfaces);
    }

    /** ebs1, ebs2 … are volumes from the launch's block device mapping; ami and root name the root device, counted apart. */
    static int ebsMappings(List<String> entries) {
        return (int) entries.stream().map(String::strip).filter(entry -> entry.startsWith("ebs")).count();
    }

    private static String required(Ec2MetadataClient client, String path, String where) {
        String value;
        try {
            value = client.get("/latest/meta-data/" + path).asString().strip();
        } catch (SdkClientException e) {
            throw new IllegalStateException(("cannot read %s from the instance metadata service at %s (is this node an EC2 instance "
                    + "with IMDS enabled, and a hop limit of 2 if the driver runs in a pod?): %s").formatted(path, where, e.getMessage()), e);
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("the instance metadata service at %s answered an empty %s".formatted(where, path));
        }
        return value;
    }

    private static Optional<List<String>> optionalList(Ec2MetadataClient client, String path) {
        try {
            List<String> lines = client.get("/latest/meta-data/" + path).asString().lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            return Optional.of(lines);
        } catch (SdkClientException e) {
            LOG.debug("IMDS has no {}: {}", path, e.getMessage());
            return Optional.empty();
        }
    }
}
