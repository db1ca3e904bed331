package dev.polycsi.core.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the CSI server listens: {@code unix:///path/csi.sock} or, for debugging, {@code tcp://127.0.0.1:PORT}. */
public sealed interface Endpoint {

    /** The kernel's limit for a unix socket path (sun_path), including the terminating NUL. */
    int MAX_SOCKET_PATH_BYTES = 107;

    record Unix(Path path) implements Endpoint {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements Endpoint {
        public InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public String toString() {
            return "tcp://" + host + ":" + port;
        }
    }

    /** @throws IllegalArgumentException saying what is wrong, for the command line to print */
    static Endpoint parse(String value) {
        if (value.startsWith("unix://")) {
            String path = value.substring("unix://".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("endpoint '" + value + "': the socket path must be absolute (unix:///path/csi.sock)");
            }
            if (path.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                throw new IllegalArgumentException("endpoint '" + value + "': a unix socket path may have at most "
                        + MAX_SOCKET_PATH_BYTES + " bytes");
            }
            return new Unix(Path.of(path).normalize());
        }
        if (value.startsWith("tcp://")) {
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new IllegalArgumentException("endpoint '" + value + "': expected tcp://HOST:PORT");
                }
                return new Tcp(uri.getHost(), uri.getPort());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("endpoint '" + value + "': " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("endpoint '" + value + "': use unix:///path/csi.sock or tcp://127.0.0.1:PORT");
    }
}
