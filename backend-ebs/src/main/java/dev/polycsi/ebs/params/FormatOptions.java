package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * mkfs options from the StorageClass (blockSize, inodeSize, bytesPerInode, numberOfInodes,
 * ext4BigAlloc, ext4ClusterSize, ext4EncryptionSupport). The controller checks them and passes them to the node in the
 * volume context, where they are checked again, because a statically provisioned PV's context
 * never went through the controller.
 *
 * <p>The official driver only asks for alphanumeric values and lets mkfs fail at NodeStage, where
 * the user sees a mount error on the pod; here every value is checked against the ranges of
 * mke2fs 1.47 and mkfs.xfs 6.1 before a volume is created.
 */
public record FormatOptions(
        Optional<Long> blockSize,
        Optional<Long> inodeSize,
        Optional<Long> bytesPerInode,
        Optional<Long> numberOfInodes,
        boolean ext4BigAlloc,
        Optional<Long> ext4ClusterSize,
        boolean ext4EncryptionSupport) {

    public static final FormatOptions NONE = new FormatOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), false, Optional.empty(), false);

    /** The filesystems the node formats. */
    public static final List<String> FILESYSTEMS = List.of("ext2", "ext3", "ext4", "xfs");

    /** The block size mkfs picks for a filesystem of 512 MiB or more (every EBS volume) when none is given. */
    static final long DEFAULT_BLOCK_SIZE = 4096;

    // Volume context keys, as the official driver writes them.
    static final String BLOCK_SIZE_CONTEXT = "blocksize";
    static final String INODE_SIZE_CONTEXT = "inodesize";
    static final String BYTES_PER_INODE_CONTEXT = "bytesperinode";
    static final String NUMBER_OF_INODES_CONTEXT = "numberofinodes";
    static final String EXT4_BIG_ALLOC_CONTEXT = "ext4bigalloc";
    static final String EXT4_CLUSTER_SIZE_CONTEXT = "ext4clustersize";
    static final String EXT4_ENCRYPTION_SUPPORT_CONTEXT = "ext4encryptionsupport";

    private static final String ALL_FS = "ext2, ext3, ext4 and xfs";

    static final Parameter<Long> BLOCK_SIZE = sizeParameter("blockSize", powerOfTwo(1024, 65536),
            "a power of two from 1024 to 65536",
            "Filesystem block size in bytes (mkfs.ext* `-b`, mkfs.xfs `-b size=`); " + ALL_FS + ". Default: chosen by mkfs "
                    + "(4096 on volumes of 512 MiB and more). Linux mounts only blocks no larger than the page size "
                    + "(4096 on x86_64). xfs needs at least 1024 because its metadata checksums are on.");
    static final Parameter<Long> INODE_SIZE = sizeParameter("inodeSize", powerOfTwo(128, 65536),
            "a power of two from 128 to 65536; ext: 128 to the block size; xfs: 512 to 2048 and at most half the block size",
            "Inode size in bytes (mkfs.ext* `-I`, mkfs.xfs `-i size=`); " + ALL_FS + ". Default: chosen by mkfs "
                    + "(256 for ext, 512 for xfs).");
    static final Parameter<Long> BYTES_PER_INODE = sizeParameter("bytesPerInode", range(1024, 67_108_864),
            "an integer from 1024 to 67108864",
            "One inode per this many bytes of space (mkfs.ext* `-i`); ext2, ext3 and ext4 only. Default: chosen by mkfs (16384).");
    static final Parameter<Long> NUMBER_OF_INODES = sizeParameter("numberOfInodes", range(1, 4_294_967_295L),
            "an integer from 1 to 4294967295",
            "Number of inodes to create, instead of deriving it from bytesPerInode (mkfs.ext* `-N`); ext2, ext3 and ext4 only.");
    static final Parameter<Boolean> EXT4_BIG_ALLOC = Parameter.bool("ext4BigAlloc",
            "Allocate space in clusters of several blocks (mkfs.ext4 `-O bigalloc`); ext4 only.").withDefault(false);
    static final Parameter<Long> EXT4_CLUSTER_SIZE = sizeParameter("ext4ClusterSize", powerOfTwo(2048, 268_435_456),
            "a power of two from 2048 to 268435456, at least the block size",
            "Cluster size in bytes for ext4BigAlloc (mkfs.ext4 `-C`); ext4 only, and only with ext4BigAlloc=\"true\". "
                    + "Default: 16 times the block size.");
    static final Parameter<Boolean> EXT4_ENCRYPTION_SUPPORT = Parameter.bool("ext4EncryptionSupport",
            "Create the filesystem with the encrypt feature (mkfs.ext4 `-O encrypt`), so that directories can be encrypted with "
                    + "fscrypt inside the volume; ext4 only. The node's kernel must support ext4 encryption.").withDefault(false);

    /** The volume context entries that carry these options. */
    public Map<String, String> toVolumeContext() {
        Map<String, String> context = new LinkedHashMap<>();
        blockSize.ifPresent(v -> context.put(BLOCK_SIZE_CONTEXT, Long.toString(v)));
        inodeSize.ifPresent(v -> context.put(INODE_SIZE_CONTEXT, Long.toString(v)));
        bytesPerInode.ifPresent(v -> context.put(BYTES_PER_INODE_CONTEXT, Long.toString(v)));
        numberOfInodes.ifPresent(v -> context.put(NUMBER_OF_INODES_CONTEXT, Long.toString(v)));
        if (ext4BigAlloc) {
            context.put(EXT4_BIG_ALLOC_CONTEXT, "true");
        }
        ext4ClusterSize.ifPresent(v -> context.put(EXT4_CLUSTER_SIZE_CONTEXT, Long.toString(v)));
        if (ext4EncryptionSupport) {
            context.put(EXT4_ENCRYPTION_SUPPORT_CONTEXT, "true");
        }
        return context;
    }

    /**
     * Reads the options back from a volume context; a bad value is INVALID_ARGUMENT naming the key.
     * Keys that are not format options are left alone (the context carries other things too).
     */
    public static FormatOptions fromVolumeContext(Map<String, String> context) {
        return new FormatOptions(
                readContext(context, BLOCK_SIZE_CONTEXT, BLOCK_SIZE),
                readContext(context, INODE_SIZE_CONTEXT, INODE_SIZE),
                readContext(context, BYTES_PER_INODE_CONTEXT, BYTES_PER_INODE),
                readContext(context, NUMBER_OF_INODES_CONTEXT, NUMBER_OF_INODES),
                readContext(context, EXT4_BIG_ALLOC_CONTEXT, EXT4_BIG_ALLOC).orElse(false),
                readContext(context, EXT4_CLUSTER_SIZE_CONTEXT, EXT4_CLUSTER_SIZE),
                readContext(context, EXT4_ENCRYPTION_SUPPORT_CONTEXT, EXT4_ENCRYPTION_SUPPORT).orElse(false));
    }

    private static <T> Optional<T> readContext(Map<String, String> context, String contextKey, Parameter<T> parameter) {
        String raw = context.get(contextKey);
        if (raw == null) {
            return Optional.empty();
        }
        // Same rule as the StorageClass parameter, reported under the name the volume context uses.
        try {
            return Optional.of(parameter.decode(raw));
        } catch (CsiException e) {
            throw CsiException.invalidArgument("volume context '%s': invalid value '%s'; allowed: %s", contextKey, raw, parameter.allowed());
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** The StorageClass keys of the options that are set, for error messages. */
    List<String> keysSet() {
        List<String> keys = new ArrayList<>();
        blockSize.ifPresent(v -> keys.add(BLOCK_SIZE.key()));
        inodeSize.ifPresent(v -> keys.add(INODE_SIZE.key()));
        bytesPerInode.ifPresent(v -> keys.add(BYTES_PER_INODE.key()));
        numberOfInodes.ifPresent(v -> keys.add(NUMBER_OF_INODES.key()));
        if (ext4BigAlloc) {
            keys.add(EXT4_BIG_ALLOC.key());
        }
        ext4ClusterSize.ifPresent(v -> keys.add(EXT4_CLUSTER_SIZE.key()));
        if (ext4EncryptionSupport) {
            keys.add(EXT4_ENCRYPTION_SUPPORT.key());
        }
        return keys;
    }

    /**
     * Checks that every option applies to {@code fsType} and that the values fit together;
     * INVALID_ARGUMENT naming the first offending option otherwise.
     */
    public void check(String fsType) {
        if (!FILESYSTEMS.contains(fsType)) {
            throw CsiException.invalidArgument("filesystem type '%s' is not supported; allowed: %s", fsType, String.join(", ", FILESYSTEMS));
        }
        boolean xfs = fsType.equals("xfs");
        Set<String> unsupported = switch (fsType) {
            case "xfs" -> Set.of(BYTES_PER_INODE.key(), NUMBER_OF_INODES.key(), EXT4_BIG_ALLOC.key(), EXT4_CLUSTER_SIZE.key(),
                    EXT4_ENCRYPTION_SUPPORT.key());
            case "ext2", "ext3" -> Set.of(EXT4_BIG_ALLOC.key(), EXT4_CLUSTER_SIZE.key(), EXT4_ENCRYPTION_SUPPORT.key());
            default -> Set.of();
        };
        for (String key : keysSet()) {
            if (unsupported.contains(key)) {
                throw CsiException.invalidArgument("parameter '%s' does not apply to %s filesystems", key, fsType);
            }
        }
        long block = blockSize.orElse(DEFAULT_BLOCK_SIZE);
        inodeSize.ifPresent(size -> {
            long min = xfs ? 512 : 128;
            long max = xfs ? Math.min(2048, block / 2) : block;
            if (size < min || size > max) {
                throw CsiException.invalidArgument("parameter '%s': %d does not fit a %s filesystem with %d-byte blocks; allowed: %d to %d",
                        INODE_SIZE.key(), size, fsType, block, min, max);
            }
        });
        ext4ClusterSize.ifPresent(size -> {
            if (!ext4BigAlloc) {
                throw CsiException.invalidArgument("parameter '%s' needs %s=\"true\"", EXT4_CLUSTER_SIZE.key(), EXT4_BIG_ALLOC.key());
            }
            if (size < block) {
                throw CsiException.invalidArgument("parameter '%s': %d is smaller than the block size %d", EXT4_CLUSTER_SIZE.key(), size, block);
            }
        });
    }

    /**
     * The mkfs arguments for {@code fsType} (ext2/3/4 or xfs); an option that fsType has no use
     * for is INVALID_ARGUMENT naming it. {@code legacyXfs} adds the flags that keep an xfs
     * filesystem mountable by kernels older than 5.10 (bigtime, inobtcount and reflink off) and
     * older than 5.19 (nrext64 off); mkfs.xfs knows nrext64 from xfsprogs 5.19 on.
     * The mounter adds its own defaults ({@code -F -m0} for ext), so they are not repeated here.
     */
    public List<String> mkfsArguments(String fsType, boolean legacyXfs) {
        check(fsType);
        List<String> arguments = new ArrayList<>();
        if (fsType.equals("xfs")) {
            blockSize.ifPresent(size -> arguments.addAll(List.of("-b", "size=" + size)));
            List<String> inodeOptions = new ArrayList<>();
            inodeSize.ifPresent(size -> inodeOptions.add("size=" + size));
            if (legacyXfs) {
                arguments.addAll(List.of("-m", "bigtime=0,inobtcount=0,reflink=0"));
                inodeOptions.add("nrext64=0");
            }
            if (!inodeOptions.isEmpty()) {
                arguments.addAll(List.of("-i", String.join(",", inodeOptions)));
            }
            return List.copyOf(arguments);
        }
        blockSize.ifPresent(size -> arguments.addAll(List.of("-b", Long.toString(size))));
        inodeSize.ifPresent(size -> arguments.addAll(List.of("-I", Long.toString(size))));
        bytesPerInode.ifPresent(bytes -> arguments.addAll(List.of("-i", Long.toString(bytes))));
        numberOfInodes.ifPresent(count -> arguments.addAll(List.of("-N", Long.toString(count))));
        if (ext4BigAlloc) {
            arguments.addAll(List.of("-O", "bigalloc"));
        }
        ext4ClusterSize.ifPresent(size -> arguments.addAll(List.of("-C", Long.toString(size))));
        if (ext4EncryptionSupport) {
            arguments.addAll(List.of("-O", "encrypt"));
        }
        return List.copyOf(arguments);
    }

    private static Parameter<Long> sizeParameter(String key, Function<String, Long> decoder, String allowed, String description) {
        return Parameter.custom(key, "integer", description, allowed, decoder);
    }

    /** Decimal digits only: no sign, no unit suffix, which mkfs would read differently from tool to tool. */
    private static long digits(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a positive decimal integer");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
    }

    private static Function<String, Long> range(long min, long max) {
        return value -> {
            long parsed = digits(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("out of range");
            }
            return parsed;
        };
    }

    private static Function<String, Long> powerOfTwo(long min, long max) {
        Function<String, Long> inRange = range(min, max);
        return value -> {
            long parsed = inRange.apply(value);
            if (Long.bitCount(parsed) != 1) {
                throw new IllegalArgumentException("not a power of two");
            }
            return parsed;
        };
    }
}
