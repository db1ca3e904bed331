package dev.polycsi.core.mount;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Map;

/**
 * statvfs(3) of glibc on 64-bit Linux, called through the Foreign Function &amp; Memory API:
 * no df to run and parse, no JNI library to ship. The JVM needs
 * {@code --enable-native-access=ALL-UNNAMED} (or the module's name) to call it without a warning.
 */
public final class Statvfs {

    private static final int ENOENT = 2;

    private static final Map<Integer, String> ERRNO_NAMES = Map.of(
            1, "EPERM", 2, "ENOENT", 5, "EIO", 13, "EACCES", 20, "ENOTDIR",
            36, "ENAMETOOLONG", 40, "ELOOP", 75, "EOVERFLOW", 107, "ENOTCONN", 116, "ESTALE");

    /** struct statvfs of glibc for LP64: eleven unsigned longs, then int __f_spare[6]. */
    private static final StructLayout STATVFS_STRUCT = MemoryLayout.structLayout(
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            JAVA_LONG.withName("f_favail"),
            JAVA_LONG.withName("f_fsid"),
            JAVA_LONG.withName("f_flag"),
            JAVA_LONG.withName("f_namemax"),
            MemoryLayout.sequenceLayout(6, JAVA_INT).withName("__f_spare"));

    private static final long F_FRSIZE = offsetOf("f_frsize");
    private static final long F_BLOCKS = offsetOf("f_blocks");
    private static final long F_BFREE = offsetOf("f_bfree");
    private static final long F_BAVAIL = offsetOf("f_bavail");
    private static final long F_FILES = offsetOf("f_files");
    private static final long F_FFREE = offsetOf("f_ffree");

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CALL_STATE.byteOffset(groupElement("errno"));

    private static final MethodHandle STATVFS = lookUpStatvfs();

    private Statvfs() {}

    /** NOT_FOUND if {@code path} does not exist, INTERNAL with the errno for any other failure. */
    public static FilesystemStats stats(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocate(STATVFS_STRUCT);
            int result = call(callState, arena.allocateFrom(path.toString()), buffer);
            if (result != 0) {
                throw failure(path, callState.get(JAVA_INT, ERRNO));
            }
            return toStats(buffer);
        }
    }

    private static int call(MemorySegment callState, MemorySegment path, MemorySegment buffer) {
        try {
            return (int) STATVFS.invokeExact(callState, path, buffer);
        } catch (Throwable e) {
            throw new CsiException(CsiException.Code.INTERNAL, "statvfs could not be called: " + e, e);
        }
    }

    private static FilesystemStats toStats(MemorySegment buffer) {
        long fragmentSize = buffer.get(JAVA_LONG, F_FRSIZE);
        long blocks = buffer.get(JAVA_LONG, F_BLOCKS);
        long freeBlocks = buffer.get(JAVA_LONG, F_BFREE);
        long files = buffer.get(JAVA_LONG, F_FILES);
        long freeFiles = buffer.get(JAVA_LONG, F_FFREE);
        return new FilesystemStats(
                blocks * fragmentSize,
                buffer.get(JAVA_LONG, F_BAVAIL) * fragmentSize,
                (blocks - freeBlocks) * fragmentSize,
                files,
                freeFiles,
                files - freeFiles);
    }

    private static CsiException failure(Path path, int errno) {
        String name = ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
        if (errno == ENOENT) {
            return CsiException.notFound("%s does not exist (statvfs: %s)", path, name);
        }
        return CsiException.internal("statvfs of %s failed: %s", path, name);
    }

    private static long offsetOf(String field) {
        return STATVFS_STRUCT.byteOffset(groupElement(field));
    }

    @SuppressWarnings("restricted") // the layout and descriptor above follow glibc's statvfs(3)
    private static MethodHandle lookUpStatvfs() {
        Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(
                linker.defaultLookup().findOrThrow("statvfs"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
                Linker.Option.captureCallState("errno"));
    }
}
