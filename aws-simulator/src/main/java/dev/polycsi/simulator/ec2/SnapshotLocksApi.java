package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.http.AwsError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LockSnapshot, UnlockSnapshot and DescribeLockedSnapshots, with EC2's rules: a lock mode and
 * either a duration (1 to 36500 days) or an expiration date; a cooling-off period (1 to 72 hours)
 * only in compliance mode; a compliance lock past its cooling-off period can only be extended.
 * A snapshot under a lock that has not expired cannot be deleted ({@link SnapshotsApi}).
 */
final class SnapshotLocksApi implements Ec2Context.Api {

    static final int MAX_LOCK_DAYS = 36_500;
    static final int MAX_COOL_OFF_HOURS = 72;
    private static final Set<String> FILTERS = Set.of("lock-state");
    private static final int MAX_RESULTS = 1000;

    private final Ec2State state;

    SnapshotLocksApi(Ec2Context context) {
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("LockSnapshot", this::lockSnapshot);
        actions.put("UnlockSnapshot", this::unlockSnapshot);
        actions.put("DescribeLockedSnapshots", this::describeLockedSnapshots);
    }

    private void lockSnapshot(QueryParams params, Instant now, XmlWriter response) {
        String id = ResourceIds.snapshot(params.required("SnapshotId"));
        String mode = params.required("LockMode");
        if (!mode.equals(SnapshotLock.GOVERNANCE) && !mode.equals(SnapshotLock.COMPLIANCE)) {
            throw Ec2Errors.invalidParameterValue("Value (%s) for parameter lockMode is invalid. Expected: 'governance' or 'compliance'.", mode);
        }
        Optional<Integer> days = params.integer("LockDuration");
        Optional<Instant> expirationDate = params.string("ExpirationDate").map(SnapshotLocksApi::timestamp);
        Optional<Integer> coolOff = params.integer("CoolOffPeriod");
        if (days.isPresent() && expirationDate.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("Specify either LockDuration or ExpirationDate, not both.");
        }
        if (days.isEmpty() && expirationDate.isEmpty()) {
            throw Ec2Errors.missingParameter("LockDuration or ExpirationDate");
        }
        if (days.isPresent() && (days.get() < 1 || days.get() > MAX_LOCK_DAYS)) {
            throw Ec2Errors.invalidParameterValue("The lock duration must be between 1 and %d days.", MAX_LOCK_DAYS);
        }
        if (expirationDate.isPresent() && (!expirationDate.get().isAfter(now)
                || expirationDate.get().isAfter(now.plus(Duration.ofDays(MAX_LOCK_DAYS))))) {
            throw Ec2Errors.invalidParameterValue("The expiration date must be in the future and at most %d days away.", MAX_LOCK_DAYS);
        }
        if (coolOff.isPresent() && !mode.equals(SnapshotLock.COMPLIANCE)) {
            throw Ec2Errors.invalidParameterCombination("A cooling-off period can be specified only for compliance mode.");
        }
        if (coolOff.isPresent() && (coolOff.get() < 1 || coolOff.get() > MAX_COOL_OFF_HOURS)) {
            throw Ec2Errors.invalidParameterValue("The cooling-off period must be between 1 and %d hours.", MAX_COOL_OFF_HOURS);
        }
        Snapshot snapshot = existing(id);
        Instant expiresOn = expirationDate.orElseGet(() -> now.plus(Duration.ofDays(days.orElseThrow())));
        SnapshotLock current = snapshot.lock;
        boolean renewing = current != null && current.holds(now);
        if (renewing && current.sealed(now)) {
            if (!mode.equals(SnapshotLock.COMPLIANCE) || coolOff.isPresent() || expiresOn.isBefore(current.expiresOn())) {
                throw Ec2Errors.incorrectState("The snapshot '%s' is locked in compliance mode; its lock can only be extended.", id);
            }
        }
        params.stopIfDryRun();

        Instant createdOn = renewing ? current.createdOn() : now;
        // a cooling-off period runs from the first compliance lock; a renewal within it keeps its end
        Integer coolOffHours = coolOff.orElse(renewing && mode.equals(SnapshotLock.COMPLIANCE) ? current.coolOffHours() : null);
        Instant coolOffEnds = coolOff.map(hours -> now.plus(Duration.ofHours(hours)))
                .orElse(renewing && mode.equals(SnapshotLock.COMPLIANCE) ? current.coolOffExpiresOn() : null);
        snapshot.lock = new SnapshotLock(mode, days.orElse(null), createdOn, now, expiresOn,
                coolOffHours, coolOffEnds);
        response.element("snapshotId", id);
        snapshot.lock.write(response, now);
    }

    private void unlockSnapshot(QueryParams params, Instant now, XmlWriter response) {
        String id = ResourceIds.snapshot(params.required("SnapshotId"));
        Snapshot snapshot = existing(id);
        if (snapshot.lock == null) {
            throw Ec2Errors.incorrectState("The snapshot '%s' is not locked.", id);
        }
        if (snapshot.lock.sealed(now)) {
            throw Ec2Errors.incorrectState("The snapshot '%s' is locked in compliance mode and its cooling-off period has ended; it cannot be unlocked.", id);
        }
        params.stopIfDryRun();
        snapshot.lock = null;
        response.element("snapshotId", id);
    }

    private void describeLockedSnapshots(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.snapshots(params.list("SnapshotId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        params.stopIfDryRun();

        List<String> missing = ids.stream().filter(id -> !state.snapshots.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            throw Ec2Errors.snapshotNotFound(new ArrayList<>(missing));
        }
        List<Snapshot> locked = state.snapshots.values().stream()
                .filter(s -> s.lock != null && s.visible(now) && (ids.isEmpty() || ids.contains(s.id)))
                .filter(s -> Filter.all(filters, s, Map.of(), (snapshot, name) -> List.of(snapshot.lock.state(now))))
                .toList();
        Pagination.Page<Snapshot> page = Pagination.page(locked, s -> s.sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("snapshotSet");
        for (Snapshot snapshot : page.items()) {
            response.start("item").element("ownerId", snapshot.ownerId).element("snapshotId", snapshot.id);
            snapshot.lock.write(response, now);
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private Snapshot existing(String id) {
        Snapshot snapshot = state.snapshots.get(id);
        if (snapshot == null) {
            throw Ec2Errors.snapshotNotFound(id);
        }
        return snapshot;
    }

    private static Instant timestamp(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw AwsError.badRequest("InvalidParameterValue", "Value (%s) for parameter expirationDate is invalid. Expected: 'Timestamp'.", value);
        }
    }
}
