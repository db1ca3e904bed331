package dev.polycsi.simulator.ec2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * EnableFastSnapshotRestores, DisableFastSnapshotRestores and DescribeFastSnapshotRestores. As in
 * EC2, enabling answers per snapshot and zone: what worked under {@code successful}, what did not
 * (an unknown snapshot) under {@code unsuccessful}, without failing the call; a zone that is not
 * the region's fails the whole call. Enabling twice is no change.
 */
final class FastRestoresApi implements Ec2Context.Api {

    static final Set<String> FILTERS = Set.of("snapshot-id", "availability-zone", "state", "owner-id");
    private static final int MAX_RESULTS = 200;

    private final Ec2Context context;
    private final Ec2State state;

    FastRestoresApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("EnableFastSnapshotRestores", (params, now, response) -> change(params, now, response, true));
        actions.put("DisableFastSnapshotRestores", (params, now, response) -> change(params, now, response, false));
        actions.put("DescribeFastSnapshotRestores", this::describe);
    }

    private void change(QueryParams params, Instant now, XmlWriter response, boolean enable) {
        List<String> zones = params.list("AvailabilityZone");
        if (zones.isEmpty()) {
            throw Ec2Errors.missingParameter("AvailabilityZone");
        }
        zones.forEach(zone -> context.zones().byName(zone));
        List<String> snapshotIds = ResourceIds.snapshots(params.list("SourceSnapshotId"));
        if (snapshotIds.isEmpty()) {
            throw Ec2Errors.missingParameter("SourceSnapshotId");
        }
        params.stopIfDryRun();

        List<FastRestore> done = new ArrayList<>();
        // EC2 answers a newly enabled zone as enabling, whatever the delays; an existing one as it is
        List<FastRestore> fresh = new ArrayList<>();
        Map<String, List<String>> failed = new LinkedHashMap<>();
        for (String snapshotId : snapshotIds) {
            if (!state.snapshots.containsKey(snapshotId)) {
                failed.put(snapshotId, zones);
                continue;
            }
            for (String zone : zones) {
                String key = FastRestore.key(snapshotId, zone);
                if (enable) {
                    done.add(state.fastRestores.computeIfAbsent(key, k -> {
                        Instant optimizingAt = context.after(now, "fast-restore.optimizing");
                        FastRestore made = new FastRestore(snapshotId, zone, now, optimizingAt, context.after(optimizingAt, "fast-restore.enabled"));
                        fresh.add(made);
                        return made;
                    }));
                } else {
                    Optional.ofNullable(state.fastRestores.remove(key)).ifPresent(done::add);
                }
            }
        }
        response.start("successful");
        for (FastRestore fastRestore : done) {
            response.start("item");
            String state = !enable ? "disabling" : fresh.contains(fastRestore) ? "enabling" : fastRestore.state(now);
            item(response, fastRestore, now, state);
            response.end();
        }
        response.end().start("unsuccessful");
        failed.forEach((snapshotId, failedZones) -> {
            response.start("item").element("snapshotId", snapshotId).start("fastSnapshotRestoreStateErrorSet");
            for (String zone : failedZones) {
                response.start("item").element("availabilityZone", zone)
                        .start("error").element("code", "InvalidSnapshot.NotFound")
                        .element("message", "The snapshot '" + snapshotId + "' does not exist.").end()
                        .end();
            }
            response.end().end();
        });
        response.end();
    }

    private void describe(QueryParams params, Instant now, XmlWriter response) {
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 0, MAX_RESULTS);
        params.stopIfDryRun();

        List<FastRestore> all = List.copyOf(state.fastRestores.values());
        List<FastRestore> matching = all.stream()
                .filter(f -> Filter.all(filters, f, Map.of(), (fastRestore, name) -> filterValues(fastRestore, name, now)))
                .toList();
        Pagination.Page<FastRestore> page = Pagination.page(matching, f -> all.indexOf(f) + 1L, maxResults.filter(n -> n > 0),
                params.string("NextToken"), MAX_RESULTS);
        response.start("fastSnapshotRestoreSet");
        for (FastRestore fastRestore : page.items()) {
            response.start("item");
            item(response, fastRestore, now, fastRestore.state(now));
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private static void item(XmlWriter xml, FastRestore fastRestore, Instant now, String state) {
        xml.element("snapshotId", fastRestore.snapshotId)
                .element("availabilityZone", fastRestore.zone)
                .element("state", state)
                .element("stateTransitionReason", "Client.UserInitiated")
                .element("ownerId", Ec2State.ACCOUNT_ID)
                .element("enablingTime", fastRestore.enablingTime);
        if (state.equals("optimizing") || state.equals("enabled")) {
            xml.element("optimizingTime", fastRestore.optimizingAt);
        }
        if (state.equals("enabled")) {
            xml.element("enabledTime", fastRestore.enabledAt);
        }
    }

    private static List<String> filterValues(FastRestore fastRestore, String filter, Instant now) {
        return switch (filter) {
            case "snapshot-id" -> List.of(fastRestore.snapshotId);
            case "availability-zone" -> List.of(fastRestore.zone);
            case "state" -> List.of(fastRestore.state(now));
            case "owner-id" -> List.of(Ec2State.ACCOUNT_ID);
            default -> List.of();
        };
    }
}
