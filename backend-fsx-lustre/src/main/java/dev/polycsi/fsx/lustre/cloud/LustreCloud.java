package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.support.FsxCloudException;
import java.util.List;
import java.util.Optional;

/**
 * FSx for Lustre as the controller needs it, over the backend's own types, so that the SDK stays
 * behind this seam. No method waits: the controller polls through the core's long operations.
 *
 * <p>Failures are {@link FsxCloudException}s that carry the CSI code they map to
 * ({@link LustreErrors}).
 */
public interface LustreCloud extends AutoCloseable {

    /**
     * CreateFileSystem; returns the file system as FSx answers, still CREATING. FSx answers a
     * request whose token it has seen with the same parameters with that earlier file system,
     * and one with other parameters with IncompatibleParameterError (ALREADY_EXISTS,
     * {@link FsxCloudException#isTokenConflict()}).
     */
    LustreFileSystem create(NewFileSystem request);

    /** The file system, if FSx knows it (in any lifecycle, DELETING included). */
    Optional<LustreFileSystem> describe(String fileSystemId);

    /**
     * Every Lustre file system whose {@code CSIVolumeName} tag is {@code volumeName}, in any
     * lifecycle. DescribeFileSystems cannot filter by tag, so this lists them all, every page:
     * a listing that fails part way fails, rather than answering from the pages it got.
     */
    List<LustreFileSystem> findByVolumeName(String volumeName);

    /** UpdateFileSystem with StorageCapacity: starts a capacity increase (FILE_SYSTEM_UPDATE). */
    LustreFileSystem updateStorageCapacity(String fileSystemId, String clientToken, long storageCapacityGiB);

    /** UpdateFileSystem with the throughput and metadata configuration {@code change} asks for. */
    LustreFileSystem updateLustre(String fileSystemId, String clientToken, LustreChange change);

    /**
     * DeleteFileSystem without a final backup (FSx's default for Lustre, said explicitly); false
     * if FSx does not know the file system.
     */
    boolean delete(String fileSystemId);

    @Override
    void close();
}
