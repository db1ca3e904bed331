package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.fsx.ontap.cloud.NewVolume;
import dev.polycsi.fsx.ontap.cloud.OntapCloud;
import dev.polycsi.fsx.ontap.cloud.OntapErrors;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.fsx.ontap.cloud.StorageVirtualMachine;
import dev.polycsi.fsx.ontap.cloud.VolumeBackup;
import dev.polycsi.fsx.ontap.params.OntapSettings;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.controller.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FSx for ONTAP as the controller sees it, in memory, failing as FSx does: volumes stay CREATING
 * until a test finishes them, client tokens answer what they made first, names are unique per SVM.
 */
final class FakeOntapCloud implements OntapCloud {

    static final String FILE_SYSTEM = "fs-0fedcba9876543210";
    static final String SVM = "svm-0123456789abcdef0";
    static final String SVM_DNS = SVM + "." + FILE_SYSTEM + ".fsx.us-east-1.amazonaws.com";

    final Map<String, OntapVolume> volumes = new LinkedHashMap<>();
    final Map<String, VolumeBackup> backups = new LinkedHashMap<>();
    final Map<String, String> tokens = new HashMap<>();
    final List<NewVolume> creates = new ArrayList<>();
    final List<String> deletions = new ArrayList<>();
    final List<Boolean> finalBackups = new ArrayList<>();
    final List<Long> resizes = new ArrayList<>();
    /** Volumes the SVM listing does not show yet: FSx's listings lag behind its creations. */
    boolean listingLags;
    /** Whether the file system backs up FlexGroup volumes, as those created after 15 November 2023 do. */
    boolean backsUpFlexGroups = true;
    private int next = 1;

    /** DescribeStorageVirtualMachines calls made. */
    final AtomicInteger svmLookups = new AtomicInteger();
    /** Released to let look-ups answer; open unless a test closes it. */
    volatile CountDownLatch svmAnswers = new CountDownLatch(0);

    @Override
    public Optional<StorageVirtualMachine> describeSvm(String svmId) {
        svmLookups.incrementAndGet();
        try {
            svmAnswers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return svmId.equals(SVM)
                ? Optional.of(new StorageVirtualMachine(SVM, FILE_SYSTEM, "svm1", "CREATED", SVM_DNS, List.of("198.19.255.10")))
                : Optional.empty();
    }

    @Override
    public OntapVolume createVolume(NewVolume request) {
        String known = tokens.get(request.clientToken());
        if (known != null) {
            OntapVolume volume = volumes.get(known);
            if (volume != null && !volume.name().equals(request.name())) {
                throw OntapErrors.ERRORS.error("CreateVolume " + request.name(), FsxErrors.INCOMPATIBLE_PARAMETER, "Name differs");
            }
            if (volume != null) {
                return volume;
            }
        }
        boolean taken = volumes.values().stream().anyMatch(volume -> volume.name().equals(request.name())
                && volume.storageVirtualMachineId().equals(request.settings().storageVirtualMachineId()));
        if (taken) {
            throw OntapErrors.ERRORS.error("CreateVolume " + request.name(), FsxErrors.BAD_REQUEST,
                    "A volume with name " + request.name() + " already exists in the SVM.");
        }
        creates.add(request);
        String id = "fsvol-%017x".formatted(next++);
        OntapSettings settings = request.settings();
        boolean flexGroup = settings.volumeStyle() == OntapSettings.VolumeStyle.FLEXGROUP;
        OntapVolume volume = new OntapVolume(id, request.name(), settings.fileSystemId(), settings.storageVirtualMachineId(),
                OntapVolume.Lifecycle.CREATING, request.sizeBytes(), Optional.of(request.junctionPath()), flexGroup,
                flexGroup ? settings.constituents() : 1, request.tags(), Instant.ofEpochSecond(next), Optional.empty(), Optional.empty());
        volumes.put(id, volume);
        tokens.put(request.clientToken(), id);
        return volume;
    }

    void set(String id, OntapVolume.Lifecycle lifecycle, Optional<String> failure) {
        OntapVolume v = volumes.get(id);
        volumes.put(id, new OntapVolume(v.id(), v.name(), v.fileSystemId(), v.storageVirtualMachineId(), lifecycle, v.sizeBytes(),
                v.junctionPath(), v.flexGroup(), v.constituents(), v.tags(), v.creationTime(), failure, v.resize()));
    }

    void finish(String id) {
        set(id, OntapVolume.Lifecycle.CREATED, Optional.empty());
    }

    void resized(String id, long bytes, String status, Optional<String> failure) {
        OntapVolume v = volumes.get(id);
        long size = status.equals("COMPLETED") ? bytes : v.sizeBytes();
        volumes.put(id, new OntapVolume(v.id(), v.name(), v.fileSystemId(), v.storageVirtualMachineId(), v.lifecycle(), size,
                v.junctionPath(), v.flexGroup(), v.constituents(), v.tags(), v.creationTime(), v.failure(),
                Optional.of(new OntapVolume.Resize(status, bytes, java.time.Instant.ofEpochSecond(resizes.size()), failure))));
    }

    List<String> ids() {
        return List.copyOf(volumes.keySet());
    }

    @Override
    public Optional<OntapVolume> describeVolume(String volumeId) {
        return Optional.ofNullable(volumes.get(volumeId));
    }

    @Override
    public List<OntapVolume> findVolumes(String svmId, String ontapName, String csiName) {
        if (listingLags) {
            return List.of();
        }
        return volumes.values().stream()
                .filter(volume -> volume.storageVirtualMachineId().equals(svmId))
                .filter(volume -> volume.name().equals(ontapName) || csiName.equals(volume.tags().get("CSIVolumeName")))
                .toList();
    }

    @Override
    public Page<OntapVolume> listVolumes(int maxResults, String token) {
        if (!token.isEmpty() && !token.matches("\\d+")) {
            throw OntapErrors.ERRORS.error("DescribeVolumes", FsxErrors.BAD_REQUEST, "invalid NextToken");
        }
        List<OntapVolume> all = List.copyOf(volumes.values());
        int from = token.isEmpty() ? 0 : Integer.parseInt(token);
        int to = maxResults > 0 ? Math.min(all.size(), from + maxResults) : all.size();
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : "");
    }

