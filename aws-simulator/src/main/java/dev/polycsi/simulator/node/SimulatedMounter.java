package dev.polycsi.simulator.node;

import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node's mounter under simulation. A network mount (EFS, NFS, Lustre) becomes a bind mount
 * of the local directory that stands for the file system, so that backends keep their real
 * mount plans and nothing leaves the machine. Everything else goes to the real mounter
 * unchanged: simulated block volumes are real loop devices.
 */
public final class SimulatedMounter implements Mounter {

    private static final Logger LOG = LogManager.getLogger(SimulatedMounter.class);

    private static final Set<String> NETWORK_TYPES = Set.of("efs", "nfs", "nfs4", "lustre");

    /** Local file systems whose source is a name, not a path. */
    private static final Set<String> MEMORY_TYPES = Set.of("tmpfs", "ramfs");

    /**
     * What a bind mount can carry: flags of the mount point itself. The rest (tls, iam,
     * accesspoint=, vers=, rsize=, hard, timeo=, noresvport, flock, …) only mean something to a
     * network client.
     */
    private static final Set<String> BIND_OPTIONS = Set.of("nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime");

    private static final String READ_ONLY = "ro";

    private final Mounter delegate;
    private final NetworkMountResolver resolver;
    private final SimulatedMountRecords records;

    public SimulatedMounter(Mounter delegate, NetworkMountResolver resolver) {
        this(delegate, resolver, SimulatedMountRecords.underTemporaryDirectory());
    }

    SimulatedMounter(Mounter delegate, NetworkMountResolver resolver, SimulatedMountRecords records) {
        this.delegate = delegate;
        this.resolver = resolver;
        this.records = records;
    }

    /**
     * A network file system that the resolver does not serve is FAILED_PRECONDITION, never a real
     * mount: a simulated node must not reach for a server.
     */
    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        if (!isNetworkMount(source, fsType)) {
            delegate.mount(source, target, fsType, options);
            return;
        }
        Path directory = resolver.resolve(source, fsType, options)
                .orElseThrow(() -> CsiException.failedPrecondition(
                        "cannot mount %s of type %s: %s file systems are not simulated, and a simulated node mounts no real one",
                        source, fsType, fsType));
        List<String> flat = flatten(options);
        List<String> kept = flat.stream().filter(BIND_OPTIONS::contains).toList();
        LOG.debug("Simulating the {} mount of {} at {} as a bind mount of {} with {} (from {})",
                fsType, source, target, directory, kept, flat);
        // The real mount is one mount(2); its stand-in is a bind, a read-only remount and a record.
        // Noted first, a stand-in that a crash interrupted is not taken for the mount (see findMount).
        records.intend(target, source, fsType);
        delegate.bindMount(directory, target, flat.contains(READ_ONLY), kept);
        delegate.findMount(target).ifPresentOrElse(bound -> records.remember(bound, source, fsType), () -> records.forget(target));
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        delegate.bindMount(source, target, readOnly, options);
    }

    @Override
    public void unmount(Path target) {
        delegate.unmount(target);
        records.forget(target);
    }

    /** A simulated network mount is a bind mount, which the real mounter detaches as it would the real one. */
    @Override
    public void lazyUnmount(Path target) {
        delegate.lazyUnmount(target);
        records.forget(target);
    }

    /**
     * A simulated network mount shows as what it stands for (the source and type the backend
     * mounted), so that a retried publish finds its own mount, as it would on a real node.
     *
     * <p>Where nothing is mounted, a record of the target is one that a node killed between its
     * umount and forgetting the record left behind: the retried unpublish only looks, finds
     * nothing and unmounts nothing, so it goes here, or every such crash would leave a file.
     *
     * <p>A stand-in begun but not finished (the node was killed after the bind, before the
     * read-only remount or the record) is not shown: a real network mount is there whole or not
     * at all, and a retried publish that found a read-write or unrecorded mount would refuse it as
     * another mount for good. Not shown, it is mounted again, which finishes it (the node's bind
     * mount finds its bind there and only makes it read-only if asked); {@link #isMounted} still
     * tells that something is there, so that an unpublish unmounts it.
     */
    @Override
    public Optional<MountPoint> findMount(Path target) {
        Optional<MountPoint> actual = delegate.findMount(target);
        if (actual.isEmpty()) {
            records.forget(target);
            return actual;
        }
        Optional<MountPoint> translated = records.translate(actual.get());
        if (translated.isPresent()) {
            return translated;
        }
        if (records.pending(target)) {
            LOG.info("{} has a simulated network mount that was begun and not finished; it will be mounted again", target);
            return Optional.empty();
        }
        return actual;
    }

    /**
     * Anything mounted at {@code target}, also a simulated network mount not finished; where
     * nothing is, a record left there goes (see {@link #findMount}).
     */
    @Override
    public boolean isMounted(Path target) {
        if (delegate.findMount(target).isPresent()) {
            return true;
        }
        records.forget(target);
        return false;
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        return delegate.filesystemOn(device);
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        delegate.formatAndMount(device, target, fsType, formatOptions, mountOptions);
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        delegate.resizeFilesystem(device, mountPath);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        return delegate.filesystemStats(path);
    }

    @Override
    public long blockDeviceSize(Path device) {
        return delegate.blockDeviceSize(device);
    }

    /**
     * Network types by name; any other source that is not a local path ("server:/share",
     * "//host/share" of CIFS) is taken as network too, so that no unknown protocol slips through.
     */
    private static boolean isNetworkMount(String source, String fsType) {
        if (NETWORK_TYPES.contains(fsType)) {
            return true;
        }
        boolean localPath = source.startsWith("/") && !source.startsWith("//");
        return !localPath && !MEMORY_TYPES.contains(fsType);
    }

    /** Options as mount(8) takes them: elements may themselves be comma-separated lists. */
    private static List<String> flatten(List<String> options) {
        return options.stream()
                .flatMap(option -> Arrays.stream(option.split(",")))
                .map(String::strip)
                .filter(option -> !option.isEmpty())
                .toList();
    }
}
