package dev.polycsi.filecache.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.filecache.cloud.Cache;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.cloud.FileCacheCloud;
import dev.polycsi.filecache.cloud.SdkFileCacheCloud;
import dev.polycsi.filecache.params.CacheSettings;
import dev.polycsi.filecache.params.CacheVolumeId;
import dev.polycsi.filecache.params.VolumeParameters;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The controller of {@code backend: filecache}: one Amazon File Cache per volume, its id the
 * volume id ({@code fc-…}, as aws-file-cache-csi-driver's, so that static volumes written for it
 * work too). Creation takes minutes, so it runs as a long operation of the core
 * ({@link CacheCreation}): a call waits until shortly before its deadline and answers ABORTED
 * with the state, and its retry joins the same waiter or, after a restart, finds the cache again
 * in FSx by its tag.
 *
 * <p>No expansion: UpdateFileCache changes only the maintenance window, so a cache keeps the size
 * it was made with, and the backend does not declare EXPAND_VOLUME (the core refuses
 * ControllerExpandVolume of a cache volume, naming the volume and this backend, even where another
 * backend of the driver can grow its volumes).
 *
 * <p>Volumes report no topology, as FSx for Lustre's: a cache lives in its subnet's zone but is
 * reachable over TCP from every zone of its VPC, and the official driver reports none either.
 */
public final class FileCacheController implements ControllerOps {

    private static final Logger LOG = LogManager.getLogger(FileCacheController.class);

    /** The filesystem types a capability may name: none, or the one it is. */
    static final Set<String> FS_TYPES = Set.of("", "lustre");
    /** FSx's ClientRequestToken has at most 63 characters. */
    static final int TOKEN_LENGTH = 63;

    private final FileCacheCloud cloud;
    private final LongOperations operations;
    private final ClientTokens tokens;
    private final Duration firstPoll;

    public FileCacheController(FileCacheCloud cloud, LongOperations operations) {
        this(cloud, operations, Clock.systemUTC(), PollOptions.DEFAULT_FIRST_POLL);
    }

    FileCacheController(FileCacheCloud cloud, LongOperations operations, Clock clock) {
        this(cloud, operations, clock, PollOptions.DEFAULT_FIRST_POLL);
    }

    FileCacheController(FileCacheCloud cloud, LongOperations operations, Clock clock, Duration firstPoll) {
        this.cloud = cloud;
        this.operations = operations;
        this.tokens = new ClientTokens(clock, TOKEN_LENGTH);
        this.firstPoll = firstPoll;
    }

    /** The controller on FSx as {@code aws} reaches it, waiting through the core's {@code operations}; it owns and closes its client. */
    public static FileCacheController create(AwsAccess aws, LongOperations operations, PollOptions options) {
        return new FileCacheController(SdkFileCacheCloud.create(aws), operations, Clock.systemUTC(), options.firstPoll());
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireLustreFsType(request.capabilities());
        CacheSettings settings = VolumeParameters.resolve(request);
        Map<String, String> tags = new LinkedHashMap<>(settings.extraTags());
        tags.put(FsxTags.VOLUME_NAME_TAG, request.name());
        FsxTags.checkLimits(tags, "cache");
        VolumeRequest wanted = new VolumeRequest(request.name(), settings, request.capacity(), tags);

        Cache cache = operations.await("create:" + request.name(), new CacheCreation(wanted, cloud, tokens, firstPoll), request.deadline());
        // A call that joined a running waiter did not run its own check: compare its own request.
        wanted.requireCompatible(cache, cloud.associations(cache));
        return volume(cache);
    }

    /**
     * Deletes the cache and does not wait: FSx finishes it. An id that names no cache, or one
     * being deleted, is deleted already. A cache without the {@code CSIVolumeName} tag was not
     * made by a CSI driver: it is a static volume, whose data is its owner's, and is left alone.
     */
    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String volumeId = request.volumeId();
        if (CacheVolumeId.find(volumeId).isEmpty()) {
            LOG.info("DeleteVolume: {} is no File Cache id; nothing to delete", volumeId);
            return;
        }
        Optional<Cache> cache = cloud.describe(volumeId);
        if (cache.isEmpty() || cache.get().lifecycle() == CacheLifecycle.DELETING) {
            LOG.info("DeleteVolume: cache {} is {}", volumeId, cache.isEmpty() ? "gone" : "being deleted");
            return;
        }
        if (cache.get().volumeName().isEmpty()) {
            LOG.warn("DeleteVolume: cache {} has no {} tag, so it was not created for a volume; leaving it alone", volumeId,
                    FsxTags.VOLUME_NAME_TAG);
            return;
        }
        if (!cloud.delete(volumeId)) {
            LOG.info("DeleteVolume: cache {} is gone", volumeId);
        }
    }

    /** The cache, in any state but DELETING, with the volume context the node mounts it by. */
    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        if (CacheVolumeId.find(request.volumeId()).isEmpty()) {
            return Optional.empty();
        }
        return cloud.describe(request.volumeId()).filter(cache -> cache.lifecycle() != CacheLifecycle.DELETING)
                .map(FileCacheController::volume);
    }

    /** Closes the FSx client, which this controller owns. */
    @Override
    public void close() {
        cloud.close();
    }

    /** No topology: see the class comment. The context is what the node mounts, {@code <dnsname>@tcp:/<mountname>}. */
    static Volume volume(Cache cache) {
        Map<String, String> context = cache.hasVolumeContext() ? cache.volumeContext().toMap() : Map.of();
        return new Volume(cache.id(), cache.capacityBytes(), context, List.of(), Optional.empty());
    }

    static void requireLustreFsType(List<VolumeCapability> capabilities) {
        for (VolumeCapability capability : capabilities) {
            if (!FS_TYPES.contains(capability.fsType())) {
                throw CsiException.invalidArgument("fsType %s is not supported for Amazon File Cache volumes; leave it empty or give lustre",
                        capability.fsType());
            }
        }
    }
}
