package dev.polycsi.fsx.node;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real broken network mount, made cheaply: a FUSE mount (mount(2) of type fuse on a file
 * descriptor of /dev/fuse that this JVM opens) whose server is this test, which never answers. A
 * stat of it blocks in the kernel, as one of a Lustre client whose servers are unreachable does;
 * after {@link #disconnect()} (the server's descriptor closed, as when a FUSE daemon dies) it
 * fails with ENOTCONN, "Transport endpoint is not connected". Needs root and /dev/fuse; no FUSE
 * package. glibc's open, mount, close and umount2 are called through the FFM API.
 */
final class UnservedFuse implements AutoCloseable {

    /** The mount's source in mountinfo. */
    static final String SOURCE = "polycsi-test";

    private static final int O_RDWR = 2;
    private static final int MNT_DETACH = 2;
    private static final Map<Integer, String> ERRNO_NAMES = Map.of(1, "EPERM", 2, "ENOENT", 13, "EACCES", 16, "EBUSY", 19, "ENODEV",
            22, "EINVAL");

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CALL_STATE.byteOffset(groupElement("errno"));
    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MOUNT = downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UMOUNT2 = downcall("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** A reason to skip, when this machine cannot make one. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final Path target;
    private int fd;

    private UnservedFuse(Path target, int fd) {
        this.target = target;
        this.fd = fd;
    }

    /** Mounts one at {@code target}, a directory. */
    static UnservedFuse mount(Path target) throws Unavailable {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new Unavailable("/dev/fuse is missing (no FUSE in this kernel or container)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom("/dev/fuse"), O_RDWR, 0);
            if (fd < 0) {
                throw new Unavailable("cannot open /dev/fuse: " + errno(state));
            }
            String data = "fd=%d,rootmode=40000,user_id=0,group_id=0".formatted(fd);
            int result = (int) MOUNT.invokeExact(state, arena.allocateFrom(SOURCE), arena.allocateFrom(target.toString()),
                    arena.allocateFrom("fuse"), 0L, arena.allocateFrom(data));
            if (result != 0) {
                String why = errno(state);
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new Unavailable("cannot mount a FUSE file system at " + target + ": " + why);
            }
            return new UnservedFuse(target, fd);
        } catch (Unavailable e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("calling libc failed", e);
        }
    }

    /** Closes the server's end: the kernel aborts the connection, and every call on the mount fails with ENOTCONN. */
    void disconnect() {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
            fd = -1;
        } catch (Throwable e) {
            throw new IllegalStateException("calling libc failed", e);
        }
    }

    /**
     * Disconnects (which lets go every call blocked on the mount) and detaches what is left at the
     * target, so that nothing of it outlives the test.
     */
    @Override
    public void close() {
        disconnect();
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) UMOUNT2.invokeExact(arena.allocate(CALL_STATE), arena.allocateFrom(target.toString()), MNT_DETACH);
        } catch (Throwable e) {
            throw new IllegalStateException("calling libc failed", e);
        }
    }

    private static String errno(MemorySegment state) {
        int errno = state.get(JAVA_INT, ERRNO);
        return ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
    }

    @SuppressWarnings("restricted") // the descriptors above are glibc's prototypes of these four calls on 64-bit Linux
    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, all);
    }
}
