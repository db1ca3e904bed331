package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import java.util.regex.Pattern;

/**
 * FSx's errors as the Lustre calls read them: {@link FsxErrors}' common codes, and the
 * BadRequests that FSx for Lustre tells apart only by their message:
 * <ul>
 * <li>"…There is an update already in progress." (the text aws-fsx-csi-driver matches), or a file
 *     system that is CREATING or UPDATING → ABORTED: CSI's "operation pending for volume", which
 *     clears by itself; the sidecars retry it, and the core's waiters treat it as transient, so an
 *     expansion queued behind another update starts once that one ends. Not FAILED_PRECONDITION,
 *     which gRPC keeps for states a caller must fix first.</li>
 * <li>the 6-hour rule (no storage capacity increase, throughput change or metadata IOPS increase
 *     until 6 hours after the last one of its kind was requested and its optimization has
 *     finished) → RESOURCE_EXHAUSTED, as EBS maps EC2's VolumeModificationRateExceeded: a
 *     per-volume rate quota, retried by the resizer and the modifier (not infeasible) and told
 *     apart from an outage. FSx documents no exact text, so the message is matched on its wording
 *     ("6 hours", "increased again", "changed again").</li>
 * <li>anything else → INVALID_ARGUMENT (FSx refuses the request as such), except where the call
 *     says otherwise: DeleteFileSystem's BadRequest is about the file system's state (a data
 *     repository task running), FAILED_PRECONDITION.</li>
 * </ul>
 * {@code UnsupportedOperation} is INVALID_ARGUMENT: the change cannot be made to this file system,
 * which the resizer and the modifier record as infeasible instead of retrying.
 */
public final class LustreErrors {

    public static final String FILE_SYSTEM_NOT_FOUND = "FileSystemNotFound";

    /** Every FSx call of the backend goes through this, and so do the fakes of {@link LustreCloud}, to fail as FSx does. */
    public static final FsxErrors ERRORS = FsxErrors.builder()
            .badRequest(Pattern.compile("already in progress|while in (creating|updating) state"), Code.ABORTED,
                    "another update of the file system has not finished; retry once it has")
            .badRequest(Pattern.compile("6 hours|six hours|(increased|changed|updated) again|time between increases"), Code.RESOURCE_EXHAUSTED,
                    "FSx allows the next update of a kind (storage capacity, throughput, metadata IOPS) only 6 hours after the last one "
                            + "was requested and once its optimization has finished; retry later")
            .build();

    private LustreErrors() {
    }
}
