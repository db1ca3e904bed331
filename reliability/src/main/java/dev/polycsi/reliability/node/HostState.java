package dev.polycsi.reliability.node;

import dev.polycsi.core.conformance.Mounts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the host holds: mounts from /proc/self/mountinfo, loop devices from /sys/block. */
final class HostState {

    private static final Path SYS_BLOCK = Path.of("/sys/block");

    private HostState() {
    }

    /** How many mounts are stacked exactly at {@code path}: 1 while published, 0 after. */
    static long mountCount(Path path) {
        Path wanted = path.toAbsolutePath().normalize();
        return Mounts.mountPoints().stream().filter(wanted::equals).count();
    }

    /** Whether the mount at {@code path} is read-only (its per-mount options in mountinfo hold "ro"). */
    static boolean mountedReadOnly(Path path) {
        String wanted = path.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 5 && wanted.equals(unescape(fields[4]))) {
                    return java.util.Arrays.asList(fields[5].split(",")).contains("ro");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        return false;
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /**
     * The simulated node's records of network mounts (one small file per target, in the node's
     * temporary directory, the target in its first comment line) of targets at or below {@code dir}.
     */
    static List<Path> mountRecordsUnder(Path dir) {
        Path records = Path.of(System.getProperty("java.io.tmpdir"), "polycsi-simulated-mounts");
        Path root = dir.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(records)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records)) {
            for (Path file : files) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (!lines.isEmpty() && lines.getFirst().startsWith("#") && Path.of(lines.getFirst().substring(1).strip()).startsWith(root)) {
                    found.add(Path.of(lines.getFirst().substring(1).strip()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + records + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The mount points at or below {@code dir}. */
    static List<Path> mountsUnder(Path dir) {
        return Mounts.mountPointsUnder(dir);
    }

    /** The loop devices whose backing file is at or below {@code dir}, as "loopN -> file". */
    static List<String> loopDevicesUnder(Path dir) {
        Path root = realPath(dir);
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(SYS_BLOCK)) {
            return found;
        }
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(SYS_BLOCK, "loop*")) {
            for (Path device : devices) {
                String backing = backingFile(device);
                if (backing != null && Path.of(backing.replace(" (deleted)", "")).startsWith(root)) {
                    found.add(device.getFileName() + " -> " + backing);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + SYS_BLOCK + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The loop devices over exactly {@code file}. */
    static List<String> loopDevicesOver(Path file) {
        String wanted = realPath(file).toString();
        return loopDevicesUnder(file.getParent()).stream().filter(entry -> entry.endsWith(" -> " + wanted)).toList();
    }

    /**
     * What keeps a loop device ("loopN") in use: the mounts of its device number, the processes
     * with it open (pid and command line), and its holders in sysfs.
     */
    static String usersOf(String loop) {
        StringBuilder users = new StringBuilder();
        try {
            String number = Files.readString(SYS_BLOCK.resolve(loop).resolve("dev")).strip();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[2].equals(number)) {
                    users.append("mounted at ").append(unescape(fields[4])).append("; ");
                }
            }
            try (DirectoryStream<Path> holders = Files.newDirectoryStream(SYS_BLOCK.resolve(loop).resolve("holders"))) {
                holders.forEach(holder -> users.append("held by ").append(holder.getFileName()).append("; "));
            }
        } catch (IOException e) {
            users.append("(").append(e.getMessage()).append(") ");
        }
        Path device = Path.of("/dev", loop);
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (device.equals(Files.readSymbolicLink(fd))) {
                            String command = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ').strip();
                            users.append("open in ").append(process.getFileName()).append(" (").append(command).append("); ");
                        }
                    }
                } catch (IOException e) {
                    // gone, or not ours to look at
                }
            }
        } catch (IOException e) {
            users.append("(").append(e.getMessage()).append(") ");
        }
        return users.isEmpty() ? "no user found" : users.toString();
    }

    /**
     * The processes of other mount namespaces that have {@code loop} ("loopN") mounted, as
     * "pid (command)": a namespace made (unshare) while the volume was mounted keeps a copy of
     * that mount, and with it the device, until its last process exits. No driver can undo that.
     */
    static List<String> foreignHolders(String loop) {
        List<String> holders = new ArrayList<>();
        String number;
        String ownNamespace;
        try {
            number = Files.readString(SYS_BLOCK.resolve(loop).resolve("dev")).strip();
            ownNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        } catch (IOException e) {
            return holders;
        }
        java.util.Set<String> namespaces = new java.util.HashSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String namespace = Files.readSymbolicLink(process.resolve("ns/mnt")).toString();
                    if (namespace.equals(ownNamespace) || !namespaces.add(namespace)) {
                        continue;
                    }
                    for (String line : Files.readAllLines(process.resolve("mountinfo"))) {
                        String[] fields = line.split(" ");
                        if (fields.length > 4 && fields[2].equals(number)) {
                            String command = new String(Files.readAllBytes(process.resolve("cmdline"))).replace('\0', ' ').strip();
                            holders.add(process.getFileName() + " (" + command.substring(0, Math.min(80, command.length())) + ")");
                            break;
                        }
                    }
                } catch (IOException e) {
                    // gone, or not ours to look at
                }
            }
        } catch (IOException e) {
            return holders;
        }
        return holders;
    }

    /** Frees every loop device over a file under {@code dir} (cleanup after a failed run); returns what stayed. */
    static List<String> detachLoopDevicesUnder(Path dir) {
        for (String entry : loopDevicesUnder(dir)) {
            String device = "/dev/" + entry.substring(0, entry.indexOf(' '));
            run(List.of("losetup", "-d", device));
        }
        return loopDevicesUnder(dir);
    }

    private static String backingFile(Path device) {
        try {
            return Files.readString(device.resolve("loop/backing_file")).strip();
        } catch (NoSuchFileException e) {
            return null; // a free device
        } catch (IOException e) {
            return null;
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            // reported by the caller as what stayed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
