package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.storage.FileSystemDirectories;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node side of the simulated FSx for Lustre and Amazon File Cache:
 * {@code mount -t lustre [-o …] <DNSName>@tcp:/<MountName>[/subdir] target} stands for the file
 * system's or cache's directory {@code <dataDir>/fsx/<fs-… or fc-…>[/subdir]}, which the simulated
 * mounter bind-mounts. Options (flock, noatime, relatime, ro) do not change the directory. A
 * Lustre server that is no FSx DNS name is left to other resolvers. An AVAILABLE cache has a
 * directory at each data repository association's cache path (and its NFS exports under it).
 *
 * <p>Errors are {@link CsiException}s: NOT_FOUND for an unknown file system or cache, another
 * region, a wrong mount name or a missing subdirectory; UNAVAILABLE while CREATING or DELETING,
 * as the Lustre client would find no servers; FAILED_PRECONDITION when FAILED; INVALID_ARGUMENT
 * for a malformed source or a path leaving the file system. UPDATING mounts: FSx keeps serving
 * while it adds servers.
 */
public final class LustreMounts implements NetworkMountResolver {

    private static final Pattern SOURCE = Pattern.compile("([^@]+)@tcp[0-9]*:/([^/]*)(/.*)?");
    private static final Pattern DNS_NAME = Pattern.compile("((?:fs|fc)-[0-9a-f]{8,})\\.fsx\\.([a-z0-9-]+)\\.amazonaws\\.com");

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
        String id = host.group(1);
        String what = id.startsWith("fc-") ? "FSx file cache" : "FSx file system";
        if (!host.group(2).equals(region)) {
            throw CsiException.notFound("%s %s is in region %s; the simulator serves %s", what, id, host.group(2), region);
        }
        if (id.startsWith("fc-")) {
            FileCache cache = state.findCache(id).orElseThrow(() -> CsiException.notFound("%s %s does not exist", what, id));
            requireMountable(what, id, cache.mountName(), parts.group(2), cache.lifecycle(state.now()));
            try {
                state.link(cache);
            } catch (UncheckedIOException e) {
                throw CsiException.internal("%s", e.getMessage());
            }
        } else {
            FileSystem fileSystem = state.find(id).orElseThrow(() -> CsiException.notFound("%s %s does not exist", what, id));
            requireMountable(what, id, fileSystem.mountName(), parts.group(2), fileSystem.lifecycle(state.now()));
        }
        Path base = state.directories().create(id);
        String path = parts.group(3) == null ? "/" : parts.group(3);
        Path directory = FileSystemDirectories.within(base, path);
        if (!Files.isDirectory(directory)) {
            throw CsiException.notFound("%s does not exist in %s %s", path, what, id);
        }
        FileSystemDirectories.requireInside(base, directory);
        return Optional.of(directory);
    }

    private static void requireMountable(String what, String id, String mountName, String asked, Lifecycle lifecycle) {
        if (!mountName.equals(asked)) {
            throw CsiException.notFound("%s %s has mount name %s, not %s", what, id, mountName, asked);
        }
        switch (lifecycle) {
            case AVAILABLE, UPDATING -> { }
            case CREATING, DELETING -> throw CsiException.unavailable("%s %s is %s", what, id, lifecycle);
            case FAILED -> throw CsiException.failedPrecondition("%s %s is FAILED", what, id);
        }
    }
}
