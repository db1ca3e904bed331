package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.storage.FileSystemDirectories;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node side of the simulated FSx for Lustre: {@code mount -t lustre [-o …] <DNSName>@tcp:/<MountName>[/subdir] target}
 * stands for the file system's directory {@code <dataDir>/fsx/<fileSystemId>[/subdir]}, which the
 * simulated mounter bind-mounts. Options (flock, noatime, relatime, ro) do not change the
 * directory. A Lustre server that is no FSx DNS name is left to other resolvers.
 *
 * <p>Errors are {@link CsiException}s: NOT_FOUND for an unknown file system, another region, a
 * wrong mount name or a missing subdirectory; UNAVAILABLE while CREATING or DELETING, as the
 * Lustre client would find no servers; FAILED_PRECONDITION for a FAILED file system;
 * INVALID_ARGUMENT for a malformed source or a path leaving the file system. UPDATING mounts:
 * FSx keeps serving while it adds servers.
 */
public final class LustreMounts implements NetworkMountResolver {

    private static final Pattern SOURCE = Pattern.compile("([^@]+)@tcp[0-9]*:/([^/]*)(/.*)?");
    private static final Pattern DNS_NAME = Pattern.compile("(fs-[0-9a-f]{8,})\\.fsx\\.([a-z0-9-]+)\\.amazonaws\\.com");

    private final FsxState state;
    private final String region;

    LustreMounts(FsxState state, String region) {
        this.state = state;
        this.region = region;
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        if (!fsType.equals("lustre")) {
            return Optional.empty();
        }
        Matcher parts = SOURCE.matcher(source);
        if (!parts.matches() || parts.group(2).isEmpty()) {
            throw CsiException.invalidArgument("Lustre mount source '%s' is not <server>@tcp:/<mount name>[/path]", source);
        }
        Matcher host = DNS_NAME.matcher(parts.group(1));
        if (!host.matches()) {
            return Optional.empty();
        }
        if (!host.group(2).equals(region)) {
            throw CsiException.notFound("FSx file system %s is in region %s; the simulator serves %s", host.group(1), host.group(2), region);
        }
        FileSystem fileSystem = mountable(host.group(1), parts.group(2));
        Path base = state.directories().create(fileSystem.id());
        String path = parts.group(3) == null ? "/" : parts.group(3);
        Path directory = FileSystemDirectories.within(base, path);
        if (!Files.isDirectory(directory)) {
            throw CsiException.notFound("%s does not exist in FSx file system %s", path, fileSystem.id());
        }
        FileSystemDirectories.requireInside(base, directory);
        return Optional.of(directory);
    }

    private FileSystem mountable(String fileSystemId, String mountName) {
        FileSystem fileSystem = state.find(fileSystemId)
                .orElseThrow(() -> CsiException.notFound("FSx file system %s does not exist", fileSystemId));
        if (!fileSystem.mountName().equals(mountName)) {
            throw CsiException.notFound("FSx file system %s has mount name %s, not %s", fileSystemId, fileSystem.mountName(), mountName);
        }
        Lifecycle lifecycle = fileSystem.lifecycle(state.now());
        return switch (lifecycle) {
            case AVAILABLE, UPDATING -> fileSystem;
            case CREATING, DELETING -> throw CsiException.unavailable("FSx file system %s is %s", fileSystemId, lifecycle);
            case FAILED -> throw CsiException.failedPrecondition("FSx file system %s is FAILED", fileSystemId);
        };
    }
}
