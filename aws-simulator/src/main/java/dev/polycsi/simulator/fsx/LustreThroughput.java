package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/** PerUnitStorageThroughput (MB/s/TiB): required for persistent file systems, one of the tiers of their type. */
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

    private static List<Integer> tiers(DeploymentType deployment, StorageType storage) {
        if (deployment == DeploymentType.PERSISTENT_2) {
            return List.of(125, 250, 500, 1000);
        }
        return storage == StorageType.HDD ? List.of(12, 40) : List.of(50, 100, 200);
    }
}
