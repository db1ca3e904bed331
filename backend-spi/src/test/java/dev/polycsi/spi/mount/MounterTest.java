package dev.polycsi.spi.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.spi.CsiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default {@link Mounter#unmountOrDetach}: which calls it makes in which state, and what it reports. */
class MounterTest {

    private static final Path TARGET = Path.of("/var/lib/kubelet/pods/p/volumes/kubernetes.io~csi/pv/mount");
    private static final MountPoint MOUNT = new MountPoint(TARGET, "10.0.0.1@tcp:/fsx", "lustre", "/", "0:51", List.of("rw"));

    /** A mount table of one target; unmount and lazyUnmount do what the test says. */
    private static final class Table implements Mounter {
        final List<String> calls = new ArrayList<>();
        boolean mounted = true;
        /** What a plain unmount does: hang (time out, still mounted), or time out after the kernel took the mount. */
        boolean unmountHangs;
        boolean unmountGoesAnyway;
        boolean lazyFails;
        /** Behave as a mounter that does not override lazyUnmount. */
        boolean lazyUnsupported;

        @Override
        public void unmount(Path target) {
            calls.add("umount");
            if (unmountGoesAnyway) {
                mounted = false;
            }
            if (unmountHangs || unmountGoesAnyway) {
                throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED, "umount did not finish within 30 s and was killed");
            }
            mounted = false;
        }

        @Override
        public void lazyUnmount(Path target) {
            calls.add("umount -l");
            if (lazyUnsupported) {
                Mounter.super.lazyUnmount(target);
            }
            if (lazyFails) {
                throw CsiException.internal("umount -l failed with exit code 32");
            }
            mounted = false;
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return mounted ? Optional.of(MOUNT) : Optional.empty();
        }

        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
            throw new AssertionError();
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
            throw new AssertionError();
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            throw new AssertionError();
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
            throw new AssertionError();
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
            throw new AssertionError();
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            throw new AssertionError();
        }

        @Override
        public long blockDeviceSize(Path device) {
            throw new AssertionError();
        }
    }

    @Test
    void aPlainUnmountIsAllWhenItWorks() {
        Table table = new Table();
        assertSame(Unmounted.CLEANLY, table.unmountOrDetach(TARGET));
        assertEquals(List.of("umount"), table.calls);
    }

    @Test
    void aHungUnmountIsFollowedByALazyOneAndReported() {
        Table table = new Table();
        table.unmountHangs = true;
        Unmounted result = table.unmountOrDetach(TARGET);
        assertEquals(new Unmounted(true, Optional.of("umount did not finish within 30 s and was killed")), result);
        assertEquals(List.of("umount", "umount -l"), table.calls);
    }

    @Test
    void aMountGoneDespiteTheFailureNeedsNoLazyUnmount() {
        Table table = new Table();
        table.unmountGoesAnyway = true;
        assertEquals(new Unmounted(false, Optional.of("umount did not finish within 30 s and was killed")), table.unmountOrDetach(TARGET));
        assertEquals(List.of("umount"), table.calls);
    }

    @Test
    void stillMountedAtTheEndIsTheUnmountsFailureWithTheLazyOneSuppressed() {
        Table table = new Table();
        table.unmountHangs = true;
        table.lazyFails = true;
        CsiException e = assertThrows(CsiException.class, () -> table.unmountOrDetach(TARGET));
        assertEquals(CsiException.Code.DEADLINE_EXCEEDED, e.code());
        assertEquals("umount -l failed with exit code 32", e.getSuppressed()[0].getMessage());
    }

    @Test
    void aMounterThatCannotDetachLazilyReportsTheUnmountsFailure() {
        Table table = new Table();
        table.lazyUnsupported = true;
        table.unmountHangs = true;
        CsiException e = assertThrows(CsiException.class, () -> table.unmountOrDetach(TARGET));
        assertEquals(CsiException.Code.DEADLINE_EXCEEDED, e.code());
        assertEquals(CsiException.Code.UNIMPLEMENTED, ((CsiException) e.getSuppressed()[0]).code());
        assertEquals(List.of("umount", "umount -l"), table.calls);
    }
}
