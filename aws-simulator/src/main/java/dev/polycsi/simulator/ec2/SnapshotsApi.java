package dev.polycsi.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CreateSnapshot, DeleteSnapshot and DescribeSnapshots. A snapshot copies the volume's data when
 * it is created and stays pending until {@code delay.snapshot.completed} has passed.
 */
final class SnapshotsApi implements Ec2Context.Api {

    static final Set<String> FILTERS = Set.of("snapshot-id", "volume-id", "status", "owner-id", "volume-size", "description", "encrypted",
            "progress", "storage-tier", "tag-key", "tag-value");

    private static final int MAX_RESULTS = 1000;

    private final Ec2Context context;
    private final Ec2State state;

    SnapshotsApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("CreateSnapshot", this::createSnapshot);
        actions.put("DeleteSnapshot", this::deleteSnapshot);
        actions.put("DescribeSnapshots", this::describeSnapshots);
    }

    private void createSnapshot(QueryParams params, Instant now, XmlWriter response) {
        String volumeId = ResourceIds.volume(params.required("VolumeId"));
        Volume volume = state.volumes.get(volumeId);
        if (volume == null) {
            throw Ec2Errors.volumeNotFound(volumeId);
        }
        if (volume.lifecycle != Volume.Lifecycle.CREATED) {
            throw Ec2Errors.incorrectState("Volume '%s' is in the '%s' state.", volumeId, volume.status());
        }
        Map<String, String> tags = Tags.validated(params.tagSpecification("snapshot"));
        params.stopIfDryRun();

        String id = state.newId("snap");
        context.storage().snapshot(volumeId, id);
        Snapshot snapshot = new Snapshot(id, state.nextSequence(), volumeId, volume.spec.sizeGiB(), params.string("Description").orElse(""),
                Ec2State.ACCOUNT_ID, volume.encrypted, volume.kmsKeyId, now, context.visibleAfter(now), context.after(now, "snapshot.completed"));
        snapshot.tags.putAll(tags);
        state.snapshots.put(id, snapshot);
        context.xml().snapshot(response, snapshot, now);
    }

    private void deleteSnapshot(QueryParams params, Instant now, XmlWriter response) {
        String id = ResourceIds.snapshot(params.required("SnapshotId"));
        Snapshot snapshot = state.snapshots.get(id);
        if (snapshot == null) {
            throw Ec2Errors.snapshotNotFound(id);
        }
        if (snapshot.lock != null && snapshot.lock.holds(now)) {
            throw Ec2Errors.snapshotLocked(id, snapshot.lock.state(now), snapshot.lock.expiresOn());
        }
        params.stopIfDryRun();
        context.storage().deleteSnapshot(id);
        state.snapshots.remove(id);
        // EC2 disables fast snapshot restore of a deleted snapshot in every zone
        state.fastRestores.values().removeIf(fastRestore -> fastRestore.snapshotId.equals(id));
        response.element("return", true);
    }

    private void describeSnapshots(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.snapshots(params.list("SnapshotId"));
        List<String> owners = params.list("Owner");
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        if (!ids.isEmpty() && maxResults.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("The parameter snapshotSet cannot be used with the parameter maxResults");
        }
        params.stopIfDryRun();

        List<Snapshot> candidates = ids.isEmpty() ? visibleSnapshots(now) : snapshotsById(ids, now);
        // every snapshot here is the account's own: asking only for other owners finds none
        boolean ownersMatch = owners.isEmpty() || owners.contains("self") || owners.contains(Ec2State.ACCOUNT_ID);
        List<Snapshot> matching = candidates.stream()
                .filter(s -> ownersMatch && Filter.all(filters, s, s.tags, (snapshot, name) -> filterValues(snapshot, name, now)))
                .toList();
        Pagination.Page<Snapshot> page = Pagination.page(matching, s -> s.sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("snapshotSet");
        for (Snapshot snapshot : page.items()) {
            response.start("item");
            context.xml().snapshot(response, snapshot, now);
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private List<Snapshot> visibleSnapshots(Instant now) {
        return state.snapshots.values().stream().filter(s -> s.visible(now)).toList();
    }

    private List<Snapshot> snapshotsById(List<String> ids, Instant now) {
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Snapshot snapshot = state.snapshots.get(id);
            if ((snapshot == null || !snapshot.visible(now)) && !missing.contains(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw Ec2Errors.snapshotNotFound(missing);
        }
        return state.snapshots.values().stream().filter(s -> ids.contains(s.id)).toList();
    }

    private static List<String> filterValues(Snapshot snapshot, String filter, Instant now) {
        return switch (filter) {
            case "snapshot-id" -> List.of(snapshot.id);
            case "volume-id" -> List.of(snapshot.volumeId);
            case "status" -> List.of(snapshot.status(now));
            case "owner-id" -> List.of(snapshot.ownerId);
            case "volume-size" -> List.of(String.valueOf(snapshot.volumeSizeGiB));
            case "description" -> List.of(snapshot.description);
            case "encrypted" -> List.of(String.valueOf(snapshot.encrypted));
            case "progress" -> List.of(snapshot.progress(now));
            case "storage-tier" -> List.of("standard");
            default -> List.of();
        };
    }
}
