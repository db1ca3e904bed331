package dev.polycsi.simulator.efs;

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
 * The node side of the simulated EFS: which directory on this machine stands for the mount the
 * EFS backend asks for, so that the simulated mounter can bind-mount it instead.
 *
 * <ul>
 * <li>{@code mount -t efs -o tls[,accesspoint=fsap-…][,ro][,iam] fs-…:/path target}, where the server
 *     may also be the file system's DNS name {@code [zone.]fs-….efs.<region>.amazonaws.com};</li>
 * <li>{@code mount -t nfs4 <mount target address or EFS DNS name>:/path target} (also {@code nfs}).</li>
 * </ul>
 *
 * <p>The answer is {@code <dataDir>/efs/<fileSystemId>/<path>}; through an access point, the path is
 * taken inside the access point's root directory, which is created on first use from the access
 * point's CreationInfo as EFS does. Options other than {@code accesspoint} (tls, iam, ro, …) do
 * not change the directory: honouring {@code ro} is the mounter's job.
 *
 * <p>Errors are {@link CsiException}s: NOT_FOUND for an unknown file system, access point or
 * path, UNAVAILABLE while the file system or access point is still {@code creating},
 * INVALID_ARGUMENT for a malformed source or a path leaving the file system.
 */
public final class EfsMounts implements NetworkMountResolver {

    private static final Pattern DNS_NAME = Pattern.compile("^(?:[a-z0-9-]+\\.)?(fs-[0-9a-f]{8,40})\\.efs\\.([a-z0-9-]+)\\.amazonaws\\.com$");

    private final EfsState state;
    private final String region;
    private final AccessPointRoots accessPointRoots = new AccessPointRoots();

    EfsMounts(EfsState state, String region) {
        this.state = state;
        this.region = region;
    }

    /**
     * The directory for {@code mount -t fsType -o options source}; empty when the mount is not for a
     * simulated EFS file system (another file system type, or an NFS server that is no EFS mount target).
     */
    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        return switch (fsType) {
            case "efs" -> {
                MountRequest request = MountRequest.parse(source, options);
                yield Optional.of(resolve(request, fileSystemOfEfsServer(request.server())));
            }
            case "nfs", "nfs4" -> {
                MountRequest request = MountRequest.parse(source, options);
                Optional<String> fileSystemId = fileSystemOfNfsServer(request.server());
                if (fileSystemId.isPresent() && request.accessPointId().isPresent()) {
                    throw CsiException.invalidArgument("an EFS access point needs -t efs; plain NFS cannot use accesspoint=%s",
                            request.accessPointId().get());
                }
                yield fileSystemId.map(id -> resolve(request, id));
            }
            default -> Optional.empty();
        };
    }

    private Path resolve(MountRequest request, String fileSystemId) {
        FileSystem fileSystem = state.findFileSystem(fileSystemId)
                .orElseThrow(() -> CsiException.notFound("EFS file system %s does not exist", fileSystemId));
        if (!fileSystem.lifecycle().available(state.now())) {
            throw CsiException.unavailable("EFS file system %s is still creating", fileSystemId);
        }
        Path base = state.directories().create(fileSystemId);
        if (request.accessPointId().isPresent()) {
            base = accessPointRoots.ensure(base, accessPoint(request.accessPointId().get(), fileSystemId));
        }
        Path directory = FileSystemDirectories.within(base, request.path());
        if (!Files.isDirectory(directory)) {
            throw CsiException.notFound("%s does not exist in EFS file system %s%s", request.path(), fileSystemId,
                    request.accessPointId().map(id -> " under access point " + id).orElse(""));
        }
        FileSystemDirectories.requireInside(state.directories().of(fileSystemId), directory);
        return directory;
    }

    private AccessPoint accessPoint(String accessPointId, String fileSystemId) {
        AccessPoint accessPoint = state.findAccessPoint(accessPointId)
                .orElseThrow(() -> CsiException.notFound("EFS access point %s does not exist", accessPointId));
        if (!accessPoint.fileSystemId().equals(fileSystemId)) {
            throw CsiException.notFound("EFS access point %s belongs to file system %s, not %s",
                    accessPointId, accessPoint.fileSystemId(), fileSystemId);
        }
        if (!accessPoint.lifecycle().available(state.now())) {
            throw CsiException.unavailable("EFS access point %s is still creating", accessPointId);
        }
        return accessPoint;
    }

    /** {@code fs-…} or the file system's DNS name; anything else is not an EFS source. */
    private String fileSystemOfEfsServer(String server) {
        if (EfsIds.isFileSystemId(server)) {
            return server;
        }
        return fileSystemOfDnsName(server)
                .orElseThrow(() -> CsiException.invalidArgument("'%s' is neither an EFS file system id nor its DNS name", server));
    }

    private Optional<String> fileSystemOfNfsServer(String server) {
        Optional<String> byName = fileSystemOfDnsName(server);
        return byName.isPresent() ? byName : state.findMountTargetByAddress(server).map(MountTarget::fileSystemId);
    }

    private Optional<String> fileSystemOfDnsName(String host) {
        Matcher m = DNS_NAME.matcher(host);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (!m.group(2).equals(region)) {
            throw CsiException.notFound("EFS file system %s is in region %s; the simulator serves %s", m.group(1), m.group(2), region);
        }
        return Optional.of(m.group(1));
    }
}
