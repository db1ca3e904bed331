package dev.polycsi.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.mount.Unmounted;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A backend's mounter, measured: what it changes on the node is timed and reported, all of it done by the wrapped mounter. */
class MeasuredMounterTest {

    private static final Path DEVICE = Path.of("/dev/nvme1n1");
    private static final Path TARGET = Path.of("/var/lib/kubelet/pods/p1/mount");
    private static final MountPoint MOUNT = new MountPoint(TARGET, "fs-1:/", "nfs4", "/", "0:52", List.of("rw"));
    private static final FilesystemStats STATS = new FilesystemStats(100, 60, 40, 10, 6, 4);

    private record Ended(String operation, boolean succeeded, long nanos) {}

    private final Node node = new Node();
    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final MeasuredMounter measured = new MeasuredMounter(node,
            (operation, succeeded, nanos) -> ended.add(new Ended(operation, succeeded, nanos)));

    @Test
    void everyChangeIsDoneByTheWrappedMounterAndReportedAsSucceeded() {
        measured.mount("fs-1:/", TARGET, "nfs4", List.of("tls"));
        measured.bindMount(Path.of("/staging"), TARGET, true, List.of());
        measured.unmount(TARGET);
        measured.lazyUnmount(TARGET);
        measured.formatAndMount(DEVICE, TARGET, "ext4", List.of("-E", "nodiscard"), List.of("noatime"));
        measured.resizeFilesystem(DEVICE, TARGET);

        assertEquals(List.of("mount fs-1:/ " + TARGET + " nfs4 [tls]", "bindMount /staging " + TARGET + " true",
                "unmount " + TARGET, "lazyUnmount " + TARGET, "formatAndMount " + DEVICE + " " + TARGET + " ext4 [-E, nodiscard] [noatime]",
                "resizeFilesystem " + DEVICE + " " + TARGET), node.calls);
        assertEquals(List.of("mount", "bind_mount", "unmount", "lazy_unmount", "format_and_mount", "resize_filesystem"),
                ended.stream().map(Ended::operation).toList());
        assertTrue(ended.stream().allMatch(Ended::succeeded), ended::toString);
    }

    @Test
    void theTimeReportedIsWhatTheOperationTook() {
        node.pause = Duration.ofMillis(50);

        measured.mount("fs-1:/", TARGET, "nfs4", List.of());

        assertTrue(ended.getFirst().nanos() >= Duration.ofMillis(50).toNanos(), ended::toString);
    }

    @Test
    void aFailureIsReportedAndRethrownUnchanged() {
        CsiException busy = CsiException.failedPrecondition("%s is busy", TARGET);
        node.failure = busy;

        assertSame(busy, assertThrows(CsiException.class, () -> measured.unmount(TARGET)));
        assertSame(busy, assertThrows(CsiException.class,
                () -> measured.formatAndMount(DEVICE, TARGET, "xfs", List.of(), List.of())));

        assertEquals(List.of(new Ended("unmount", false, ended.get(0).nanos()), new Ended("format_and_mount", false, ended.get(1).nanos())),
                ended);
    }

    @Test
    void lookUpsPassThroughUnmeasured() {
        node.calls.clear();

        assertEquals(Optional.of(MOUNT), measured.findMount(TARGET));
        assertTrue(measured.isMounted(TARGET));
        assertEquals(Optional.of("ext4"), measured.filesystemOn(DEVICE));
        assertSame(STATS, measured.filesystemStats(TARGET));
        assertEquals(1L << 30, measured.blockDeviceSize(DEVICE));

        assertEquals(List.of(), ended);
        assertEquals(List.of("isMounted " + TARGET), node.calls, "the wrapped mounter's own isMounted, not one built on findMount");
    }

    /** A mounter's own unmount-or-detach (e.g. the simulator's) must not be replaced by the interface's default. */
    @Test
    void unmountOrDetachIsTheWrappedMountersOwnMeasuredAsAnUnmount() {
        Unmounted detached = new Unmounted(true, Optional.of("umount timed out"));
        node.unmounted = detached;

        assertSame(detached, measured.unmountOrDetach(TARGET));
        assertEquals(List.of("unmountOrDetach " + TARGET), node.calls);
        assertEquals(List.of("unmount"), ended.stream().map(Ended::operation).toList());

        CsiException stuck = CsiException.internal("%s is still mounted", TARGET);
        node.failure = stuck;
        assertSame(stuck, assertThrows(CsiException.class, () -> measured.unmountOrDetach(TARGET)));
        assertFalse(ended.getLast().succeeded());
    }

    /**
     * A default method the decorator does not override runs the interface's version instead of
     * the wrapped mounter's own: a method added to Mounter must be delegated here too.
     */
    @Test
    void everyMounterMethodGoesToTheWrappedMounter() throws NoSuchMethodException {
        for (Method method : Mounter.class.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                assertEquals(MeasuredMounter.class,
                        MeasuredMounter.class.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass(),
                        method::toString);
            }
        }
    }

    /** A node whose answers the test sets; records every call, look-ups only where they show which method ran. */
    private static final class Node implements Mounter {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;
        volatile Duration pause = Duration.ZERO;
        volatile Unmounted unmounted = Unmounted.CLEANLY;

        private void change(String call) {
            calls.add(call);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
            change("mount " + source + " " + target + " " + fsType + " " + options);
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
            change("bindMount " + source + " " + target + " " + readOnly);
        }

        @Override
        public void unmount(Path target) {
            change("unmount " + target);
        }

        @Override
        public void lazyUnmount(Path target) {
            change("lazyUnmount " + target);
        }

        @Override
        public Unmounted unmountOrDetach(Path target) {
            change("unmountOrDetach " + target);
            return unmounted;
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
            change("formatAndMount " + device + " " + target + " " + fsType + " " + formatOptions + " " + mountOptions);
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
            change("resizeFilesystem " + device + " " + mountPath);
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return Optional.of(MOUNT);
        }

        @Override
        public boolean isMounted(Path target) {
            calls.add("isMounted " + target);
            return true;
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            return Optional.of("ext4");
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            return STATS;
        }

        @Override
        public long blockDeviceSize(Path device) {
            return 1L << 30;
        }
    }
}
