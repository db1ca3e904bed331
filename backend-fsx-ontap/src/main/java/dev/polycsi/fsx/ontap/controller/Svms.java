package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.fsx.ontap.cloud.OntapCloud;
import dev.polycsi.fsx.ontap.cloud.StorageVirtualMachine;
import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SVMs volumes are made in, looked up once each: an SVM's file system and NFS endpoint do not
 * change while it exists, and every CreateVolume and every volume context needs them.
 */
final class Svms {

    private final OntapCloud cloud;
    private final Map<String, StorageVirtualMachine> known = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<StorageVirtualMachine>>> lookups = new ConcurrentHashMap<>();

    Svms(OntapCloud cloud) {
        this.cloud = cloud;
    }

    /** The SVM a StorageClass names, checked against its file system: INVALID_ARGUMENT naming the parameter otherwise. */
    StorageVirtualMachine forClass(String svmId, String fileSystemId) {
        StorageVirtualMachine svm = find(svmId).orElseThrow(() -> CsiException.invalidArgument(
                "parameter storageVirtualMachineId: SVM %s does not exist (in this account and region)", svmId));
        if (!svm.fileSystemId().equals(fileSystemId)) {
            throw CsiException.invalidArgument("parameters fileSystemId and storageVirtualMachineId: SVM %s (%s) belongs to file system "
                    + "%s, not %s", svmId, svm.name(), svm.fileSystemId(), fileSystemId);
        }
        if (svm.nfsDnsName().isEmpty()) {
            throw CsiException.failedPrecondition("SVM %s has no NFS endpoint yet (%s); retry once FSx has created it", svmId,
                    svm.lifecycle());
        }
        return svm;
    }

    /**
     * One look-up per SVM at a time: the calls of a burst of CreateVolumes share it rather than
     * each sending its own DescribeStorageVirtualMachines, which FSx would throttle.
     */
    Optional<StorageVirtualMachine> find(String svmId) {
        StorageVirtualMachine cached = known.get(svmId);
        if (cached != null) {
            return Optional.of(cached);
        }
        CompletableFuture<Optional<StorageVirtualMachine>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<StorageVirtualMachine>> running = lookups.putIfAbsent(svmId, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Optional<StorageVirtualMachine> svm = cloud.describeSvm(svmId);
            svm.filter(found -> !found.nfsDnsName().isEmpty()).ifPresent(found -> known.put(svmId, found));
            mine.complete(svm);
            return svm;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            lookups.remove(svmId, mine);
        }
    }

    private static Optional<StorageVirtualMachine> join(CompletableFuture<Optional<StorageVirtualMachine>> lookup) {
        try {
            return lookup.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
