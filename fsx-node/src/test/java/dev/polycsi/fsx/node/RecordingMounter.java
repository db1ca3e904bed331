package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A mount table in memory that writes down every command it is asked to run. A Lustre mount is
 * listed as the kernel lists it: the NID the helper resolved, not the DNS name; an NFS 4 mount as
 * {@code nfs4}.
 */
final class RecordingMounter implements Mounter {

    static final String NID = "10.0.1.25@tcp";
    static final FilesystemStats STATS = new FilesystemStats(1_200L << 30, 1_100L << 30, 100L << 30, 5_000_000, 4_000_000, 1_000_000);

    final List<String> calls = new ArrayList<>();
    final Map<Path, MountPoint> mounts = new HashMap<>();
    /** The unmount times out, as it does when the servers are gone; the mount stays. */
    boolean unmountHangs;
    /** statvfs blocks until this is counted down, as on a file system that does not answer. */
    CountDownLatch statvfsBlocksUntil = new CountDownLatch(0);

    /** Lists a mount at {@code target} as if it had been there before. */
    void listed(Path target, String source, String fsType, String... options) {
        mounts.put(target, new MountPoint(target, source, fsType, "/", "0:77", List.of(options)));
    }

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        calls.add("mount -t " + fsType + (options.isEmpty() ? "" : " -o " + String.join(",", options)) + " " + source + " " + target);
        if (fsType.equals(NfsMount.TYPE)) {
            // mount.nfs lists the name it was given, and an NFS 4 mount as nfs4
            boolean version3 = options.stream().anyMatch(option -> option.equals("nfsvers=3") || option.equals("vers=3"));
            listed(target, source, version3 ? "nfs" : "nfs4", options.contains("ro") ? "ro" : "rw");
            return;
        }
        String listedSource = NID + source.substring(source.indexOf("@tcp") + "@tcp".length());
        listed(target, listedSource, fsType, options.contains("ro") ? "ro" : "rw", "flock");
    }

    @Override
    public void unmount(Path target) {
        calls.add("umount " + target);
        if (unmountHangs) {
            throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED, "umount --no-canonicalize " + target
                    + " did not finish within 30 s and was killed");
        }
        mounts.remove(target);
    }

    @Override
    public void lazyUnmount(Path target) {
        calls.add("umount -l " + target);
        mounts.remove(target);
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return Optional.ofNullable(mounts.get(target));
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        try {
            statvfsBlocksUntil.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return STATS;
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        throw new AssertionError("network volumes are mounted, not bound");
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        throw new AssertionError("Lustre volumes have no device");
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        throw new AssertionError("Lustre volumes are never formatted on the node");
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        throw new AssertionError("Lustre volumes grow on the servers");
    }

    @Override
    public long blockDeviceSize(Path device) {
        throw new AssertionError("Lustre volumes have no device");
    }
}
