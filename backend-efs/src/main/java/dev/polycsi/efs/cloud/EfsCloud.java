package dev.polycsi.efs.cloud;

import java.util.List;
import java.util.Optional;

/**
 * The EFS API as the controller needs it. Failures are {@link dev.polycsi.spi.CsiException}s with
 * the CSI code that fits (NOT_FOUND, RESOURCE_EXHAUSTED, UNAVAILABLE, …), except
 * {@link AccessPointExistsException}, which the controller resolves.
 */
public interface EfsCloud extends AutoCloseable {

    /** Empty if there is no such file system. */
    Optional<FileSystem> fileSystem(String fileSystemId);

    /** Every access point of the file system, all pages; NOT_FOUND if the file system does not exist. */
    List<AccessPoint> accessPoints(String fileSystemId);

    /** Empty if there is no such access point. */
    Optional<AccessPoint> accessPoint(String accessPointId);

    /** @throws AccessPointExistsException when the client token was used before */
    AccessPoint createAccessPoint(NewAccessPoint request);

    /** False if it did not exist. */
    boolean deleteAccessPoint(String accessPointId);

    List<MountTarget> mountTargets(String fileSystemId);

    @Override
    default void close() {
    }
}
