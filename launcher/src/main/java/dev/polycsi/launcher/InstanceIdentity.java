package dev.polycsi.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The EC2 instance id from IMDSv2, the node id the AWS backends expect (as the official drivers
 * use it). Honours the SDK's variables: {@code AWS_EC2_METADATA_DISABLED} and
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. Off EC2 the look-up gives up within a second.
 */
final class InstanceIdentity {

    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,32}");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private InstanceIdentity() {
    }

    static Optional<String> lookUp(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.getOrDefault("AWS_EC2_METADATA_DISABLED", ""))) {
            return Optional.empty();
        }
        URI base = URI.create(environment.getOrDefault("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.254").replaceAll("/+$", ""));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/latest/api/token"))
                    .timeout(TIMEOUT).header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                return Optional.empty();
            }
            HttpResponse<String> id = http.send(HttpRequest.newBuilder(URI.create(base + "/latest/meta-data/instance-id"))
                    .timeout(TIMEOUT).header("X-aws-ec2-metadata-token", token.body().strip()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = id.body().strip();
            return id.statusCode() == 200 && INSTANCE_ID.matcher(body).matches() ? Optional.of(body) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
