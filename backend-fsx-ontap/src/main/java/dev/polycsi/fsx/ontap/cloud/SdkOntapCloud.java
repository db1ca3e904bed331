package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.aws.batch.Batcher;
import dev.polycsi.fsx.support.FsxClients;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.BackupType;
import software.amazon.awssdk.services.fsx.model.DeleteVolumeOntapConfiguration;
import software.amazon.awssdk.services.fsx.model.DescribeBackupsResponse;
import software.amazon.awssdk.services.fsx.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.fsx.model.Filter;
import software.amazon.awssdk.services.fsx.model.FilterName;
import software.amazon.awssdk.services.fsx.model.ResourceType;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeFilter;
import software.amazon.awssdk.services.fsx.model.VolumeFilterName;
import software.amazon.awssdk.services.fsx.model.VolumeType;

/**
 * {@link OntapCloud} over the SDK's FSx client. Look-ups from concurrent callers (the waiters of
 * many volumes polling together) are merged: by id into one DescribeVolumes of up to 50 ids, by
 * SVM into one listing of its volumes, at most one of each per {@code window}.
 */
public final class SdkOntapCloud implements OntapCloud {

    private static final Logger LOG = LogManager.getLogger(SdkOntapCloud.class);

    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** DescribeVolumes and DescribeBackups take at most 50 ids. */
    static final int IDS_PER_CALL = 50;

    private static final FsxErrors ERRORS = OntapErrors.ERRORS;

    private final FSxClient fsx;
    private final Batcher<String, OntapVolume> byId;
    private final Batcher<String, List<OntapVolume>> bySvm;

    SdkOntapCloud(FSxClient fsx, Duration window) {
        this.fsx = fsx;
        // one unknown id fails a whole DescribeVolumes: the batcher splits it to find which
        this.byId = new Batcher<>("DescribeVolumes", window, IDS_PER_CALL, this::describeByIds, FsxErrors::isNotFound);
        this.bySvm = new Batcher<>("DescribeVolumes-by-svm", window, 20, this::listBySvms, e -> false);
    }

    public static SdkOntapCloud create(AwsAccess aws) {
        return new SdkOntapCloud(FsxClients.create(aws), WINDOW);
    }

    /** With fewer attempts and another window (zero: no merging), for tests. */
    public static SdkOntapCloud create(AwsAccess aws, int maxAttempts, Duration window) {
        return new SdkOntapCloud(FsxClients.create(aws, maxAttempts), window);
    }

