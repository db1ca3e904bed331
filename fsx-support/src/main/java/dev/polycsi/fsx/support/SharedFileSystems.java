package dev.polycsi.fsx.support;

import dev.polycsi.spi.AccessMode;
import java.util.EnumSet;
import java.util.Set;

/** What every FSx backend's volume is to Kubernetes: a file system that any number of nodes mount. */
public final class SharedFileSystems {

    /**
     * Filesystem volumes only: ReadWriteOnce (SINGLE_NODE_WRITER, or SINGLE_NODE_MULTI_WRITER from
     * a CO that knows it), ReadWriteOncePod, ReadOnlyMany and ReadWriteMany. None is a block device.
     */
    public static final Set<AccessMode> ACCESS_MODES = Set.copyOf(EnumSet.of(
            AccessMode.SINGLE_NODE_WRITER,
            AccessMode.SINGLE_NODE_MULTI_WRITER,
            AccessMode.SINGLE_NODE_SINGLE_WRITER,
            AccessMode.MULTI_NODE_READER_ONLY,
            AccessMode.MULTI_NODE_MULTI_WRITER));

    private SharedFileSystems() {
    }
}
