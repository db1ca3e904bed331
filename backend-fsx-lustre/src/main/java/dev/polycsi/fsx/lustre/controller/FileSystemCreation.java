package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.aws.idempotency.IdempotentCreate;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The creation of one volume's file system, as the core's waiter polls it. One file system per
 * volume name, whatever the retries, restarts and token expiry:
 * <ul>
 * <li>the name is the file system's {@code CSIVolumeName} tag, so a look-up by tag finds what any
 *     earlier call or process made, however long ago (the official driver created duplicates once
 *     its client token had expired, PR #453);</li>
 * <li>CreateFileSystem's ClientRequestToken derives from the name, so a create whose answer was
 *     lost, or that the listing does not show yet, is answered with the same file system;</li>
 * <li>the token's generation moves on when it must not be replayed: after a FAILED file system of
 *     the name was discarded, when FSx refuses the token as used with other parameters, and when
 *     it answers with a file system that is FAILED or DELETING (the token of an earlier attempt,
 *     still within FSx's window: after a restart this process does not remember the generation,
 *     and FSx's answer tells it).</li>
 * </ul>
 *
 * <p>A token answered with a file system that no look-up shows is not taken for spent: FSx's
 * listings lag behind its creations, so that file system may be new rather than gone, and
 * guessing wrong would make the duplicate all this is for. At worst, if FSx answers a token with
 * a file system deleted since, the creation waits until FSx forgets the token.
 *
 * <p>Once the file system's id is known it is polled by id (cheap, merged with other volumes'
 * polls) instead of listing every file system of the account each time.
 */
final class FileSystemCreation implements LongOperation<LustreFileSystem> {

    private static final Logger LOG = LogManager.getLogger(FileSystemCreation.class);

    private final VolumeRequest request;
    private final LustreCloud cloud;
    private final ClientTokens tokens;
    private final IdempotentCreate<LustreFileSystem> creation;
    private final Duration firstPoll;
    /** The file system this creation is about, once known. Called one method at a time, but from changing threads. */
    private volatile String knownId;

    FileSystemCreation(VolumeRequest request, LustreCloud cloud, ClientTokens tokens, Duration firstPoll) {
        this.firstPoll = firstPoll;
        this.request = request;
        this.cloud = cloud;
        this.tokens = tokens;
        this.creation = new IdempotentCreate<LustreFileSystem>("file system", tokens,
                e -> e instanceof FsxCloudException fsx && fsx.isTokenConflict())
                .skipping(this::isSpent);
    }

    @Override
    public String description() {
        return "creation of the FSx for Lustre file system of volume " + request.name();
    }

    @Override
    public Progress<LustreFileSystem> check() {
        List<LustreFileSystem> named = lookUp();
        Optional<LustreFileSystem> live = live(named);
        if (live.isPresent()) {
            LustreFileSystem fileSystem = live.get();
            knownId = fileSystem.id();
            // the waiter's own request; a call that joins later compares its own after the wait
            request.requireCompatible(fileSystem);
            return switch (fileSystem.lifecycle()) {
                case AVAILABLE -> Progress.done(fileSystem);
                // FSx says MISCONFIGURED is recoverable (a KMS key or bucket FSx cannot reach
                // until someone fixes access): wait, and show why in every ABORTED
                case MISCONFIGURED -> Progress.pending("MISCONFIGURED (%s: %s)".formatted(fileSystem.id(),
                        fileSystem.failureMessage().orElse("FSx gives no reason")));
                default -> Progress.pending(fileSystem.lifecycle() + " (" + fileSystem.id() + ")");
            };
        }
        Optional<LustreFileSystem> failed = named.stream().filter(fs -> fs.lifecycle() == Lifecycle.FAILED).findFirst();
        if (failed.isPresent()) {
            return Progress.failed(failed.get().id(), failed.get().failureMessage().orElse("FSx gives no reason"));
        }
        Optional<LustreFileSystem> deleting = named.stream().filter(fs -> fs.lifecycle() == Lifecycle.DELETING).findFirst();
        if (deleting.isPresent()) {
            // Not reported as failed again: the name may be reused after a DeleteVolume, where
            // nothing failed; waiting keeps start() from running just as well.
            return Progress.pending("DELETING (%s, of an earlier attempt; a new file system is created once it has gone)"
                    .formatted(deleting.get().id()));
        }
        return Progress.absent();
    }

    /** The file systems of this name: the known one by id, or else every one tagged so. */
    private List<LustreFileSystem> lookUp() {
        String id = knownId;
        if (id != null) {
            Optional<LustreFileSystem> known = cloud.describe(id);
            if (known.isPresent() && known.get().volumeName().equals(Optional.of(request.name()))) {
                return List.of(known.get());
            }
            knownId = null;
        }
        return cloud.findByVolumeName(request.name());
    }

    /**
     * The file system the name stands for: the AVAILABLE one, else the oldest that may become
     * usable. More than one exists only if something else made them (the official driver's
     * duplicates); they are left alone, since they may hold data.
     */
    private Optional<LustreFileSystem> live(List<LustreFileSystem> named) {
        List<LustreFileSystem> live = named.stream().filter(fs -> fs.lifecycle().isLive())
                .sorted(Comparator.comparing((LustreFileSystem fs) -> fs.lifecycle() != Lifecycle.AVAILABLE)
                        .thenComparing(LustreFileSystem::creationTime))
                .toList();
        if (live.size() > 1) {
            LOG.warn("Volume {} has {} file systems: {}; using {}, leaving the others alone", request.name(), live.size(),
                    live.stream().map(LustreFileSystem::id).toList(), live.getFirst().id());
        }
        return live.stream().findFirst();
    }

    /** Creates the file system, or finds it by name after all; see the class comment for the tokens. */
    @Override
    public void start() {
        LustreFileSystem fileSystem = creation.create(request.name(), () -> live(cloud.findByVolumeName(request.name())),
                request::requireCompatible, token -> cloud.create(request.create(token)));
        knownId = fileSystem.id();
    }

    /** A file system a token names that cannot be this volume's any more: FSx says it failed or is being deleted. */
    private boolean isSpent(LustreFileSystem fileSystem) {
        return fileSystem.lifecycle() == Lifecycle.FAILED || fileSystem.lifecycle() == Lifecycle.DELETING;
    }

    /**
     * Deletes the FAILED file system (the official driver left them behind), and moves the token
     * on: the failed one's would be answered with it for as long as FSx remembers the token.
     */
    @Override
    public void discard(Progress.Failed<LustreFileSystem> failed) {
        knownId = null;
        tokens.reject(request.name(), tokens.current(request.name()));
        if (cloud.delete(failed.resourceId())) {
            LOG.info("Volume {}: deleting failed file system {}", request.name(), failed.resourceId());
        }
    }

    @Override
    public CsiException failure(Progress.Failed<LustreFileSystem> failed) {
        return CsiException.internal("FSx could not create file system %s for volume %s: %s. It is deleted, and the next CreateVolume "
                + "creates a new one", failed.resourceId(), request.name(), failed.message());
    }

    /** The controller's {@code first-poll-seconds}: creation takes minutes (5 to 10 for Lustre), no point in looking every second. */
    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
