package dev.polycsi.core.mount;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@link Mounter} of a Linux node: mount(8), umount(8), blkid, mkfs, fsck and the resize
 * tools run as argument lists with timeouts, the mount table read from mountinfo, statvfs
 * called natively. Every operation is idempotent, so that the retries of the CO are harmless.
 */
public final class LinuxMounter implements Mounter {

    private static final Logger LOG = LogManager.getLogger(LinuxMounter.class);

    /**
     * What {@link #filesystemOn} returns, followed by the table's type, for a device that holds a
     * partition table and no filesystem: such a device is not blank and is never formatted.
     */
    public static final String PARTITION_TABLE_PREFIX = FilesystemTools.PARTITION_TABLE_PREFIX;

    /** More mounts stacked on one target than this means something keeps mounting there. */
    private static final int MAX_STACKED_UNMOUNTS = 16;

    /** A -t argument: letters, digits and the separators of subtypes such as fuse.sshfs. */
    private static final Pattern MOUNT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    /** The suffix of mkfs.&lt;type&gt;, which must not turn into a path. */
    private static final Pattern MKFS_TYPE = Pattern.compile("[a-z0-9]+");

    private final CommandRunner runner;
    private final MountInfo mountInfo;
    private final CommandTimeouts timeouts;
    private final FilesystemTools filesystems;

    public LinuxMounter() {
        this(new ProcessCommandRunner(), MountInfo.PROC_SELF_MOUNTINFO, CommandTimeouts.DEFAULTS);
    }

    public LinuxMounter(CommandRunner runner, Path mountInfoFile, CommandTimeouts timeouts) {
        this.runner = runner;
        this.mountInfo = new MountInfo(mountInfoFile);
        this.timeouts = timeouts;
        this.filesystems = new FilesystemTools(runner, timeouts);
    }

