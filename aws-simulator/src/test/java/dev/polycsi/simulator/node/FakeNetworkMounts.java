package dev.polycsi.simulator.node;

import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Serves efs, nfs and nfs4 with one file system, {@code fs-1:/}, in a given directory; nothing else. */
final class FakeNetworkMounts implements NetworkMountResolver {

    static final String SOURCE = "fs-1:/";
    private static final Set<String> SERVED = Set.of("efs", "nfs", "nfs4");

    private final Path directory;
    private final List<String> asked = new ArrayList<>();

    FakeNetworkMounts(Path directory) {
        this.directory = directory;
    }

    List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        asked.add(source + " " + fsType + " " + options);
        if (!SERVED.contains(fsType)) {
            return Optional.empty();
        }
        if (!source.equals(SOURCE)) {
            throw CsiException.notFound("no simulated file system %s", source);
        }
        return Optional.of(directory);
    }
}
