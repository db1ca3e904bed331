package dev.polycsi.simulator.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DescribeVolumeStatus: every volume's I/O is enabled and performing; a volume restored from a
 * snapshot (or copied) reports {@code initialization-state} {@code initializing} with EC2's
 * initialization details until {@code delay.volume.initialized} after it became available, then
 * {@code completed}. A volume still being created has {@code insufficient-data}.
 */
final class VolumeStatusApi implements Ec2Context.Api {

    static final Set<String> FILTERS = Set.of("availability-zone", "volume-status.status", "volume-status.details-name",
            "volume-status.details-status", "initialization-state");

    private static final int MAX_RESULTS = 1000;

    private final Ec2State state;
    private final Ec2Context context;

    VolumeStatusApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("DescribeVolumeStatus", this::describeVolumeStatus);
    }

    private void describeVolumeStatus(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.volumes(params.list("VolumeId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        if (!ids.isEmpty() && maxResults.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("The parameter volumeSet cannot be used with the parameter maxResults");
        }
        params.stopIfDryRun();

        List<Volume> candidates = ids.isEmpty() ? visible(now) : byId(ids, now);
        List<Volume> matching = candidates.stream()
                .filter(v -> Filter.all(filters, v, Map.of(), (volume, name) -> filterValues(volume, name, now)))
                .toList();
        Pagination.Page<Volume> page = Pagination.page(matching, v -> v.sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("volumeStatusSet");
        for (Volume volume : page.items()) {
            response.start("item");
            item(response, volume, now);
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private void item(XmlWriter xml, Volume volume, Instant now) {
        xml.element("volumeId", volume.id)
                .element("availabilityZone", volume.zone)
                .element("availabilityZoneId", context.config().zoneId(volume.zone))
                .start("volumeStatus").element("status", overall(volume))
                .start("details");
        if (volume.lifecycle == Volume.Lifecycle.CREATED) {
            detail(xml, "io-enabled", "passed");
            detail(xml, "io-performance", "not-applicable");
            detail(xml, "initialization-state", initializationState(volume, now));
        }
        xml.end().end()
                .start("eventsSet").end()
                .start("actionsSet").end();
        if (volume.initializationType() != null && volume.lifecycle == Volume.Lifecycle.CREATED) {
            boolean done = volume.initialized(now);
            // a created volume's transitionEnds is when it became available, where initialization starts
            Duration left = done ? Duration.ZERO : Duration.between(now, volume.initializedAt);
            long progress = done ? 100 : VolumeModification.percent(Duration.between(volume.transitionEnds, now),
                    Duration.between(volume.transitionEnds, volume.initializedAt));
            xml.start("initializationStatusDetails")
                    .element("initializationType", volume.initializationType())
                    .element("progress", progress)
                    .element("estimatedTimeToCompleteInSeconds", (left.toMillis() + 999) / 1000)
                    .end();
        }
    }

    private static void detail(XmlWriter xml, String name, String status) {
        xml.start("item").element("name", name).element("status", status).end();
    }

    private static String overall(Volume volume) {
        return volume.lifecycle == Volume.Lifecycle.CREATED ? "ok" : "insufficient-data";
    }

    private static String initializationState(Volume volume, Instant now) {
        return volume.initialized(now) ? "completed" : "initializing";
    }

    private List<String> filterValues(Volume volume, String filter, Instant now) {
        boolean created = volume.lifecycle == Volume.Lifecycle.CREATED;
        return switch (filter) {
            case "availability-zone" -> List.of(volume.zone);
            case "volume-status.status" -> List.of(overall(volume));
            case "volume-status.details-name" -> created ? List.of("io-enabled", "io-performance", "initialization-state") : List.of();
            case "volume-status.details-status" -> created ? List.of("passed", "not-applicable", initializationState(volume, now)) : List.of();
            case "initialization-state" -> created ? List.of(initializationState(volume, now)) : List.of();
            default -> List.of();
        };
    }

    private List<Volume> visible(Instant now) {
        return state.volumes.values().stream().filter(v -> v.visible(now) && v.lifecycle != Volume.Lifecycle.DELETING).toList();
    }

    private List<Volume> byId(List<String> ids, Instant now) {
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
}
