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
 * The node side of the simulated FSx for NetApp ONTAP:
 * {@code mount -t nfs|nfs4 [-o …] <SVM DNS name or NFS address>:/<junction path>[/subdir] target}
 * stands for the volume's directory {@code <dataDir>/fsx/<fsvol-…>[/subdir]}: the volume of that
 * SVM whose junction path is the longest prefix of the path, as the SVM's namespace would lead
 * there. Options (nfsvers, hard, nconnect, ro, …) do not change the directory. An NFS server that
 * is neither an FSx SVM's DNS name nor one of its NFS addresses is left to other resolvers (EFS).
 *
 * <p>Errors are {@link CsiException}s: NOT_FOUND for an unknown SVM, another region, a path no
 * volume is mounted at, a volume DELETING (ONTAP unmounts it first) or a missing subdirectory;
 * UNAVAILABLE while the volume is CREATING; FAILED_PRECONDITION when it is FAILED;
 * INVALID_ARGUMENT for a malformed source or a path leaving the volume.
 */
public final class OntapMounts implements NetworkMountResolver {

    private static final Pattern DNS_NAME = Pattern.compile("(svm-[0-9a-f]{17})\\.(fs-[0-9a-f]{8,})\\.fsx\\.([a-z0-9-]+)\\.amazonaws\\.com");

    private final FsxState state;
    private final String region;

    OntapMounts(FsxState state, String region) {
        this.state = state;
        this.region = region;
    }

    @Override
    public Optional<Path> resolve(String source, String fsType, List<String> options) {
        if (!fsType.equals("nfs") && !fsType.equals("nfs4")) {
            return Optional.empty();
        }
        int colon = source.indexOf(':');
        Optional<Svm> svm = svmOf(colon < 0 ? source : source.substring(0, colon));
        if (svm.isEmpty()) {
            return Optional.empty();
        }
        String path = colon < 0 ? "" : source.substring(colon + 1);
        if (!path.startsWith("/")) {
            throw CsiException.invalidArgument("NFS mount source '%s' is not <SVM DNS name or address>:/<junction path>[/path]", source);
        }
        String svmId = svm.get().id();
        return Optional.of(state.ontap(ontap -> {
            OntapVolume volume = ontap.mountedAt(svmId, path)
                    .orElseThrow(() -> CsiException.notFound("no volume of storage virtual machine %s is mounted at %s", svmId, path));
            String junction = volume.spec().junctionPath().orElseThrow();
            switch (volume.lifecycle(state.now())) {
                case CREATED -> { }
                case CREATING -> throw CsiException.unavailable("FSx for ONTAP volume %s at %s is CREATING", volume.id(), junction);
                case FAILED -> throw CsiException.failedPrecondition("FSx for ONTAP volume %s at %s is FAILED", volume.id(), junction);
                case DELETING -> throw CsiException.notFound("FSx for ONTAP volume %s at %s is DELETING", volume.id(), junction);
            }
            ontap.settleRestore(volume.id());
            Path base = state.directories().create(volume.id());
            String rest = path.substring(junction.length());
            Path directory = FileSystemDirectories.within(base, rest.isEmpty() ? "/" : rest);
            if (!Files.isDirectory(directory)) {
                throw CsiException.notFound("%s does not exist in FSx for ONTAP volume %s at %s", rest, volume.id(), junction);
            }
            FileSystemDirectories.requireInside(base, directory);
            return directory;
        }));
    }

    /** The SVM a DNS name names (NOT_FOUND if it has none, or is of another region), or whose NFS address it is; empty for any other server. */
    private Optional<Svm> svmOf(String host) {
        Matcher name = DNS_NAME.matcher(host);
        if (name.matches()) {
            if (!name.group(3).equals(region)) {
                throw CsiException.notFound("FSx storage virtual machine %s is in region %s; the simulator serves %s", name.group(1),
                        name.group(3), region);
            }
            return Optional.of(state.ontap(ontap -> ontap.svmByDnsName(name.group(1), name.group(2)))
                    .orElseThrow(() -> CsiException.notFound("FSx storage virtual machine %s of file system %s does not exist",
                            name.group(1), name.group(2))));
        }
        return state.ontap(ontap -> ontap.svmByNfsAddress(host));
    }
}
