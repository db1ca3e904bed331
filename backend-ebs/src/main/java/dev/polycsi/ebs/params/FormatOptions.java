package dev.polycsi.ebs.params;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * mkfs options from the StorageClass (blockSize, inodeSize, bytesPerInode, numberOfInodes,
 * ext4BigAlloc, ext4ClusterSize). The controller checks them and passes them to the node in the
 * volume context, where they are checked again, because a statically provisioned PV's context
 * never went through the controller.
 */
public record FormatOptions(
        Optional<Long> blockSize,
        Optional<Long> inodeSize,
        Optional<Long> bytesPerInode,
        Optional<Long> numberOfInodes,
        boolean ext4BigAlloc,
        Optional<Long> ext4ClusterSize) {

    public static final FormatOptions NONE = new FormatOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty());

    /** The volume context entries that carry these options. */
    public Map<String, String> toVolumeContext() {
        throw new UnsupportedOperationException("not written yet");
    }

    /** Reads the options back from a volume context; a bad value is INVALID_ARGUMENT naming the key. */
    public static FormatOptions fromVolumeContext(Map<String, String> context) {
        throw new UnsupportedOperationException("not written yet");
    }

    /**
     * The mkfs arguments for {@code fsType} (ext2/3/4 or xfs); an option that fsType has no use
     * for is INVALID_ARGUMENT naming it. {@code legacyXfs} adds the flags that keep an xfs
     * filesystem mountable by kernels older than 5.10.
     */
    public List<String> mkfsArguments(String fsType, boolean legacyXfs) {
        throw new UnsupportedOperationException("not written yet");
    }
}
