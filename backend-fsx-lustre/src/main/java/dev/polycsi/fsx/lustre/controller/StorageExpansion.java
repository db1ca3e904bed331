package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A storage capacity increase of one file system to {@code targetGiB}, done when FSx's
 * FILE_SYSTEM_UPDATE reaches UPDATED_OPTIMIZING: the file system then has the new size, and FSx
 * rebalances the data in the background for hours more. The result is the size in GiB.
 *
 * <p>Found again after a restart by its FILE_SYSTEM_UPDATE action (target and status), which FSx
 * lists with the file system. FSx allows one increase at a time, and the next only 6 hours after
 * the last was requested and once its storage optimization has finished; that rule is checked
 * here before asking, so that the caller learns when it may retry, and FSx's own refusal is
 * mapped the same way ({@code LustreErrors}) in case the clocks disagree.
 */
final class StorageExpansion implements LongOperation<Long> {

    /** FSx's time between two storage capacity increases. */
    static final Duration COOLDOWN = Duration.ofHours(6);

    private final LustreCloud cloud;
    private final String fileSystemId;
    private final long targetGiB;
    private final ClientTokens tokens;
    private final ReportedFailures reported;
    private final Clock clock;
    private final Duration firstPoll;
    /** What the last check saw, for start() and discard() right after it. */
    private volatile LustreFileSystem seen;
    private volatile FileSystemAction failedAction;

    StorageExpansion(LustreCloud cloud, String fileSystemId, long targetGiB, ClientTokens tokens, ReportedFailures reported, Clock clock,
            Duration firstPoll) {
        this.firstPoll = firstPoll;
        this.cloud = cloud;
        this.fileSystemId = fileSystemId;
        this.targetGiB = targetGiB;
        this.tokens = tokens;
        this.reported = reported;
        this.clock = clock;
    }

    @Override
    public String description() {
        return "storage capacity increase of file system %s to %d GiB".formatted(fileSystemId, targetGiB);
    }

    @Override
    public Progress<Long> check() {
        LustreFileSystem fileSystem = cloud.describe(fileSystemId).filter(fs -> fs.lifecycle() != Lifecycle.DELETING)
                .orElseThrow(() -> CsiException.notFound("file system %s does not exist", fileSystemId));
        seen = fileSystem;
        Optional<FileSystemAction> ours = fileSystem.latest(action -> action.isCapacityUpdate()
                && action.targetStorageCapacity().get() == targetGiB && !reported.contains(fileSystemId, action));
        if (ours.isPresent()) {
            FileSystemAction action = ours.get();
            if (action.isApplied()) {
                return Progress.done(Math.max(targetGiB, fileSystem.storageCapacityGiB()));
            }
            if (action.isRunning()) {
                return Progress.pending(action.describe());
            }
            if (action.isFailed()) {
                failedAction = action;
                return Progress.failed("", action.failureMessage().orElse("FSx gives no reason"));
            }
        }
        if (fileSystem.storageCapacityGiB() >= targetGiB) {
            return Progress.done(fileSystem.storageCapacityGiB()); // someone else grew it
        }
        Optional<FileSystemAction> other = fileSystem.latest(action -> action.isUpdate() && action.isRunning());
        if (other.isPresent()) {
            // FSx refuses a second update meanwhile; start once this one has ended
            return Progress.pending("waiting for " + other.get().describe() + " to end");
        }
        return Progress.absent();
    }

    /** UpdateFileSystem, unless the 6-hour rule forbids it now (RESOURCE_EXHAUSTED, saying until when). */
    @Override
    public void start() {
        LustreFileSystem fileSystem = seen;
        if (fileSystem != null) {
            requireIncreaseAllowed(fileSystem);
        }
        cloud.updateStorageCapacity(fileSystemId, token(), targetGiB);
    }

    private void requireIncreaseAllowed(LustreFileSystem fileSystem) {
        Optional<FileSystemAction> last = fileSystem.latest(action -> action.isCapacityUpdate() && !action.isFailed()
                && !action.status().equals(FileSystemAction.CANCELLED));
        if (last.isPresent()) {
            Instant allowedFrom = last.get().requestTime().plus(COOLDOWN);
            if (clock.instant().isBefore(allowedFrom)) {
                throw CsiException.resourceExhausted("file system %s cannot grow to %d GiB before %s: FSx allows a storage capacity "
                        + "increase only 6 hours after the last one was requested (%s), and once its storage optimization has finished",
                        fileSystemId, targetGiB, allowedFrom, last.get().describe());
            }
        }
        Optional<FileSystemAction> optimizing = fileSystem.latest(action -> !action.isOver()
                && (action.type().equals(FileSystemAction.STORAGE_OPTIMIZATION) || action.isCapacityUpdate()));
        if (optimizing.isPresent()) {
            throw CsiException.resourceExhausted("file system %s cannot grow to %d GiB yet: FSx allows the next storage capacity increase "
                    + "once the storage optimization of the last one has finished (%s)", fileSystemId, targetGiB, optimizing.get().describe());
        }
    }

    /** The same for every retry of this increase, so that FSx answers a repeated request with the update it started. */
    private String token() {
        String name = tokenName();
        return tokens.of(name, tokens.current(name));
    }

    private String tokenName() {
        return "expand:" + fileSystemId + ":" + targetGiB;
    }

    /** Nothing to delete: the failed update is remembered as reported, and the next attempt uses a new token. */
    @Override
    public void discard(Progress.Failed<Long> failed) {
        FileSystemAction action = failedAction;
        if (action != null) {
            reported.add(fileSystemId, action);
        }
        tokens.reject(tokenName(), tokens.current(tokenName()));
    }

    @Override
    public CsiException failure(Progress.Failed<Long> failed) {
        return CsiException.internal("FSx could not grow file system %s to %d GiB: %s", fileSystemId, targetGiB, failed.message());
    }

    /** The controller's {@code first-poll-seconds}: the first phase of an increase takes minutes. */
    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
