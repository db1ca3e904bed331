package dev.polycsi.simulator.storage;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's view of a simulator running in another process on this machine
 * ({@code --simulator-url}): mounts are resolved through the simulator's control endpoint, and
 * the directories it answers are on the shared local disk.
 */
public final class RemoteNetworkMounts implements NetworkMountResolver {

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RemoteNetworkMounts(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        String query = "type=" + encode(fsType) + "&source=" + encode(source) + "&options=" + encode(String.join(",", options));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/mounts/resolve?" + query))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CsiException.unavailable("the simulator at %s does not answer: %s", endpoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CsiException.aborted("interrupted while asking the simulator for %s", source);
        }
        String body = response.body().strip();
        return switch (response.statusCode()) {
            case 200 -> Optional.of(Path.of(body));
            case 204 -> Optional.empty();
            default -> throw new CsiException(ControlErrors.codeFor(response.statusCode()), body);
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
