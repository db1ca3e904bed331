package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A CreateFileSystem request for a Lustre file system, read and checked in FSx's order of
 * concerns: type, storage, throughput, capacity, encryption, metadata, version, EFA, S3 link,
 * settings, network, tags. Only LUSTRE is simulated (ONTAP comes later); Intelligent-Tiering is not.
 *
 * @param subnetId         the one subnet, one the simulated account has
 * @param zone             the subnet's zone
 * @param securityGroupIds the account's security groups, possibly none
 */
record CreateRequest(LustreSpec spec, String subnetId, String zone, List<String> securityGroupIds, List<Tag> tags) {

    private static final List<String> FILE_SYSTEM_TYPES = List.of("WINDOWS", "LUSTRE", "ONTAP", "OPENZFS");
    private static final List<String> STORAGE_TYPES = List.of("SSD", "HDD", "INTELLIGENT_TIERING");
    private static final List<String> DEPLOYMENT_TYPES = List.of("SCRATCH_1", "SCRATCH_2", "PERSISTENT_1", "PERSISTENT_2");
    private static final List<String> VERSIONS = List.of("2.10", "2.12", "2.15");

    static CreateRequest read(JsonRequest body, SimulatorConfig config, Instant now) {
        String type = FsxFields.oneOf(body, "FileSystemType", FILE_SYSTEM_TYPES)
                .orElseThrow(() -> FsxError.badRequest("FileSystemType is required."));
        if (!type.equals("LUSTRE")) {
            throw FsxError.badRequest("The FSx simulator creates only LUSTRE file systems, not %s.", type);
        }
        for (String other : List.of("WindowsConfiguration", "OntapConfiguration", "OpenZFSConfiguration", "NetworkType")) {
            if (body.has(other)) {
                throw FsxError.badRequest("%s cannot be applied to a LUSTRE file system.", other);
            }
        }
        JsonRequest lustre = body.object("LustreConfiguration").orElseGet(() -> FsxFields.request(new byte[0]));
        String storageName = FsxFields.oneOf(body, "StorageType", STORAGE_TYPES).orElse("SSD");
        if (storageName.equals("INTELLIGENT_TIERING")) {
            throw FsxError.badRequest("The FSx simulator does not simulate the INTELLIGENT_TIERING storage class.");
        }
        StorageType storage = StorageType.valueOf(storageName);
        DeploymentType deployment = FsxFields.enumValue(lustre, "DeploymentType", DeploymentType.class, DEPLOYMENT_TYPES)
                .orElse(DeploymentType.SCRATCH_1);
        for (String tiering : List.of("ThroughputCapacity", "DataReadCacheConfiguration")) {
            if (lustre.has(tiering)) {
                throw FsxError.badRequest("%s is supported only for the INTELLIGENT_TIERING storage class.", tiering);
            }
        }
        Optional<String> driveCache = driveCache(lustre, storage, deployment);
        Optional<Integer> throughput = LustreThroughput.read(lustre, deployment, storage);
        int capacity = FsxFields.intInRange(body, "StorageCapacity", 0, Integer.MAX_VALUE)
                .orElseThrow(() -> FsxError.badRequest("StorageCapacity is required for LUSTRE file systems."));
        StorageCapacityRules.requireValidAtCreation(capacity, deployment, storage, throughput);
        Optional<String> kmsKeyId = kmsKey(body, deployment, config);
        Optional<MetadataConfiguration> metadata = LustreMetadata.read(lustre, deployment);
        String version = version(body, deployment, metadata);
        boolean efa = efa(lustre, deployment, metadata, version);
        Optional<DataRepository> repository = DataRepositories.read(lustre, deployment, now);
        LustreSpec spec = new LustreSpec(capacity, storage, deployment, throughput, driveCache,
                LustreSettings.dataCompression(lustre, "NONE"),
                LustreSettings.weeklyMaintenance(lustre, Optional.empty()),
                LustreSettings.backups(lustre, deployment, repository.isPresent(), Backups.NONE),
                repository, efa,
                LustreSettings.log(lustre, config.region(), SimulatorConfig.ACCOUNT_ID).orElse(LogSettings.DISABLED),
                LustreSettings.rootSquash(lustre), metadata, kmsKeyId, version);
        String subnetId = FsxNetwork.subnet(body, "A LUSTRE file system");
        String zone = FsxNetwork.zoneOf(config, subnetId);
        return new CreateRequest(spec, subnetId, zone, FsxNetwork.securityGroups(body), Tag.listOf(body));
    }

    /** HDD is PERSISTENT_1 only and needs a drive cache type; SSD has none. */
    private static Optional<String> driveCache(JsonRequest lustre, StorageType storage, DeploymentType deployment) {
        Optional<String> driveCache = FsxFields.oneOf(lustre, "DriveCacheType", List.of("NONE", "READ"));
        if (storage == StorageType.HDD) {
            if (deployment != DeploymentType.PERSISTENT_1) {
                throw FsxError.badRequest("HDD storage is supported only for deployment type PERSISTENT_1, not %s.", deployment);
            }
            if (driveCache.isEmpty()) {
                throw FsxError.badRequest("DriveCacheType is required when StorageType is HDD.");
            }
        } else if (driveCache.isPresent()) {
            throw FsxError.badRequest("DriveCacheType can be set only when StorageType is HDD.");
        }
        return driveCache;
    }

    /** Scratch file systems are encrypted with a key FSx owns; persistent ones with the given key or aws/fsx. */
    private static Optional<String> kmsKey(JsonRequest body, DeploymentType deployment, SimulatorConfig config) {
        Optional<String> kmsKeyId = body.string("KmsKeyId");
        if (!deployment.persistent()) {
            if (kmsKeyId.isPresent()) {
                throw FsxError.badRequest("KmsKeyId is supported only for PERSISTENT deployment types, not %s.", deployment);
            }
            return Optional.empty();
        }
        return Optional.of(FsxDefaults.kmsKey(body, config));
    }

    /** 2.10 unless PERSISTENT_2 (2.12, or 2.15 with a metadata configuration), which cannot run 2.10. */
    private static String version(JsonRequest body, DeploymentType deployment, Optional<MetadataConfiguration> metadata) {
        Optional<String> given = body.string("FileSystemTypeVersion");
        given.filter(version -> !VERSIONS.contains(version)).ifPresent(version -> {
            throw FsxError.badRequest("FileSystemTypeVersion '%s' is not supported; valid values are %s.", version, String.join(", ", VERSIONS));
        });
        if (deployment != DeploymentType.PERSISTENT_2) {
            return given.orElse("2.10");
        }
        String version = given.orElse(metadata.isPresent() ? "2.15" : "2.12");
        if (version.equals("2.10")) {
            throw FsxError.badRequest("Lustre version 2.10 is not supported for deployment type PERSISTENT_2.");
        }
        if (version.equals("2.12") && metadata.isPresent()) {
            throw FsxError.badRequest("A metadata configuration needs Lustre version 2.15, not 2.12.");
        }
        return version;
    }

    /** EFA needs PERSISTENT_2 with a metadata configuration on Lustre 2.15. */
    private static boolean efa(JsonRequest lustre, DeploymentType deployment, Optional<MetadataConfiguration> metadata, String version) {
        boolean efa = lustre.bool("EfaEnabled").orElse(false);
        if (efa && (deployment != DeploymentType.PERSISTENT_2 || metadata.isEmpty() || !version.equals("2.15"))) {
            throw FsxError.badRequest("EFA can be enabled only on PERSISTENT_2 file systems with a metadata configuration and Lustre version 2.15.");
        }
        return efa;
    }
}
