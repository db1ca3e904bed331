package dev.polycsi.fsx.node;

import dev.polycsi.spi.mount.MountPoint;
import java.util.List;

/** One {@code mount -t <fsType> [-o <options>] <source> <target>} of a network file system, as a publish plans it. */
public interface NetworkMount {

    String source();

    String fsType();

    /** Checked options, {@code ro} among them when {@link #readOnly()}. */
    List<String> options();

    boolean readOnly();

    /**
     * Whether {@code existing}, a line of mountinfo, is a mount of this volume. The kernel may list
     * a mount otherwise than it was asked for (resolved addresses, {@code nfs4} for an NFS 4 mount),
     * so each kind says what it accepts.
     */
    boolean isMountedAs(MountPoint existing);
}
