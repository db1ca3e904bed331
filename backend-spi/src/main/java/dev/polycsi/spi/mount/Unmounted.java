package dev.polycsi.spi.mount;

import java.util.Optional;

/**
 * What {@link Mounter#unmountOrDetach} took; in every case nothing is mounted at the target any
 * more.
 *
 * @param lazily  whether the mount had to be detached lazily
 * @param failure why the plain unmount did not do it, for the log; empty when it did
 */
public record Unmounted(boolean lazily, Optional<String> failure) {

    /** The plain unmount did it. */
    public static final Unmounted CLEANLY = new Unmounted(false, Optional.empty());
}
