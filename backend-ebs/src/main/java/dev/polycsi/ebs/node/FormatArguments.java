package dev.polycsi.ebs.node;

import dev.polycsi.ebs.params.FormatOptions;
import java.util.List;
import java.util.Map;

/** The mkfs arguments for a volume, from the format options in its volume context. */
@FunctionalInterface
interface FormatArguments {

    /** From the StorageClass keys (blockSize, inodeSize, …) that the controller put in the volume context. */
    FormatArguments FROM_VOLUME_CONTEXT = (volumeContext, fsType, legacyXfs) ->
            FormatOptions.fromVolumeContext(volumeContext).mkfsArguments(fsType, legacyXfs);

    List<String> of(Map<String, String> volumeContext, String fsType, boolean legacyXfs);
}
