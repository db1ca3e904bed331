package dev.polycsi.simulator.storage;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's view of a simulator running in another process on this machine
 * ({@code --simulator-url}): mounts are resolved through the simulator's control endpoint, and
 * the directories it answers are on the shared local disk. A call per mount, through
 * HttpURLConnection: the JDK's HttpClient would start a selector thread and set up TLS in every
 * simulated node for nothing.
 */
public final class RemoteNetworkMounts implements NetworkMountResolver {

    private final URI endpoint;

    public RemoteNetworkMounts(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        String query = "type=" + encode(fsType) + "&source=" + encode(source) + "&options=" + encode(String.join(",", options));
        int status;
        String body;
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/_polycsi/mounts/resolve?" + query).toURL()
                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) Duration.ofSeconds(5).toMillis());
            connection.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
            status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            throw CsiException.unavailable("the simulator at %s does not answer: %s", endpoint, e.getMessage());
        }
        return switch (status) {
            case 200 -> Optional.of(Path.of(body));
            case 204 -> Optional.empty();
            default -> throw new CsiException(ControlErrors.codeFor(status), body);
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
