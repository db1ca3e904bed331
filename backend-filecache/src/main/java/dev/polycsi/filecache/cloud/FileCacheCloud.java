package dev.polycsi.filecache.cloud;

import dev.polycsi.fsx.support.FsxCloudException;
import java.util.List;
import java.util.Optional;

/**
 * Amazon File Cache as the controller needs it, over the backend's own types, so that the SDK
 * stays behind this seam. No method waits: the controller polls through the core's long
 * operations.
 *
 * <p>Failures are {@link FsxCloudException}s that carry the CSI code they map to
 * ({@link FileCacheErrors}).
 */
public interface FileCacheCloud extends AutoCloseable {

    /**
     * CreateFileCache; returns the cache as FSx answers, still CREATING. FSx answers a request
     * whose token it has seen with the same parameters with that earlier cache, and one with
     * other parameters with IncompatibleParameterError (ALREADY_EXISTS,
     * {@link FsxCloudException#isTokenConflict()}).
     */
    Cache create(NewCache request);

    /** The cache, if FSx knows it (in any lifecycle, DELETING included), with its volume name. */
    Optional<Cache> describe(String fileCacheId);

    /**
     * Every cache whose {@code CSIVolumeName} tag is {@code volumeName}, in any lifecycle.
     * DescribeFileCaches neither filters by tag nor shows tags, so this lists every cache, every
     * page, and reads the tags of those whose name it does not know yet: a listing that fails part
     * way fails, rather than answering from the caches it got.
     */
    List<Cache> findByVolumeName(String volumeName);

    /**
     * The data repository associations made with the cache; empty when FSx does not show all of
     * {@link Cache#associationIds()} yet (or the cache has gone), so that nothing is concluded
     * from part of them.
     */
    Optional<List<CacheAssociation>> associations(Cache cache);

    /** DeleteFileCache; false if FSx does not know the cache. */
    boolean delete(String fileCacheId);

    @Override
    void close();
}
