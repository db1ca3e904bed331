package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import java.util.regex.Pattern;

/**
 * FSx's errors as the ONTAP calls meet them: {@link FsxErrors}' common reading, and FSx's
 * BadRequests about a volume or backup that is still changing (an update in progress, a volume
 * still being created) → ABORTED, which clears by itself and the sidecars retry. FSx documents no
 * exact texts for these, so the message is matched on its wording.
 */
public final class OntapErrors {

    private static final Pattern CHANGING = Pattern.compile(
            "in progress|already under way|(is|while|in) (the )?(creating|pending|updating|deleting)( state)?|being (created|updated|deleted)");

    public static final FsxErrors ERRORS = FsxErrors.builder()
            .badRequest(CHANGING, Code.ABORTED, "FSx is still changing the volume or backup; retry once it has finished")
            .build();

    private OntapErrors() {
    }
}