    @Override
    public Optional<StorageVirtualMachine> describeSvm(String svmId) {
        try {
            return ERRORS.call("DescribeStorageVirtualMachines " + svmId, () -> fsx.describeStorageVirtualMachines(r -> r
                    .storageVirtualMachineIds(svmId))).storageVirtualMachines().stream().findFirst().map(OntapModel::svm);
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public OntapVolume createVolume(NewVolume request) {
        Volume created;
        if (request.fromBackup().isPresent()) {
            String backupId = request.fromBackup().get();
            created = ERRORS.call("CreateVolumeFromBackup " + request.name(), () -> fsx.createVolumeFromBackup(r -> r
                    .backupId(backupId)
                    .name(request.name())
                    .clientRequestToken(request.clientToken())
                    .ontapConfiguration(OntapModel.configuration(request))
                    .tags(OntapModel.sdkTags(request.tags()))).volume());
        } else {
            created = ERRORS.call("CreateVolume " + request.name(), () -> fsx.createVolume(r -> r
                    .volumeType(VolumeType.ONTAP)
                    .name(request.name())
                    .clientRequestToken(request.clientToken())
                    .ontapConfiguration(OntapModel.configuration(request))
                    .tags(OntapModel.sdkTags(request.tags()))).volume());
        }
        OntapVolume volume = OntapModel.volume(created);
        LOG.info("{} {}: {} is {}", request.fromBackup().map(b -> "CreateVolumeFromBackup " + b).orElse("CreateVolume"),
                request.name(), volume.id(), volume.lifecycle());
        return volume;
    }

    @Override
    public Optional<OntapVolume> describeVolume(String volumeId) {
        return byId.get(volumeId);
    }

    @Override
    public List<OntapVolume> findVolumes(String svmId, String ontapName, String csiName) {
        return bySvm.get(svmId).orElse(List.of()).stream()
                .filter(volume -> volume.name().equals(ontapName)
                        || csiName.equals(volume.tags().get(dev.polycsi.fsx.support.FsxTags.VOLUME_NAME_TAG)))
                .toList();
    }

    @Override
    public Page<OntapVolume> listVolumes(int maxResults, String token) {
        DescribeVolumesResponse page = ERRORS.call("DescribeVolumes", () -> fsx.describeVolumes(r -> r
                .maxResults(maxResults > 0 ? maxResults : null)
                .nextToken(token.isEmpty() ? null : token)));
        return new Page<>(ontapVolumes(page.volumes()), page.nextToken());
    }

    @Override
    public OntapVolume resize(String volumeId, String clientToken, long sizeBytes) {
        OntapVolume updated = OntapModel.volume(ERRORS.call("UpdateVolume " + volumeId, () -> fsx.updateVolume(r -> r
                .volumeId(volumeId)
                .clientRequestToken(clientToken)
                .ontapConfiguration(c -> c.sizeInBytes(sizeBytes))).volume()));
        LOG.info("UpdateVolume {}: size {} bytes requested", volumeId, sizeBytes);
        return updated;
    }

    @Override
    public boolean deleteVolume(String volumeId, boolean skipFinalBackup, Map<String, String> finalBackupTags) {
        DeleteVolumeOntapConfiguration.Builder ontap = DeleteVolumeOntapConfiguration.builder().skipFinalBackup(skipFinalBackup);
        if (!skipFinalBackup && !finalBackupTags.isEmpty()) {
            ontap.finalBackupTags(OntapModel.sdkTags(finalBackupTags));
        }
        try {
            // refused for the volume's state: the request itself is fine, so FAILED_PRECONDITION rather than INVALID_ARGUMENT
            var response = ERRORS.call("DeleteVolume " + volumeId, Code.FAILED_PRECONDITION, () -> fsx.deleteVolume(r -> r
                    .volumeId(volumeId)
                    .ontapConfiguration(ontap.build())));
            String finalBackup = response.ontapResponse() == null ? null : response.ontapResponse().finalBackupId();
            LOG.info("DeleteVolume {}: deleting, {}", volumeId, finalBackup == null ? "without a final backup" : "final backup " + finalBackup);
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
        return true;
    }

    @Override
    public VolumeBackup createBackup(String volumeId, String clientToken, Map<String, String> tags) {
        VolumeBackup backup = OntapModel.backup(ERRORS.call("CreateBackup " + volumeId, () -> fsx.createBackup(r -> r
                .volumeId(volumeId)
                .clientRequestToken(clientToken)
                .tags(OntapModel.sdkTags(tags))).backup()));
        LOG.info("CreateBackup {}: {} is {}", volumeId, backup.id(), backup.lifecycle());
        return backup;
    }

    @Override
    public Optional<VolumeBackup> describeBackup(String backupId) {
        try {
            return ERRORS.call("DescribeBackups " + backupId, () -> fsx.describeBackups(r -> r.backupIds(backupId))).backups().stream()
                    .findFirst().map(OntapModel::backup);
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<VolumeBackup> backupsOf(String volumeId) {
        List<VolumeBackup> backups = new ArrayList<>();
        String token = "";
        do {
            Page<VolumeBackup> page = listBackups(Optional.of(volumeId), 0, token);
            backups.addAll(page.entries());
            token = page.nextToken();
        } while (!token.isEmpty());
        return backups;
    }

    /**
     * FSx may refuse a volume-id filter for a volume that has gone (VolumeNotFound), although its
     * backups outlive it (a final backup is made as it goes): the listing then reads every ONTAP
     * backup and keeps the volume's.
     */
    @Override
    public Page<VolumeBackup> listBackups(Optional<String> volumeId, int maxResults, String token) {
        try {
            return backupPage(volumeId, volumeId, maxResults, token);
        } catch (FsxCloudException e) {
            if (volumeId.isPresent() && e.isNotFound()) {
                return backupPage(Optional.empty(), volumeId, maxResults, token);
            }
            throw e;
        }
    }

    private Page<VolumeBackup> backupPage(Optional<String> filter, Optional<String> volumeId, int maxResults, String token) {
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name(FilterName.FILE_SYSTEM_TYPE).values("ONTAP").build());
        filter.ifPresent(id -> filters.add(Filter.builder().name(FilterName.VOLUME_ID).values(id).build()));
        DescribeBackupsResponse page = ERRORS.call("DescribeBackups", () -> fsx.describeBackups(r -> r
                .filters(filters)
                .maxResults(maxResults > 0 ? maxResults : null)
                .nextToken(token.isEmpty() ? null : token)));
        List<VolumeBackup> backups = page.backups().stream()
                .filter(backup -> backup.resourceType() == ResourceType.VOLUME && backup.type() != BackupType.AWS_BACKUP)
                .map(OntapModel::backup)
                .filter(backup -> volumeId.isEmpty() || backup.volumeId().equals(volumeId.get()))
                .toList();
        return new Page<>(backups, page.nextToken());
    }

    @Override
    public boolean deleteBackup(String backupId) {
        try {
            ERRORS.call("DeleteBackup " + backupId, Code.FAILED_PRECONDITION, () -> fsx.deleteBackup(r -> r.backupId(backupId)));
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
        LOG.info("DeleteBackup {}: deleted", backupId);
        return true;
    }

    @Override
    public void close() {
        fsx.close();
    }

    private Map<String, OntapVolume> describeByIds(List<String> ids) {
        Map<String, OntapVolume> found = new HashMap<>();
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = ERRORS.call("DescribeVolumes " + String.join(",", ids), () -> fsx.describeVolumes(r -> r
                    .volumeIds(ids).nextToken(next)));
            ontapVolumes(page.volumes()).forEach(volume -> found.put(volume.id(), volume));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return found;
    }

    /** Every volume of each SVM asked for, in one filtered listing. */
    private Map<String, List<OntapVolume>> listBySvms(List<String> svmIds) {
        Map<String, List<OntapVolume>> found = new HashMap<>();
        svmIds.forEach(id -> found.put(id, new ArrayList<>()));
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = ERRORS.call("DescribeVolumes", () -> fsx.describeVolumes(r -> r
                    .filters(VolumeFilter.builder().name(VolumeFilterName.STORAGE_VIRTUAL_MACHINE_ID).values(svmIds).build())
                    .nextToken(next)));
            ontapVolumes(page.volumes()).forEach(volume -> found.computeIfAbsent(volume.storageVirtualMachineId(),
                    id -> new ArrayList<>()).add(volume));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return found;
    }

    /** ONTAP volumes other than SVM root volumes, which no one provisions. */
    private static List<OntapVolume> ontapVolumes(List<Volume> volumes) {
        return volumes.stream()
                .filter(volume -> volume.volumeType() == VolumeType.ONTAP)
                .filter(volume -> volume.ontapConfiguration() == null
                        || !Boolean.TRUE.equals(volume.ontapConfiguration().storageVirtualMachineRoot()))
                .map(OntapModel::volume)
                .toList();
    }
}
