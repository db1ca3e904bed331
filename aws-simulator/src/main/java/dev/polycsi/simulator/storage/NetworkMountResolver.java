package dev.polycsi.simulator.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the local directory that stands for a network file system mount (EFS, NFS, Lustre)
 * under simulation, so that the node can bind-mount it in place of the real protocol.
 */
public interface NetworkMountResolver {

    /**
     * The directory for {@code mount -t fsType -o options source}, created if the real service
     * would create it on first mount (e.g. an EFS access point's root directory); empty if this
     * resolver does not serve that file system type. An unknown file system or access point
     * is a {@link dev.polycsi.spi.CsiException} NOT_FOUND.
     */
    Optional<Path> resolve(String source, String fsType, List<String> options);
}
