package dev.polycsi.fsx.lustre.params;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a VolumeAttributesClass asks UpdateFileSystem to change; empty fields stay as they are.
 *
 * @param perUnitStorageThroughput new MB/s per TiB
 * @param metadata                 new metadata configuration
 */
public record LustreChange(Optional<Integer> perUnitStorageThroughput, Optional<MetadataConfiguration> metadata) {

    public boolean isEmpty() {
        return perUnitStorageThroughput.isEmpty() && metadata.isEmpty();
    }

    /** In words, for messages and logs, e.g. "perUnitStorageThroughput 250, metadata USER_PROVISIONED 12000 IOPS". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        perUnitStorageThroughput.ifPresent(throughput -> parts.add("perUnitStorageThroughput " + throughput));
        metadata.ifPresent(configuration -> parts.add("metadata " + configuration.mode()
                + configuration.iops().map(iops -> " " + iops + " IOPS").orElse("")));
        return parts.isEmpty() ? "no change" : String.join(", ", parts);
    }

    /**
     * Refuses (INVALID_ARGUMENT, naming the keys) a change FSx's UpdateFileSystem would refuse
     * for {@code fileSystem}: throughput only on persistent SSD file systems without EFA and from
     * their deployment type's list; metadata only on PERSISTENT_2 file systems created with a
     * metadata configuration, and never fewer IOPS than now.
     */
    public void checkApplicableTo(ExistingFileSystem fileSystem) {
        perUnitStorageThroughput.ifPresent(throughput -> checkThroughput(throughput, fileSystem));
        metadata.ifPresent(configuration -> checkMetadata(configuration, fileSystem));
    }

    /**
     * The part of this change that differs from what {@code fileSystem} has, so that a repeated
     * ControllerModifyVolume after a successful one asks FSx for nothing.
     */
    public LustreChange pendingOn(ExistingFileSystem fileSystem) {
        return new LustreChange(
                perUnitStorageThroughput.filter(throughput -> !fileSystem.perUnitStorageThroughput().equals(Optional.of(throughput))),
                metadata.filter(configuration -> !fileSystem.has(configuration)));
    }

    private static void checkThroughput(int throughput, ExistingFileSystem fileSystem) {
        DeploymentType deployment = fileSystem.deploymentType();
        if (!deployment.isPersistent()) {
            throw CsiException.invalidArgument("parameter 'perUnitStorageThroughput': FSx cannot change the throughput of a %s file "
                    + "system", deployment);
        }
        if (fileSystem.storageType() != StorageType.SSD) {
            throw CsiException.invalidArgument("parameter 'perUnitStorageThroughput': FSx changes the throughput of SSD file systems "
                    + "only, and this one is %s %s", deployment, fileSystem.storageType());
        }
        if (fileSystem.efaEnabled()) {
            throw CsiException.invalidArgument("parameter 'perUnitStorageThroughput': the throughput of an EFA-enabled file system "
                    + "cannot change");
        }
        List<Integer> allowed = deployment.throughputs(StorageType.SSD);
        if (!allowed.contains(throughput)) {
            throw CsiException.invalidArgument("parameter 'perUnitStorageThroughput': %d MB/s/TiB is not offered for %s SSD; allowed: %s",
                    throughput, deployment, FsxParameters.list(allowed));
        }
    }

    private static void checkMetadata(MetadataConfiguration configuration, ExistingFileSystem fileSystem) {
        if (fileSystem.deploymentType() != DeploymentType.PERSISTENT_2) {
            throw CsiException.invalidArgument("parameter 'metadataConfigurationMode': only PERSISTENT_2 file systems have a metadata "
                    + "configuration, and this one is %s", fileSystem.deploymentType());
        }
        if (fileSystem.metadataMode().isEmpty()) {
            throw CsiException.invalidArgument("parameter 'metadataConfigurationMode': this file system was created without a metadata "
                    + "configuration, and FSx cannot add one later");
        }
        Optional<Integer> current = fileSystem.metadataIops();
        Optional<Integer> wanted = configuration.iops();
        if (wanted.isPresent() && current.isPresent() && wanted.get() < current.get()) {
            throw CsiException.invalidArgument("parameter 'metadataIops': %d is below the file system's %d metadata IOPS, and FSx "
                    + "never lowers them", wanted.get(), current.get());
        }
    }
}
