package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.fsx.ontap.params.OntapSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.AggregateConfiguration;
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.CreateAggregateConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateOntapVolumeConfiguration;
import software.amazon.awssdk.services.fsx.model.OntapVolumeConfiguration;
import software.amazon.awssdk.services.fsx.model.SvmEndpoint;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.TieringPolicy;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeStyle;

/** The SDK's FSx shapes to and from this backend's records; the SDK stays in this package. */
final class OntapModel {

    /** FSx's default number of FlexGroup constituents per aggregate. */
    static final int DEFAULT_CONSTITUENTS_PER_AGGREGATE = 8;

    private OntapModel() {
    }

    static CreateOntapVolumeConfiguration configuration(NewVolume request) {
        OntapSettings settings = request.settings();
        CreateOntapVolumeConfiguration.Builder config = CreateOntapVolumeConfiguration.builder()
                .storageVirtualMachineId(settings.storageVirtualMachineId())
                .junctionPath(request.junctionPath())
                .sizeInBytes(request.sizeBytes())
                .storageEfficiencyEnabled(settings.storageEfficiencyEnabled())
                .securityStyle(settings.securityStyle().name())
                .tieringPolicy(tiering(settings.tiering()))
                .snapshotPolicy(settings.snapshotPolicy())
                .copyTagsToBackups(settings.copyTagsToBackups())
                .volumeStyle(VolumeStyle.fromValue(settings.volumeStyle().name()));
        if (settings.volumeStyle() == OntapSettings.VolumeStyle.FLEXGROUP
                && (!settings.aggregates().isEmpty() || settings.constituentsPerAggregate().isPresent())) {
            CreateAggregateConfiguration.Builder aggregates = CreateAggregateConfiguration.builder();
            if (!settings.aggregates().isEmpty()) {
                aggregates.aggregates(settings.aggregates());
            }
            settings.constituentsPerAggregate().ifPresent(aggregates::constituentsPerAggregate);
            config.aggregateConfiguration(aggregates.build());
        }
        return config.build();
    }

    private static TieringPolicy tiering(OntapSettings.Tiering tiering) {
        TieringPolicy.Builder policy = TieringPolicy.builder().name(tiering.name().name());
        tiering.coolingPeriodDays().ifPresent(policy::coolingPeriod);
        return policy.build();
    }

    static OntapVolume volume(Volume volume) {
        OntapVolumeConfiguration ontap = volume.ontapConfiguration();
        long size = ontap == null ? 0 : sizeBytes(ontap);
        boolean flexGroup = ontap != null && ontap.volumeStyle() == VolumeStyle.FLEXGROUP;
        AggregateConfiguration aggregates = ontap == null ? null : ontap.aggregateConfiguration();
        int constituents = aggregates != null && aggregates.totalConstituents() != null ? aggregates.totalConstituents()
                : flexGroup ? DEFAULT_CONSTITUENTS_PER_AGGREGATE : 1;
        Optional<String> failure = Optional.ofNullable(volume.lifecycleTransitionReason()).map(reason -> reason.message());
        return new OntapVolume(
                volume.volumeId(),
                volume.name() == null ? "" : volume.name(),
                volume.fileSystemId() == null ? "" : volume.fileSystemId(),
                ontap == null || ontap.storageVirtualMachineId() == null ? "" : ontap.storageVirtualMachineId(),
                lifecycle(volume.lifecycleAsString()),
                size,
                ontap == null ? Optional.empty() : Optional.ofNullable(ontap.junctionPath()),
                flexGroup,
                constituents,
                tags(volume.tags()),
                volume.creationTime() == null ? Instant.EPOCH : volume.creationTime(),
                failure,
                latestResize(volume.administrativeActions()));
    }

    private static long sizeBytes(OntapVolumeConfiguration ontap) {
        if (ontap.sizeInBytes() != null) {
            return ontap.sizeInBytes();
        }
        return ontap.sizeInMegabytes() == null ? 0 : ontap.sizeInMegabytes() * 1024L * 1024L;
    }

    /** The newest VOLUME_UPDATE that names a size; FSx lists recent actions, newest first is not documented, so by request time. */
    private static Optional<OntapVolume.Resize> latestResize(List<AdministrativeAction> actions) {
        return actions.stream()
                .filter(action -> action.administrativeActionType() == AdministrativeActionType.VOLUME_UPDATE)
                .filter(action -> action.targetVolumeValues() != null && action.targetVolumeValues().ontapConfiguration() != null)
                .max(java.util.Comparator.comparing(action -> action.requestTime() == null ? Instant.EPOCH : action.requestTime()))
                .map(action -> new OntapVolume.Resize(
                        action.statusAsString() == null ? "" : action.statusAsString(),
                        sizeBytes(action.targetVolumeValues().ontapConfiguration()),
                        action.requestTime() == null ? Instant.EPOCH : action.requestTime(),
                        Optional.ofNullable(action.failureDetails()).map(details -> details.message())));
    }

    static OntapVolume.Lifecycle lifecycle(String value) {
        try {
            return value == null ? OntapVolume.Lifecycle.UNKNOWN : OntapVolume.Lifecycle.valueOf(value);
        } catch (IllegalArgumentException e) {
            return OntapVolume.Lifecycle.UNKNOWN;
        }
    }

    static VolumeBackup backup(Backup backup) {
        Volume volume = backup.volume();
        VolumeBackup.Lifecycle lifecycle;
        try {
            lifecycle = backup.lifecycleAsString() == null ? VolumeBackup.Lifecycle.UNKNOWN
                    : VolumeBackup.Lifecycle.valueOf(backup.lifecycleAsString());
        } catch (IllegalArgumentException e) {
            lifecycle = VolumeBackup.Lifecycle.UNKNOWN;
        }
        return new VolumeBackup(
                backup.backupId(),
                volume == null || volume.volumeId() == null ? "" : volume.volumeId(),
                lifecycle,
                volume == null || volume.ontapConfiguration() == null ? 0 : sizeBytes(volume.ontapConfiguration()),
                backup.creationTime() == null ? Instant.EPOCH : backup.creationTime(),
                tags(backup.tags()),
                Optional.ofNullable(backup.failureDetails()).map(details -> details.message()));
    }

    static StorageVirtualMachine svm(software.amazon.awssdk.services.fsx.model.StorageVirtualMachine svm) {
        SvmEndpoint nfs = svm.endpoints() == null ? null : svm.endpoints().nfs();
        return new StorageVirtualMachine(svm.storageVirtualMachineId(), svm.fileSystemId(), svm.name() == null ? "" : svm.name(),
                svm.lifecycleAsString() == null ? "" : svm.lifecycleAsString(),
                nfs == null || nfs.dnsName() == null ? "" : nfs.dnsName(),
                nfs == null ? List.of() : nfs.ipAddresses());
    }

    static List<Tag> sdkTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value() == null ? "" : tag.value()));
        return map;
    }
}
