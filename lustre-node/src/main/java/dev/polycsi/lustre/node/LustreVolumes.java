package dev.polycsi.lustre.node;

import java.util.List;
import java.util.Optional;

/**
 * What tells one kind of Lustre volume from another on the node: FSx for Lustre file systems
 * and Amazon File Caches are both mounted with {@code mount -t lustre <dnsname>@tcp:/<mountname>},
 * but have their own volume ids, mount name defaults and recommended mount options.
 */
public interface LustreVolumes {

    /** The product, for messages and logs, e.g. "FSx for Lustre". */
    String product();

    /**
     * The id the backend issued (without the core's {@code <backend>:} prefix), checked:
     * INVALID_ARGUMENT naming what is wrong with it. Returns the id as messages show it.
     */
    String parseId(String volumeId);

    /** The mount name when the volume context gives none; empty if {@code mountname} is required. */
    Optional<String> defaultMountName();

    /** Options every mount gets, before the volume's own mount flags. */
    List<String> defaultMountOptions();
}
