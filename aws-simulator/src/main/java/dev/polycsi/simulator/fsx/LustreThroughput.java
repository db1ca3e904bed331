package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * PerUnitStorageThroughput (MB/s/TiB): required for persistent file systems, one of the tiers of
 * their type; UpdateFileSystem moves a persistent SSD file system to another tier of its type, up
 * or down, unless EFA is enabled (the Lustre guide, "Managing provisioned throughput capacity").
 */
final class LustreThroughput {

    private LustreThroughput() {
    }

    static Optional<Integer> read(JsonRequest lustre, DeploymentType deployment, StorageType storage) {
        Optional<Integer> throughput = FsxFields.intInRange(lustre, "PerUnitStorageThroughput", 12, 1000);
        if (!deployment.persistent()) {
            if (throughput.isPresent()) {
                throw FsxError.badRequest("PerUnitStorageThroughput is supported only for PERSISTENT deployment types, not %s.", deployment);
            }
            return throughput;
        }
        int value = throughput.orElseThrow(
                () -> FsxError.badRequest("PerUnitStorageThroughput is required for deployment type %s.", deployment));
        List<Integer> tiers = tiers(deployment, storage);
        if (!tiers.contains(value)) {
            throw FsxError.invalidPerUnitStorageThroughput("PerUnitStorageThroughput %d is not valid for %s %s storage; valid values are %s.",
                    value, deployment, storage, tiers);
        }
        return throughput;
    }

    /**
     * UpdateFileSystem's new tier: a file system whose throughput FSx cannot change is
     * UnsupportedOperation (scratch, HDD, EFA-enabled), a tier its type does not have
     * InvalidPerUnitStorageThroughput, as at creation. FSx documents the rules, not its error
     * codes for them; these are the codes its model lists for UpdateFileSystem that fit.
     */
    static void requireValidChange(int target, LustreSpec spec) {
        DeploymentType deployment = spec.deploymentType();
        if (!deployment.persistent()) {
            throw FsxError.unsupportedOperation("The throughput capacity of a %s file system cannot be updated; only persistent SSD"
                    + " file systems support throughput capacity updates.", deployment);
        }
        if (spec.storageType() != StorageType.SSD) {
            throw FsxError.unsupportedOperation("The throughput capacity of a %s %s file system cannot be updated; only persistent SSD"
                    + " file systems support throughput capacity updates.", deployment, spec.storageType());
        }
        if (spec.efaEnabled()) {
            throw FsxError.unsupportedOperation("The throughput capacity of an EFA-enabled file system cannot be updated.");
        }
        List<Integer> tiers = tiers(deployment, StorageType.SSD);
        if (!tiers.contains(target)) {
            throw FsxError.invalidPerUnitStorageThroughput("PerUnitStorageThroughput %d is not valid for %s SSD storage; valid values are %s.",
                    target, deployment, tiers);
        }
    }

    private static List<Integer> tiers(DeploymentType deployment, StorageType storage) {
        if (deployment == DeploymentType.PERSISTENT_2) {
            return List.of(125, 250, 500, 1000);
        }
        return storage == StorageType.HDD ? List.of(12, 40) : List.of(50, 100, 200);
    }
}