    /**
     * Nothing to do if {@code target} already has {@code source} mounted. Something else there is
     * FAILED_PRECONDITION when it has the type asked for. When its type differs, a mount helper
     * translated both (mount.efs turns "fs-1234:/" of type efs into an nfs4 mount of
     * "127.0.0.1:/"), the sources cannot be compared, and the mount is taken as this one.
     */
    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        requireAbsolute(target, "target");
        requireMatches(MOUNT_TYPE, fsType, "filesystem type");
        if (source.isBlank() || source.startsWith("-")) {
            throw CsiException.invalidArgument("invalid mount source %s", source);
        }
        Optional<MountPoint> existing = findMount(target);
        if (existing.isPresent()) {
            acceptExisting(existing.get(), source, fsType);
            return;
        }
        ensureDirectory(target);
        List<String> command = new ArrayList<>(List.of("mount", "-t", fsType));
        addOptions(command, cleaned(options));
        command.add(source);
        command.add(target.toString());
        run(command, timeouts.mount());
    }

    /**
     * mount --bind, then for read-only a remount, since the kernel ignores ro on the bind
     * itself. A target that is already mounted but not yet read-only, as a crash between the
     * two leaves it, gets the remount. If the remount fails, the bind is undone.
     */
    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        requireAbsolute(source, "source");
        requireAbsolute(target, "target");
        List<String> remountOptions = cleaned(options).stream()
                .filter(option -> !option.equals("bind") && !option.equals("remount"))
                .toList();
        Optional<MountPoint> existing = findMount(target);
        if (existing.isPresent()) {
            if (readOnly && !existing.get().readOnly()) {
                LOG.info("{} is bind-mounted but not yet read-only; remounting it", target);
                remountBind(target, true, remountOptions);
            }
            return;
        }
        boolean directory = Files.isDirectory(source);
        if (!directory && !Files.exists(source)) {
            throw CsiException.failedPrecondition("cannot bind-mount %s: it does not exist", source);
        }
        if (directory) {
            ensureDirectory(target);
        } else {
            ensureFile(target);
        }
        run(List.of("mount", "--bind", source.toString(), target.toString()), timeouts.mount());
        if (readOnly || !remountOptions.isEmpty()) {
            try {
                remountBind(target, readOnly, remountOptions);
            } catch (CsiException e) {
                undoBind(target, e);
                throw e;
            }
        }
    }

    /**
     * umount until nothing is mounted at {@code target}, all within the mount timeout. The path
     * is handed over as mountinfo has it, with --no-canonicalize, so that umount does not stat a
     * mount point whose server is gone.
     */
    @Override
    public void unmount(Path target) {
        long deadline = System.nanoTime() + timeouts.mount().toNanos();
        for (int attempt = 0; attempt < MAX_STACKED_UNMOUNTS; attempt++) {
            Optional<MountPoint> mounted = findMount(target);
            if (mounted.isEmpty()) {
                return;
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED,
                        "%s is still mounted after %d s of unmounting".formatted(target, timeouts.mount().toSeconds()));
            }
            CommandResult result = runner.run(List.of("umount", "--no-canonicalize", mounted.get().target().toString()), left);
            if (!result.succeeded() && !result.output().contains("not mounted")) {
                throw result.failure();
            }
        }
        if (isMounted(target)) {
            throw CsiException.internal("%s is still mounted after %d unmounts", target, MAX_STACKED_UNMOUNTS);
        }
    }

    /**
     * {@code umount -l}, within the mount timeout, on the path as mountinfo has it and with
     * --no-canonicalize, as {@link #unmount}. The detach itself is immediate; the command may
     * then wait in the kernel for the last reference to go (a dead server's dirty pages), and
     * being killed there is no failure once the mount has left the table.
     */
    @Override
    public void lazyUnmount(Path target) {
        Optional<MountPoint> mounted = findMount(target);
        if (mounted.isEmpty()) {
            return;
        }
        try {
            CommandResult result = runner.run(List.of("umount", "-l", "--no-canonicalize", mounted.get().target().toString()),
                    timeouts.mount());
            if (!result.succeeded() && !result.output().contains("not mounted")) {
                throw result.failure();
            }
        } catch (CsiException e) {
            if (isMounted(target)) {
                throw e;
            }
            LOG.warn("{} is detached, though umount -l did not end well: {}", target, e.getMessage());
        }
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return mountInfo.find(target);
    }

    /** See {@link #PARTITION_TABLE_PREFIX} for a device with a partition table. */
    @Override
    public Optional<String> filesystemOn(Path device) {
        return filesystems.probe(device);
    }

    /**
     * Formats only a device on which blkid finds no signature at all, and never for a read-only
     * mount; checks an existing ext filesystem with fsck before a read-write mount. A target
     * that already has this device mounted is success; another device there is FAILED_PRECONDITION.
     */
    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        requireAbsolute(device, "device");
        requireAbsolute(target, "target");
        requireMatches(MKFS_TYPE, fsType, "filesystem type");
        Optional<MountPoint> existing = findMount(target);
        if (existing.isPresent()) {
            if (!isSameDevice(device, existing.get())) {
                throw CsiException.failedPrecondition("%s already has %s mounted, not %s",
                        target, existing.get().source(), device);
            }
            return;
        }
        boolean readOnly = mountOptions.contains("ro");
        Optional<String> found = filesystems.probe(device);
        if (found.isEmpty()) {
            if (readOnly) {
                throw CsiException.failedPrecondition("%s holds no filesystem, and a read-only mount does not format it", device);
            }
            filesystems.format(device, fsType, formatOptions);
        } else if (found.get().equals(fsType)) {
            if (!readOnly) {
                filesystems.check(device, fsType);
            }
        } else {
            throw CsiException.failedPrecondition("%s holds %s, not %s; it is never reformatted", device, found.get(), fsType);
        }
        mount(device.toString(), target, fsType, mountOptions);
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        String fsType = filesystems.probe(device)
                .orElseThrow(() -> CsiException.failedPrecondition("%s holds no filesystem to resize", device));
        filesystems.grow(device, mountPath, fsType);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        return Statvfs.stats(path);
    }

    @Override
    public long blockDeviceSize(Path device) {
        return filesystems.size(device);
    }

    private void acceptExisting(MountPoint mounted, String source, String fsType) {
        if (isSameSource(source, mounted)) {
            LOG.debug("{} already has {} mounted", mounted.target(), source);
        } else if (mounted.fsType().equals(fsType)) {
            throw CsiException.failedPrecondition("%s already has %s mounted, not %s", mounted.target(), mounted.source(), source);
        } else {
            LOG.info("{} already has {} mounted as {}; taking it as the {} mount of {}",
                    mounted.target(), mounted.source(), mounted.fsType(), fsType, source);
        }
    }

    private static boolean isSameSource(String source, MountPoint mounted) {
        if (source.equals(mounted.source())) {
            return true;
        }
        return source.startsWith("/") && isSameDevice(Path.of(source), mounted);
    }

    /** By device number, which survives /dev/disk/by-id links; else by resolved path (/dev/mapper). */
    private static boolean isSameDevice(Path device, MountPoint mounted) {
        if (DeviceNumber.of(device).filter(mounted.device()::equals).isPresent()) {
            return true;
        }
        return mounted.source().startsWith("/") && realPath(device).equals(realPath(Path.of(mounted.source())));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private void remountBind(Path target, boolean readOnly, List<String> options) {
        List<String> remount = new ArrayList<>(List.of("remount", "bind"));
        if (readOnly) {
            remount.add("ro");
        }
        remount.addAll(options);
        run(List.of("mount", "-o", String.join(",", remount), target.toString()), timeouts.mount());
    }

    private void undoBind(Path target, CsiException cause) {
        try {
            unmount(target);
        } catch (CsiException e) {
            cause.addSuppressed(e);
        }
    }

    private void run(List<String> command, Duration timeout) {
        runner.run(command, timeout).orThrow();
    }

    private static void addOptions(List<String> command, List<String> options) {
        if (!options.isEmpty()) {
            command.add("-o");
            command.add(String.join(",", options));
        }
    }

    private static List<String> cleaned(List<String> options) {
        return options.stream().map(String::strip).filter(option -> !option.isEmpty()).toList();
    }

    private static void ensureDirectory(Path target) {
        if (Files.isDirectory(target)) {
            return;
        }
        if (Files.exists(target)) {
            throw CsiException.failedPrecondition("mount target %s exists and is not a directory", target);
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot create %s: %s".formatted(target, e), e);
        }
    }

    /** A device is bind-mounted onto a file, so that the pod sees a device file at the path. */
    private static void ensureFile(Path target) {
        if (Files.isRegularFile(target)) {
            return;
        }
        if (Files.exists(target)) {
            throw CsiException.failedPrecondition("mount target %s exists and is not a regular file", target);
        }
        try {
            Files.createDirectories(target.getParent());
            Files.createFile(target);
        } catch (FileAlreadyExistsException e) {
            // Created concurrently: what matters is that it exists.
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot create %s: %s".formatted(target, e), e);
        }
    }

    private static void requireAbsolute(Path path, String what) {
        if (!path.isAbsolute()) {
            throw CsiException.invalidArgument("the %s must be an absolute path: %s", what, path);
        }
    }

    private static void requireMatches(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw CsiException.invalidArgument("invalid %s: %s", what, value);
        }
    }
}
