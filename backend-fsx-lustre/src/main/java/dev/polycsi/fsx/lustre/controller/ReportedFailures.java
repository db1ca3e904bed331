package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed updates (FILE_SYSTEM_UPDATE actions that ended FAILED) whose failure a call has been
 * given. FSx keeps listing a failed action among the file system's recent ones, so without this
 * every later expansion to the same size would report the same old failure instead of trying
 * again: a failed update is reported once, and the next call starts a new one. Kept in memory,
 * so after a restart an old failure is reported once more; that costs one failed call, never a
 * wrong answer.
 */
final class ReportedFailures {

    private record Key(String fileSystemId, String type, Instant requestTime) {
    }

    private final Set<Key> reported = ConcurrentHashMap.newKeySet();

    void add(String fileSystemId, FileSystemAction action) {
        reported.add(new Key(fileSystemId, action.type(), action.requestTime()));
    }

    boolean contains(String fileSystemId, FileSystemAction action) {
        return reported.contains(new Key(fileSystemId, action.type(), action.requestTime()));
    }
}
