package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.storage.BlockStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keeps no data; records each call as a line such as {@code create vol-… 10737418240 snap-…}, and can be told to fail. */
final class RecordingBlockStorage implements BlockStorage {

    private final List<String> calls = new ArrayList<>();
    private volatile String failing;

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Calls whose line starts with {@code operation} then fail as a host tool would. */
    void failOn(String operation) {
        failing = operation;
    }

    @Override
    public void create(String volumeId, long sizeBytes, Optional<String> fromSnapshotId) {
        record("create " + volumeId + " " + sizeBytes + fromSnapshotId.map(s -> " " + s).orElse(""));
    }

    @Override
    public void delete(String volumeId) {
        record("delete " + volumeId);
    }

    @Override
    public void attach(String volumeId) {
        record("attach " + volumeId);
    }

    @Override
    public void detach(String volumeId) {
        record("detach " + volumeId);
    }

    @Override
    public void resize(String volumeId, long sizeBytes) {
        record("resize " + volumeId + " " + sizeBytes);
    }

    @Override
    public void snapshot(String volumeId, String snapshotId) {
        record("snapshot " + volumeId + " " + snapshotId);
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        record("deleteSnapshot " + snapshotId);
    }

    @Override
    public Optional<Path> devicePath(String volumeId) {
        return Optional.empty();
    }

    private synchronized void record(String call) {
        if (failing != null && call.startsWith(failing)) {
            throw new IllegalStateException("losetup: cannot find an unused loop device");
        }
        calls.add(call);
    }
}
