package dev.polycsi.ebs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemSizeTest {

    @TempDir
    Path dir;

    /** The fields of an ext4 superblock that FilesystemSize reads; 64bit when the count needs it. */
    static void writeExt4Superblock(Path device, int blockSize, long blocks) throws IOException {
        ByteBuffer superblock = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        superblock.putInt(0x04, (int) blocks);
        superblock.putInt(0x18, Integer.numberOfTrailingZeros(blockSize) - 10);
        superblock.putShort(0x38, (short) 0xEF53);
        if ((blocks >>> 32) != 0) {
            superblock.putInt(0x60, 0x80);
            superblock.putInt(0x150, (int) (blocks >>> 32));
        }
        write(device, 1024, superblock);
    }

    static void writeXfsSuperblock(Path device, int blockSize, long blocks) throws IOException {
        ByteBuffer superblock = ByteBuffer.allocate(2048).order(ByteOrder.BIG_ENDIAN);
        superblock.putInt(0, 0x58465342);
        superblock.putInt(4, blockSize);
        superblock.putLong(8, blocks);
        write(device, 0, superblock);
    }

    private static void write(Path device, long offset, ByteBuffer bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.write(bytes.rewind(), offset);
            if (channel.size() < 4096) {
                channel.write(ByteBuffer.allocate(1), 4095);
            }
        }
    }

    @Test
    void readsExt4Sizes() throws IOException {
        Path small = dir.resolve("small");
        writeExt4Superblock(small, 4096, 262_144);
        assertEquals(Optional.of(1L << 30), FilesystemSize.of(small));
        Path huge = dir.resolve("huge");
        writeExt4Superblock(huge, 4096, 5L << 32); // 80 TiB: needs the high half of the block count
        assertEquals(Optional.of((5L << 32) * 4096), FilesystemSize.of(huge));
        Path oneK = dir.resolve("onek");
        writeExt4Superblock(oneK, 1024, 65_536);
        assertEquals(Optional.of(64L << 20), FilesystemSize.of(oneK));
    }

    @Test
    void readsXfsSizes() throws IOException {
        Path device = dir.resolve("xfs");
        writeXfsSuperblock(device, 4096, 2_621_440);
        assertEquals(Optional.of(10L << 30), FilesystemSize.of(device));
    }

    @Test
    void nothingForBlankShortOrMissingDevices() throws IOException {
        Path blank = dir.resolve("blank");
        Files.write(blank, new byte[8192]);
        assertEquals(Optional.empty(), FilesystemSize.of(blank));
        Path tiny = Files.write(dir.resolve("tiny"), new byte[100]);
        assertEquals(Optional.empty(), FilesystemSize.of(tiny));
        assertEquals(Optional.empty(), FilesystemSize.of(dir.resolve("missing")));
    }
}
