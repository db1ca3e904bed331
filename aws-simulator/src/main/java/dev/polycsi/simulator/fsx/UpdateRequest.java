package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.Optional;

/**
 * What an UpdateFileSystem asks FSx to run as an administrative action: a storage capacity
 * increase, or a new throughput tier and/or metadata configuration. Each is checked against the
 * file system when the update starts ({@link FsxState#update}); here only what the request says
 * on its own.
 *
 * <p>A capacity increase goes alone. The Lustre guide says metadata performance and storage
 * capacity cannot be scaled concurrently ("Managing metadata performance"); whether FSx takes a
 * capacity and a throughput change in one request is not documented, and the simulator refuses
 * that as not simulated. A throughput and a metadata change in one request make one
 * FILE_SYSTEM_UPDATE that targets both (not documented either way).
 *
 * @param storageCapacity          the GiB asked for
 * @param perUnitStorageThroughput the MB/s/TiB asked for
 * @param metadata                 the metadata change asked for
 */
record UpdateRequest(Optional<Integer> storageCapacity, Optional<Integer> perUnitStorageThroughput,
        Optional<LustreMetadata.Change> metadata) {

    static UpdateRequest read(JsonRequest body, JsonRequest lustre) {
        Optional<Integer> capacity = FsxFields.intInRange(body, "StorageCapacity", 0, Integer.MAX_VALUE);
        Optional<Integer> throughput = FsxFields.intInRange(lustre, "PerUnitStorageThroughput", 12, 1000);
        Optional<LustreMetadata.Change> metadata = LustreMetadata.readChange(lustre);
        if (capacity.isPresent() && metadata.isPresent()) {
            throw FsxError.badRequest("Metadata performance and storage capacity cannot be scaled concurrently; update the"
                    + " MetadataConfiguration and the StorageCapacity in separate requests.");
        }
        if (capacity.isPresent() && throughput.isPresent()) {
            throw FsxError.badRequest("The FSx simulator does not simulate updating StorageCapacity and"
                    + " LustreConfiguration.PerUnitStorageThroughput in one request.");
        }
        return new UpdateRequest(capacity, throughput, metadata);
    }

    /** Whether it starts an administrative action. */
    boolean isAction() {
        return storageCapacity.isPresent() || perUnitStorageThroughput.isPresent() || metadata.isPresent();
    }

    /** What it changes, for messages, e.g. "storage capacity" or "throughput capacity and metadata configuration". */
    String kind() {
        return FileSystemUpdate.describe(storageCapacity.isPresent(), perUnitStorageThroughput.isPresent(), metadata.isPresent());
    }
}
