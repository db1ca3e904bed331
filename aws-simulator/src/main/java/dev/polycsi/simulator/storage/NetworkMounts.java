package dev.polycsi.simulator.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Asks each simulated file service in turn; the first that serves the mount answers. */
public final class NetworkMounts implements NetworkMountResolver {

    private final List<NetworkMountResolver> resolvers;

    public NetworkMounts(List<NetworkMountResolver> resolvers) {
        this.resolvers = List.copyOf(resolvers);
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        for (NetworkMountResolver resolver : resolvers) {
            Optional<Path> directory = resolver.resolve(source, fsType, options);
            if (directory.isPresent()) {
                return directory;
            }
        }
        return Optional.empty();
    }
}
