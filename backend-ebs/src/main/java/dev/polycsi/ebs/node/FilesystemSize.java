package dev.polycsi.ebs.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The size a filesystem was made or grown to, from its superblock, to tell whether the device
 * grew under it (a volume expanded while detached). statvfs cannot tell: it leaves out the
 * filesystem's own metadata. Reads only; ext2/3/4 and xfs, the types this backend formats.
 */
final class FilesystemSize {

    private static final int EXT_SUPERBLOCK = 1024;
    private static final int EXT_MAGIC = 0xEF53;
    private static final int EXT_INCOMPAT_64BIT = 0x80;
    private static final int XFS_MAGIC = 0x58465342; // "XFSB"

    private FilesystemSize() {
    }

    /** Bytes the filesystem on {@code device} spans; empty for another type or an unreadable device. */
    static Optional<Long> of(Path device) {
        ByteBuffer head = ByteBuffer.allocate(EXT_SUPERBLOCK + 1024);
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) > 0) {
                // fill the buffer: a device may answer in pieces
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (head.position() < head.capacity()) {
            return Optional.empty();
        }
        return xfs(head.duplicate().order(ByteOrder.BIG_ENDIAN)).or(() -> ext(head.duplicate().order(ByteOrder.LITTLE_ENDIAN)));
    }

    private static Optional<Long> xfs(ByteBuffer buffer) {
        if (buffer.getInt(0) != XFS_MAGIC) {
            return Optional.empty();
        }
        long blockSize = Integer.toUnsignedLong(buffer.getInt(4));
        long dataBlocks = buffer.getLong(8);
        return Optional.of(blockSize * dataBlocks);
    }

    private static Optional<Long> ext(ByteBuffer buffer) {
        if (Short.toUnsignedInt(buffer.getShort(EXT_SUPERBLOCK + 0x38)) != EXT_MAGIC) {
            return Optional.empty();
        }
        long blocks = Integer.toUnsignedLong(buffer.getInt(EXT_SUPERBLOCK + 0x04));
        int logBlockSize = buffer.getInt(EXT_SUPERBLOCK + 0x18);
        int incompatible = buffer.getInt(EXT_SUPERBLOCK + 0x60);
        if ((incompatible & EXT_INCOMPAT_64BIT) != 0) {
            blocks |= Integer.toUnsignedLong(buffer.getInt(EXT_SUPERBLOCK + 0x150)) << 32;
        }
        return Optional.of(blocks * (1024L << logBlockSize));
    }
}
