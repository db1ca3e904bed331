package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.lustre.params.MetadataMode;
import java.time.Instant;
import java.util.Optional;

/**
 * One of a file system's AdministrativeActions: an update it asked for (FILE_SYSTEM_UPDATE, whose
 * target values say what it changes) or the storage optimization that follows a capacity increase.
 * FSx lists the most recent ones per type.
 *
 * @param type                 AdministrativeActionType as FSx names it, e.g. {@link #FILE_SYSTEM_UPDATE}
 * @param status               Status as FSx names it, e.g. PENDING, IN_PROGRESS, UPDATED_OPTIMIZING, COMPLETED, FAILED
 * @param targetStorageCapacity the GiB a capacity increase asks for
 * @param targetThroughput     the MB/s/TiB a throughput change asks for
 * @param targetMetadataMode   the metadata mode a metadata change asks for
 * @param targetMetadataIops   the metadata IOPS a metadata change asks for
 * @param progressPercent      how far a storage optimization is
 * @param failureMessage       FailureDetails.Message of a FAILED action
 */
public record FileSystemAction(
        String type,
        String status,
        Instant requestTime,
        Optional<Integer> targetStorageCapacity,
        Optional<Integer> targetThroughput,
        Optional<MetadataMode> targetMetadataMode,
        Optional<Integer> targetMetadataIops,
        Optional<Integer> progressPercent,
        Optional<String> failureMessage) {

    public static final String FILE_SYSTEM_UPDATE = "FILE_SYSTEM_UPDATE";
    public static final String STORAGE_OPTIMIZATION = "STORAGE_OPTIMIZATION";

    public static final String PENDING = "PENDING";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String UPDATED_OPTIMIZING = "UPDATED_OPTIMIZING";
    public static final String OPTIMIZING = "OPTIMIZING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    public boolean isUpdate() {
        return type.equals(FILE_SYSTEM_UPDATE);
    }

    public boolean isCapacityUpdate() {
        return isUpdate() && targetStorageCapacity.isPresent();
    }

    /** Still to happen or happening: PENDING or IN_PROGRESS. */
    public boolean isRunning() {
        return status.equals(PENDING) || status.equals(IN_PROGRESS);
    }

    /**
     * In effect: UPDATED_OPTIMIZING (the file system has the new values and FSx rebalances data in
     * the background, for hours) or COMPLETED. The official driver treats both as done, and so
     * does this one: the volume is usable at its new size as soon as FSx says UPDATED_OPTIMIZING.
     */
    public boolean isApplied() {
        return status.equals(UPDATED_OPTIMIZING) || status.equals(COMPLETED);
    }

    public boolean isFailed() {
        return status.equals(FAILED);
    }

    /** Over, one way or another: COMPLETED, FAILED or CANCELLED. An update that is UPDATED_OPTIMIZING is applied but not over. */
    public boolean isOver() {
        return status.equals(COMPLETED) || status.equals(FAILED) || status.equals(CANCELLED);
    }

    /** For messages: what, how far and since when, e.g. "FILE_SYSTEM_UPDATE to 2400 GiB IN_PROGRESS since 2026-01-01T00:00:00Z". */
    public String describe() {
        StringBuilder text = new StringBuilder(type);
        targetStorageCapacity.ifPresent(gib -> text.append(" to ").append(gib).append(" GiB"));
        targetThroughput.ifPresent(mbps -> text.append(" to ").append(mbps).append(" MB/s/TiB"));
        targetMetadataMode.ifPresent(mode -> text.append(" to metadata ").append(mode));
        targetMetadataIops.ifPresent(iops -> text.append(" ").append(iops).append(" IOPS"));
        text.append(' ').append(status);
        progressPercent.ifPresent(percent -> text.append(" (").append(percent).append("%)"));
        return text.append(" since ").append(requestTime).toString();
    }
}
