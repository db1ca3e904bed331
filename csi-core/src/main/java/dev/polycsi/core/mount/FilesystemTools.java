package dev.polycsi.core.mount;

import dev.polycsi.spi.CsiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The tools that look at, create, check and grow filesystems on block devices. */
final class FilesystemTools {

    private static final Logger LOG = LogManager.getLogger(FilesystemTools.class);

    static final String PARTITION_TABLE_PREFIX = "partition-table:";

    private static final Set<String> EXT = Set.of("ext2", "ext3", "ext4");
    private static final String XFS = "xfs";

    /** blkid's exit code when it found none of the tags asked for. */
    private static final int BLKID_NOTHING_FOUND = 2;

    /** fsck's exit status is a bit mask; this bit says errors were left uncorrected. */
    private static final int FSCK_ERRORS_UNCORRECTED = 4;

    private final CommandRunner runner;
    private final CommandTimeouts timeouts;

    FilesystemTools(CommandRunner runner, CommandTimeouts timeouts) {
        this.runner = runner;
        this.timeouts = timeouts;
    }

    static boolean isExt(String fsType) {
        return EXT.contains(fsType);
    }

    /**
     * The filesystem type on {@code device}, {@value #PARTITION_TABLE_PREFIX} and the table's
     * type (e.g. "partition-table:gpt") for a device that holds a partition table and no
     * filesystem, empty only for a device with no signature at all. Low-level probing (-p)
     * bypasses blkid's cache, which may be stale.
     */
    Optional<String> probe(Path device) {
        if (!Files.exists(device)) {
            // blkid exits with 2, "nothing found", for a missing device too.
            throw CsiException.notFound("device %s does not exist", device);
        }
        CommandResult result = runner.run(
                List.of("blkid", "-p", "-s", "TYPE", "-s", "PTTYPE", "-o", "export", device.toString()),
                timeouts.mount());
        if (result.exitCode() == BLKID_NOTHING_FOUND) {
            return Optional.empty();
        }
        Map<String, String> tags = parseExport(result.orThrow().output());
        if (!tags.getOrDefault("TYPE", "").isEmpty()) {
            return Optional.of(tags.get("TYPE"));
        }
        if (!tags.getOrDefault("PTTYPE", "").isEmpty()) {
            return Optional.of(PARTITION_TABLE_PREFIX + tags.get("PTTYPE"));
        }
        throw CsiException.internal("blkid found neither a filesystem nor a partition table on %s: %s",
                device, result.output().strip());
    }

    /**
     * mkfs with the defaults of Kubernetes mount-utils for ext (-F: do not ask, the device was
     * probed blank; -m0: reserve no blocks for root on a data volume), then {@code options},
     * which may override them. xfs gets no -f: after blkid found no signature it could only
     * override mkfs.xfs's own check in the one case where the two disagree, and refusing then
     * is the safe answer.
     */
    void format(Path device, String fsType, List<String> options) {
        List<String> command = new ArrayList<>();
        command.add("mkfs." + fsType);
        if (isExt(fsType)) {
            command.addAll(List.of("-F", "-m0"));
        }
        options.stream().filter(option -> !option.isBlank()).forEach(command::add);
        command.add(device.toString());
        LOG.info("Formatting {} as {}", device, fsType);
        runner.run(command, timeouts.filesystem()).orThrow();
    }

    /**
     * For ext, fsck -a before a read-write mount, as mount-utils does: corrected errors (1) and
     * "reboot needed" (2, meaningless for a data volume) are fine, uncorrected errors (4) are an
     * error, and operational errors (8 and up) are left for the mount to find.
     */
    void check(Path device, String fsType) {
        if (!isExt(fsType)) {
            return;
        }
        CommandResult result = runner.run(List.of("fsck", "-a", device.toString()), timeouts.filesystem());
        int status = result.exitCode();
        if ((status & FSCK_ERRORS_UNCORRECTED) != 0) {
            throw CsiException.internal("fsck found errors on %s that it could not correct; repair it by hand: %s",
                    device, result.output().strip());
        }
        if (status > FSCK_ERRORS_UNCORRECTED) {
            LOG.warn("fsck -a {} exited with {}, mounting anyway: {}", device, status, result.output().strip());
        } else if (status != 0) {
            LOG.info("fsck -a {} corrected errors (exit code {})", device, status);
        }
    }

    /** Online growth: resize2fs takes the device, xfs_growfs the mount point. */
    void grow(Path device, Path mountPath, String fsType) {
        List<String> command;
        if (isExt(fsType)) {
            command = List.of("resize2fs", device.toString());
        } else if (fsType.equals(XFS)) {
            command = List.of("xfs_growfs", "-d", mountPath.toString());
        } else {
            throw CsiException.failedPrecondition("cannot resize the %s filesystem on %s: only ext2/3/4 and xfs are supported",
                    fsType, device);
        }
        LOG.info("Growing the {} filesystem on {} mounted at {}", fsType, device, mountPath);
        runner.run(command, timeouts.filesystem()).orThrow();
    }

    long size(Path device) {
        CommandResult result = runner.run(List.of("blockdev", "--getsize64", device.toString()), timeouts.mount()).orThrow();
        try {
            return Long.parseLong(result.output().strip());
        } catch (NumberFormatException e) {
            throw CsiException.internal("%s printed no size: %s", result.commandLine(), result.output().strip());
        }
    }

    /** blkid -o export: KEY=value lines; DEVNAME comes along unasked. */
    private static Map<String, String> parseExport(String output) {
        Map<String, String> tags = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                tags.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        return tags;
    }
}
