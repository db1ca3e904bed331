package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.http.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateVolume, DescribeVolumes, DeleteVolume and CopyVolumes. */
final class VolumesApi implements Ec2Context.Api {

    static final Set<String> FILTERS = Set.of("volume-id", "status", "availability-zone", "availability-zone-id", "volume-type", "size",
            "snapshot-id", "encrypted", "multi-attach-enabled", "fast-restored", "attachment.instance-id", "attachment.status",
            "attachment.device", "attachment.delete-on-termination", "tag-key", "tag-value");

    /** Parameters that do not make two requests with one client token different. */
    private static final Set<String> NOT_COMPARED = Set.of("ClientToken", "DryRun", "Action", "Version");
    private static final int MAX_RESULTS = 500;
    static final int MIN_INITIALIZATION_RATE = 100;
    static final int MAX_INITIALIZATION_RATE = 300;

    private final Ec2Context context;
    private final Ec2State state;

    VolumesApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("CreateVolume", this::createVolume);
        actions.put("DescribeVolumes", this::describeVolumes);
        actions.put("DeleteVolume", this::deleteVolume);
        actions.put("CopyVolumes", this::copyVolumes);
    }

    private void createVolume(QueryParams params, Instant now, XmlWriter response) {
        Optional<Volume> replay = replayed("CreateVolume", params);
        if (replay.isPresent()) {
            context.xml().volume(response, replay.get());
            return;
        }
        String zone = context.zones().required(params);
        Optional<Snapshot> snapshot = params.string("SnapshotId").map(ResourceIds::snapshot).map(id -> completedSnapshot(id, now));
        VolumeType type = params.string("VolumeType").map(VolumeType::parse).orElse(VolumeType.GP2);
        int size = params.integer("Size").orElseGet(() -> snapshot.map(s -> s.volumeSizeGiB)
                .orElseThrow(() -> Ec2Errors.missingParameter("Size")));
        if (snapshot.isPresent() && size < snapshot.get().volumeSizeGiB) {
            throw Ec2Errors.invalidParameterValue("Volume of %dGiB is too small for snapshot '%s'; minimum is %dGiB.", size,
                    snapshot.get().id, snapshot.get().volumeSizeGiB);
        }
        VolumeSpec spec = VolumeSpec.of(type, size, params.integer("Iops"), params.integer("Throughput"), params.bool("MultiAttachEnabled"));
        boolean snapshotEncrypted = snapshot.map(s -> s.encrypted).orElse(false);
        boolean encrypted = params.bool("Encrypted") || snapshotEncrypted;
        Optional<String> kmsKeyId = params.string("KmsKeyId");
        if (kmsKeyId.isPresent() && !encrypted) {
            throw AwsError.badRequest("InvalidParameterDependency", "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        }
        Optional<Integer> initializationRate = initializationRate(params, snapshot);
        Map<String, String> tags = Tags.validated(params.tagSpecification("volume"));
        params.stopIfDryRun();

        String id = state.newId("vol");
        context.storage().create(id, spec.sizeBytes(), snapshot.map(s -> s.id));
        String key = encrypted ? kmsKeyId.or(() -> snapshot.map(s -> s.kmsKeyId)).orElse(defaultKmsKey()) : null;
        Volume volume = new Volume(id, state.nextSequence(), zone, spec, now, context.visibleAfter(now), context.after(now, "volume.available"),
                encrypted, key, snapshot.map(s -> s.id).orElse(null), null);
        volume.tags.putAll(tags);
        volume.createFails = context.knobs().failure("volume.create").isPresent();
        if (snapshot.isPresent()) {
            FastRestore fastRestore = state.fastRestores.get(FastRestore.key(snapshot.get().id, zone));
            volume.fastRestored = fastRestore != null && fastRestore.enabled(now);
            // a fast-restored volume has every block at once, and EC2 then ignores the rate
            volume.initializationRate = volume.fastRestored ? null : initializationRate.orElse(null);
            volume.initializedAt = volume.fastRestored ? volume.transitionEnds : initializedAt(volume.transitionEnds);
        }
        state.volumes.put(id, volume);
        remember("CreateVolume", params, volume);
        context.xml().volume(response, volume);
    }

    private void describeVolumes(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.volumes(params.list("VolumeId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        if (!ids.isEmpty() && maxResults.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("The parameter volumeSet cannot be used with the parameter maxResults");
        }
        params.stopIfDryRun();

        List<Volume> candidates = ids.isEmpty() ? visibleVolumes(now) : volumesById(ids, now);
        List<Volume> matching = candidates.stream().filter(v -> Filter.all(filters, v, v.tags, this::filterValues)).toList();
        Pagination.Page<Volume> page = Pagination.page(matching, v -> v.sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("volumeSet");
        for (Volume volume : page.items()) {
            response.start("item");
            context.xml().volume(response, volume);
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private void deleteVolume(QueryParams params, Instant now, XmlWriter response) {
        Volume volume = existing(ResourceIds.volume(params.required("VolumeId")));
        switch (volume.lifecycle) {
            case CREATING -> throw Ec2Errors.incorrectState("The volume '%s' is 'creating'.", volume.id);
            case DELETING -> {
                // already on its way out; EC2 accepts the repeated call
            }
            case CREATED, FAILED -> {
                if (!volume.attachments.isEmpty()) {
                    throw AwsError.badRequest("VolumeInUse", "Volume %s is currently attached to %s", volume.id,
                            volume.attachments.getFirst().instanceId);
                }
                params.stopIfDryRun();
                context.storage().delete(volume.id);
                volume.startDeleting(context.after(now, "volume.deleted"));
            }
        }
        response.element("return", true);
    }

    /** A new volume with the data of another in the same zone, as EC2's CopyVolumes makes it. */
    private void copyVolumes(QueryParams params, Instant now, XmlWriter response) {
        Optional<Volume> replay = replayed("CopyVolumes", params);
        if (replay.isPresent()) {
            volumeSet(response, replay.get());
            return;
        }
        Volume source = existing(ResourceIds.volume(params.required("SourceVolumeId")));
        if (source.lifecycle != Volume.Lifecycle.CREATED) {
            throw Ec2Errors.incorrectState("Volume '%s' is in the '%s' state.", source.id, source.status());
        }
        VolumeSpec from = source.spec;
        VolumeType type = params.string("VolumeType").map(VolumeType::parse).orElse(from.type());
        int size = params.integer("Size").orElse(from.sizeGiB());
        if (size < from.sizeGiB()) {
            throw Ec2Errors.invalidParameterValue("Volume of %dGiB is too small for a copy of '%s'; minimum is %dGiB.", size, source.id, from.sizeGiB());
        }
        boolean sameType = type == from.type();
        Optional<Integer> iops = params.integer("Iops").or(() -> sameType && type.provisionsIops() ? Optional.of(from.iops()) : Optional.empty());
        Optional<Integer> throughput = params.integer("Throughput")
                .or(() -> sameType && type.provisionsThroughput() ? Optional.of(from.throughput()) : Optional.empty());
        VolumeSpec spec = VolumeSpec.of(type, size, iops, throughput, params.bool("MultiAttachEnabled"));
        Map<String, String> tags = Tags.validated(params.tagSpecification("volume"));
        params.stopIfDryRun();

        String id = state.newId("vol");
        context.storage().copy(source.id, state.newId("snap"), id, spec.sizeBytes());
        Volume volume = new Volume(id, state.nextSequence(), source.zone, spec, now, context.visibleAfter(now),
                context.after(now, "volume.available"), source.encrypted, source.kmsKeyId, null, source.id);
        volume.tags.putAll(tags);
        volume.createFails = context.knobs().failure("volume.create").isPresent();
        volume.initializedAt = initializedAt(volume.transitionEnds);
        state.volumes.put(id, volume);
        remember("CopyVolumes", params, volume);
        volumeSet(response, volume);
    }

    /** EC2 takes a provisioned initialization rate only for a restore, and only from 100 to 300 MiB/s. */
    private static Optional<Integer> initializationRate(QueryParams params, Optional<Snapshot> snapshot) {
        Optional<Integer> rate = params.integer("VolumeInitializationRate");
        if (rate.isEmpty()) {
            return rate;
        }
        if (snapshot.isEmpty()) {
            throw Ec2Errors.invalidParameterCombination("The parameter VolumeInitializationRate is only supported when creating a volume from a snapshot.");
        }
        if (rate.get() < MIN_INITIALIZATION_RATE || rate.get() > MAX_INITIALIZATION_RATE) {
            throw Ec2Errors.invalidParameterValue("Volume initialization rate of %d MiB/s is invalid; it must be between %d and %d MiB/s.",
                    rate.get(), MIN_INITIALIZATION_RATE, MAX_INITIALIZATION_RATE);
        }
        return rate;
    }

    /** Blocks arrive in the background once the volume is available, for {@code delay.volume.initialized}. */
    private Instant initializedAt(Instant availableAt) {
        return context.after(availableAt, "volume.initialized");
    }

    private void volumeSet(XmlWriter response, Volume volume) {
        response.start("volumeSet").start("item");
        context.xml().volume(response, volume);
        response.end().end();
    }

    /**
     * EC2's idempotency: a token seen before with the same parameters answers the volume it made
     * then; with other parameters it is IdempotentParameterMismatch.
     */
    private Optional<Volume> replayed(String action, QueryParams params) {
        Optional<String> token = params.string("ClientToken");
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Ec2State.ClientTokenUse use = state.clientTokens.get(action + ":" + token.get());
        if (use == null) {
            return Optional.empty();
        }
        if (!use.parameters().equals(params.without(NOT_COMPARED))) {
            throw AwsError.badRequest("IdempotentParameterMismatch",
                    "Parameters on this idempotent request are inconsistent with parameters used in previous request(s).");
        }
        return Optional.of(use.volume());
    }

    private void remember(String action, QueryParams params, Volume volume) {
        params.string("ClientToken").ifPresent(token ->
                state.clientTokens.put(action + ":" + token, new Ec2State.ClientTokenUse(params.without(NOT_COMPARED), volume)));
    }

    private Snapshot completedSnapshot(String snapshotId, Instant now) {
        Snapshot snapshot = state.snapshots.get(snapshotId);
        if (snapshot == null) {
            throw Ec2Errors.snapshotNotFound(snapshotId);
        }
        if (!snapshot.completed(now)) {
            throw Ec2Errors.incorrectState("Snapshot '%s' is in the '%s' state.", snapshotId, snapshot.status(now));
        }
        return snapshot;
    }

    private Volume existing(String volumeId) {
        Volume volume = state.volumes.get(volumeId);
        if (volume == null) {
            throw Ec2Errors.volumeNotFound(volumeId);
        }
        return volume;
    }

    private List<Volume> visibleVolumes(Instant now) {
        return state.volumes.values().stream().filter(v -> v.visible(now)).toList();
    }

    /** The named volumes in creation order; any unknown (or not yet visible) one fails the whole call, as in EC2. */
    private List<Volume> volumesById(List<String> ids, Instant now) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Volume volume = state.volumes.get(id);
            if ((volume == null || !volume.visible(now)) && !missing.contains(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw Ec2Errors.volumeNotFound(missing);
        }
        return state.volumes.values().stream().filter(v -> ids.contains(v.id)).toList();
    }

    private String defaultKmsKey() {
        return "arn:aws:kms:" + context.config().region() + ":" + Ec2State.ACCOUNT_ID + ":key/" + Ec2State.DEFAULT_EBS_KEY_ID;
    }

    private List<String> filterValues(Volume volume, String filter) {
        return switch (filter) {
            case "volume-id" -> List.of(volume.id);
            case "status" -> List.of(volume.status());
            case "availability-zone" -> List.of(volume.zone);
            case "availability-zone-id" -> List.of(context.config().zoneId(volume.zone));
            case "volume-type" -> List.of(volume.spec.type().wireName());
            case "size" -> List.of(String.valueOf(volume.spec.sizeGiB()));
            case "snapshot-id" -> volume.snapshotId == null ? List.of() : List.of(volume.snapshotId);
            case "encrypted" -> List.of(String.valueOf(volume.encrypted));
            case "multi-attach-enabled" -> List.of(String.valueOf(volume.spec.multiAttach()));
            case "fast-restored" -> List.of(String.valueOf(volume.fastRestored));
            case "attachment.delete-on-termination" -> volume.attachments.stream().map(a -> "false").toList();
            case "attachment.instance-id" -> volume.attachments.stream().map(a -> a.instanceId).toList();
            case "attachment.status" -> volume.attachments.stream().map(a -> a.state.wireName()).toList();
            case "attachment.device" -> volume.attachments.stream().map(a -> a.device).toList();
            default -> List.of();
        };
    }
}
