package dev.polycsi.reliability.node;

import csi.v1.Csi;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One volume of the workload and the data written to it: files with random content in a
 * filesystem, random blocks at known offsets of a raw block volume, each synced to the device
 * before the next operation (and so before any kill that follows) and checked on every later
 * publish.
 */
final class CampaignVolume {

    /** The kinds of volume the workload mixes. */
    enum Kind {
        EBS_EXT4("ebs-ext4", true), EBS_XFS("ebs-xfs", true), EBS_BLOCK("ebs-block", true), EFS("efs", false);

        final String label;
        final boolean ebs;

        Kind(String label, boolean ebs) {
            this.label = label;
            this.ebs = ebs;
        }

        boolean block() {
            return this == EBS_BLOCK;
        }

        /** Only an EBS filesystem is mounted at the staging path; the others stage nothing. */
        boolean stagesAMount() {
            return this == EBS_EXT4 || this == EBS_XFS;
        }

        Csi.VolumeCapability capability() {
            Csi.VolumeCapability.Builder capability = Csi.VolumeCapability.newBuilder();
            Csi.VolumeCapability.AccessMode.Mode mode = Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER;
            switch (this) {
                case EBS_EXT4 -> capability.setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"));
                case EBS_XFS -> capability.setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("xfs"));
                case EBS_BLOCK -> capability.setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance());
                case EFS -> {
                    capability.setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance());
                    mode = Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER;
                }
            }
            return capability.setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode)).build();
        }

        Map<String, String> parameters() {
            return this == EFS
                    ? Map.of("backend", "efs", "provisioningMode", "efs-ap", "fileSystemId", "fs-0123456789abcdef0", "directoryPerms", "700")
                    : Map.of("backend", "ebs", "type", "gp3");
        }
    }

    private static final int FILE_BYTES = 64 << 10;
    private static final int BLOCK_BYTES = 4 << 10;
    private static final long BLOCK_SPACING = 4L << 20;
    private static final int BLOCK_SLOTS = 64;
    private static final int FILE_SLOTS = 32;

    final Kind kind;
    final String name;
    final Csi.Volume volume;
    final Path staging;
    final Path pods;
    long capacityBytes;
    private final Map<String, byte[]> files = new TreeMap<>();
    private final Map<Long, byte[]> blocks = new TreeMap<>();

    CampaignVolume(Kind kind, String name, Csi.Volume volume, Path staging, Path pods) {
        this.kind = kind;
        this.name = name;
        this.volume = volume;
        this.staging = staging;
        this.pods = pods;
        this.capacityBytes = volume.getCapacityBytes();
    }

    String id() {
        return volume.getVolumeId();
    }

    /** The target of the cycle's pod, as the kubelet hands it over: its parent exists, the target itself not. */
    Path newTarget(int cycle) throws IOException {
        Path pod = Files.createDirectories(pods.resolve(name + "-" + cycle));
        return pod.resolve(kind.block() ? "dev" : "mount");
    }

    /** Checks everything written so far through {@code target}; returns the mismatches as text, empty if all is there. */
    String verify(Path target) throws IOException {
        StringBuilder lost = new StringBuilder();
        if (kind.block()) {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ)) {
                for (Map.Entry<Long, byte[]> block : blocks.entrySet()) {
                    ByteBuffer buffer = ByteBuffer.allocate(BLOCK_BYTES);
                    while (buffer.hasRemaining() && channel.read(buffer, block.getKey() + buffer.position()) > 0) {
                        // read until full
                    }
                    if (!Arrays.equals(block.getValue(), sha256(buffer.array()))) {
                        lost.append("block at ").append(block.getKey()).append(" differs; ");
                    }
                }
            }
        } else {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = target.resolve(file.getKey());
                if (!Files.exists(path)) {
                    lost.append(file.getKey()).append(" is gone; ");
                } else if (!Arrays.equals(file.getValue(), sha256(Files.readAllBytes(path)))) {
                    lost.append(file.getKey()).append(" differs; ");
                }
            }
        }
        return lost.toString();
    }

    int written() {
        return kind.block() ? blocks.size() : files.size();
    }

    /** Writes new random data through {@code target} and syncs it to the device. */
    void write(Path target, int cycle) throws IOException {
        if (kind.block()) {
            byte[] data = random(BLOCK_BYTES);
            long offset = (1L << 20) + (cycle % BLOCK_SLOTS) * BLOCK_SPACING;
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, offset + buffer.position());
                }
                channel.force(true);
            }
            blocks.put(offset, sha256(data));
        } else {
            byte[] data = random(FILE_BYTES);
            // A bounded set of files, each rewritten now and then: what is checked stays small.
            String file = "data-" + (cycle % FILE_SLOTS) + ".bin";
            try (FileChannel channel = FileChannel.open(target.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // The directory entry too: fsync of the directory.
            try (FileChannel directory = FileChannel.open(target, StandardOpenOption.READ)) {
                directory.force(true);
            }
            files.put(file, sha256(data));
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        ThreadLocalRandom.current().nextBytes(data);
        return data;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