    @Override
    public OntapVolume resize(String volumeId, String clientToken, long sizeBytes) {
        resizes.add(sizeBytes);
        resized(volumeId, sizeBytes, "PENDING", Optional.empty());
        return volumes.get(volumeId);
    }

    @Override
    public boolean deleteVolume(String volumeId, boolean skipFinalBackup, Map<String, String> finalBackupTags) {
        if (!volumes.containsKey(volumeId)) {
            return false;
        }
        deletions.add(volumeId);
        finalBackups.add(!skipFinalBackup);
        set(volumeId, OntapVolume.Lifecycle.DELETING, Optional.empty());
        return true;
    }

    @Override
    public VolumeBackup createBackup(String volumeId, String clientToken, Map<String, String> tags) {
        String known = tokens.get(clientToken);
        if (known != null && backups.containsKey(known)) {
            VolumeBackup backup = backups.get(known);
            if (!backup.volumeId().equals(volumeId)) {
                throw OntapErrors.ERRORS.error("CreateBackup " + volumeId, FsxErrors.INCOMPATIBLE_PARAMETER, "VolumeId differs");
            }
            return backup;
        }
        if (volumes.get(volumeId).flexGroup() && !backsUpFlexGroups) {
            throw OntapErrors.ERRORS.error("CreateBackup " + volumeId, FsxErrors.BAD_REQUEST,
                    "Backups are not supported for FlexGroup volumes on this file system.");
        }
        String id = "backup-%017x".formatted(next++);
        VolumeBackup backup = new VolumeBackup(id, volumeId, VolumeBackup.Lifecycle.CREATING, volumes.get(volumeId).sizeBytes(),
                Instant.ofEpochSecond(next), tags, Optional.empty());
        backups.put(id, backup);
        tokens.put(clientToken, id);
        return backup;
    }

    void backupEnds(String id, VolumeBackup.Lifecycle lifecycle, Optional<String> failure) {
        VolumeBackup b = backups.get(id);
        backups.put(id, new VolumeBackup(b.id(), b.volumeId(), lifecycle, b.sizeBytes(), b.creationTime(), b.tags(), failure));
    }

    @Override
    public Optional<VolumeBackup> describeBackup(String backupId) {
        return Optional.ofNullable(backups.get(backupId));
    }

    @Override
    public List<VolumeBackup> backupsOf(String volumeId) {
        return backups.values().stream().filter(backup -> backup.volumeId().equals(volumeId)).toList();
    }

    @Override
    public Page<VolumeBackup> listBackups(Optional<String> volumeId, int maxResults, String token) {
        List<VolumeBackup> all = volumeId.map(this::backupsOf).orElse(List.copyOf(backups.values()));
        int from = token.isEmpty() ? 0 : Integer.parseInt(token);
        int to = maxResults > 0 ? Math.min(all.size(), from + maxResults) : all.size();
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : "");
    }

    @Override
    public boolean deleteBackup(String backupId) {
        return backups.remove(backupId) != null;
    }

    @Override
    public void close() {
    }
}
