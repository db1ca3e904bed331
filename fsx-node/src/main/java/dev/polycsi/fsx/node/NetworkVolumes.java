package dev.polycsi.fsx.node;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What tells one kind of network volume from another on the node ({@link FsxNode} does the rest):
 * its volume ids, the filesystem types a capability may name, and how a volume context becomes a
 * mount.
 */
public interface NetworkVolumes {

    /** The product, for messages and logs, e.g. "FSx for Lustre". */
    String product();

    /**
     * The id the backend issued (without the core's {@code <backend>:} prefix), checked:
     * INVALID_ARGUMENT naming what is wrong with it. Returns the id as messages show it.
     */
    String parseId(String volumeId);

    /** The fsType values a volume capability may give, {@code ""} among them. */
    Set<String> fsTypes();

    /** INVALID_ARGUMENT's message for a raw block capability: these volumes are file systems. */
    default String blockRefusal() {
        return product() + " volumes are file systems; they cannot be published as raw block devices";
    }

    /**
     * The mount of a publish: the volume context (the PV's volumeAttributes) parsed and checked,
     * INVALID_ARGUMENT naming a bad key or value; {@code mountFlags} the capability's, checked by
     * {@link MountOptions}.
     */
    NetworkMount mountFor(String id, Map<String, String> context, boolean readOnly, List<String> mountFlags);
}
