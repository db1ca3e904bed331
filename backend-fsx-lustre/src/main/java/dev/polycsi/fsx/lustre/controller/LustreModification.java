package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.MetadataConfiguration;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Optional;

/**
 * A VolumeAttributesClass's change of throughput or metadata configuration, done when the file
 * system shows the new values or FSx's FILE_SYSTEM_UPDATE for them is applied, so that the
 * PersistentVolumeClaim names the new class only once FSx has made the change. The result is the
 * change, for a call that joins to check that it asked for the same.
 */
final class LustreModification implements LongOperation<LustreChange> {

    private final LustreCloud cloud;
    private final String fileSystemId;
    private final LustreChange change;
    private final ClientTokens tokens;
    private final ReportedFailures reported;
    private final Duration firstPoll;
    /** What the last check found still to change, for start() right after it. */
    private volatile LustreChange pending;
    private volatile FileSystemAction failedAction;

    LustreModification(LustreCloud cloud, String fileSystemId, LustreChange change, ClientTokens tokens, ReportedFailures reported,
            Duration firstPoll) {
        this.firstPoll = firstPoll;
        this.cloud = cloud;
        this.fileSystemId = fileSystemId;
        this.change = change;
        this.tokens = tokens;
        this.reported = reported;
        this.pending = change;
    }

    @Override
    public String description() {
        return "change of file system %s to %s".formatted(fileSystemId, change.describe());
    }

    @Override
    public Progress<LustreChange> check() {
        LustreFileSystem fileSystem = cloud.describe(fileSystemId).filter(fs -> fs.lifecycle() != Lifecycle.DELETING)
                .orElseThrow(() -> CsiException.notFound("file system %s does not exist", fileSystemId));
        LustreChange left = change.pendingOn(fileSystem.existing());
        if (left.isEmpty()) {
            return Progress.done(change);
        }
        pending = left;
        Optional<FileSystemAction> ours = fileSystem.latest(action -> action.isUpdate() && asksFor(action, left)
                && !reported.contains(fileSystemId, action));
        if (ours.isPresent()) {
            FileSystemAction action = ours.get();
            if (action.isApplied()) {
                return Progress.done(change);
            }
            if (action.isFailed()) {
                failedAction = action;
                return Progress.failed("", action.failureMessage().orElse("FSx gives no reason"));
            }
            if (!action.isOver()) {
                return Progress.pending(action.describe());
            }
        }
        Optional<FileSystemAction> other = fileSystem.latest(action -> action.isUpdate() && action.isRunning());
        if (other.isPresent()) {
            return Progress.pending("waiting for " + other.get().describe() + " to end");
        }
        return Progress.absent();
    }

    /** Whether {@code action} is an update to every value of {@code left}. */
    private static boolean asksFor(FileSystemAction action, LustreChange left) {
        boolean throughput = left.perUnitStorageThroughput().isEmpty() || left.perUnitStorageThroughput().equals(action.targetThroughput());
        boolean metadata = left.metadata().map(MetadataConfiguration::mode).map(mode -> action.targetMetadataMode().equals(Optional.of(mode)))
                .orElse(true)
                && left.metadata().flatMap(MetadataConfiguration::iops).map(iops -> action.targetMetadataIops().equals(Optional.of(iops)))
                .orElse(true);
        return throughput && metadata && (left.perUnitStorageThroughput().isPresent() || left.metadata().isPresent());
    }

    @Override
    public void start() {
        LustreChange left = pending;
        String name = tokenName(left);
        cloud.updateLustre(fileSystemId, tokens.of(name, tokens.current(name)), left);
    }

    private String tokenName(LustreChange left) {
        return "modify:" + fileSystemId + ":" + left.describe();
    }

    @Override
    public void discard(Progress.Failed<LustreChange> failed) {
        FileSystemAction action = failedAction;
        if (action != null) {
            reported.add(fileSystemId, action);
        }
        String name = tokenName(pending);
        tokens.reject(name, tokens.current(name));
    }

    @Override
    public CsiException failure(Progress.Failed<LustreChange> failed) {
        return CsiException.internal("FSx could not change file system %s to %s: %s", fileSystemId, change.describe(),
                failed.message());
    }

    /** The controller's {@code first-poll-seconds}: a throughput change replaces file servers, which takes minutes. */
    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
