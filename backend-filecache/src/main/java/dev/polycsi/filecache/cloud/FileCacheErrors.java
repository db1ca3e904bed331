package dev.polycsi.filecache.cloud;

import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import java.util.regex.Pattern;

/**
 * FSx's errors as the File Cache calls read them: {@link FsxErrors}' common codes (the not-found
 * ones {@code FileCacheNotFound}, and {@code ResourceNotFound} from ListTagsForResource and
 * {@code DataRepositoryAssociationNotFound}, when the cache has gone between two calls), and one
 * BadRequest of its own: about a cache that is CREATING or UPDATING (DeleteFileCache of a cache
 * still being made) → ABORTED, which clears by itself and the sidecars retry. Any other
 * BadRequest is INVALID_ARGUMENT, except where the call says otherwise (DeleteFileCache:
 * FAILED_PRECONDITION, about the cache's state rather than the request). No 6-hour rule here:
 * that is FSx for Lustre's.
 */
public final class FileCacheErrors {

    /** Every FSx call of the backend goes through this, and so do the fakes of {@link FileCacheCloud}, to fail as FSx does. */
    public static final FsxErrors ERRORS = FsxErrors.builder()
            .badRequest(Pattern.compile("already in progress|while in (creating|updating) state"), Code.ABORTED,
                    "the cache is still changing state; retry once it has")
            .build();

    private FileCacheErrors() {
    }
}
