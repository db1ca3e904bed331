package dev.polycsi.ebs.params;

import dev.polycsi.ebs.cloud.SnapshotLock;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * VolumeSnapshotClass parameters of {@code backend: ebs}, with aws-ebs-csi-driver's names: tags,
 * an Outpost, fast snapshot restore zones and an EC2 snapshot lock.
 */
public final class SnapshotParameters {

    public static final String TAG_PREFIX = "tagSpecification";
    /** EC2's LockSnapshot ranges. */
    static final int MAX_LOCK_DAYS = 36_500;
    static final int MAX_COOL_OFF_HOURS = 72;

    static final Parameter<String> OUTPOST_ARN = Parameter.matching("outpostArn",
            "Create the snapshot on this AWS Outpost instead of in the Region (local snapshot).",
            "arn:aws[-a-z]*:outposts:[a-z0-9-]+:[0-9]{12}:outpost/op-[0-9a-f]+",
            "an Outposts ARN, arn:aws:outposts:REGION:ACCOUNT:outpost/op-HEX");
    static final Parameter<List<String>> FAST_RESTORE_ZONES = Parameter.list("fastSnapshotRestoreAvailabilityZones",
            "Comma-separated zones (names, e.g. us-east-1a) in which to enable EBS fast snapshot restore once the snapshot is made, "
                    + "so that volumes restored there are fully initialized at once. The zones must be the region's; EC2 bills "
                    + "fast snapshot restore per zone and hour. If enabling fails, the snapshot is deleted and CreateSnapshot fails.");
    static final Parameter<String> LOCK_MODE = Parameter.oneOf("lockMode",
            "Lock the snapshot (EC2 snapshot lock) once made, so that it cannot be deleted until the lock expires: governance "
                    + "(users with the permission may unlock it) or compliance (nobody can, after the cooling-off period). "
                    + "Needs lockDuration or lockExpirationDate. If locking fails, the snapshot is deleted and CreateSnapshot fails. "
                    + "Deleting a VolumeSnapshot whose snapshot is locked fails with FAILED_PRECONDITION until the lock ends.",
            SnapshotLock.GOVERNANCE, SnapshotLock.COMPLIANCE);
    static final Parameter<Long> LOCK_DURATION = Parameter.integer("lockDuration",
            "Days the lock lasts, from locking (EC2: 1 to 36500). Exclusive with lockExpirationDate.", 1, MAX_LOCK_DAYS);
    static final Parameter<String> LOCK_EXPIRATION_DATE = Parameter.string("lockExpirationDate",
            "When the lock ends, RFC 3339 (e.g. 2030-12-31T23:59:59Z); must be in the future, at most 36500 days away. "
                    + "Exclusive with lockDuration.");
    static final Parameter<Long> LOCK_COOL_OFF_PERIOD = Parameter.integer("lockCoolOffPeriod",
            "Hours (EC2: 1 to 72) during which a compliance lock can still be lifted or shortened; compliance mode only. "
                    + "Default: none, the lock is final at once.", 1, MAX_COOL_OFF_HOURS);
    static final Parameter<String> SNAPSHOT_NAME = Parameter.string("csi.storage.k8s.io/volumesnapshot/name",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotName }} in tags.");
    static final Parameter<String> SNAPSHOT_NAMESPACE = Parameter.string("csi.storage.k8s.io/volumesnapshot/namespace",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotNamespace }} in tags.");
    static final Parameter<String> SNAPSHOT_CONTENT_NAME = Parameter.string("csi.storage.k8s.io/volumesnapshotcontent/name",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotContentName }} in tags.");

    /** Keys are matched without regard to case, as in the official driver; the tagSpecification prefix is case-sensitive. */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .caseInsensitiveKeys()
            .add(OUTPOST_ARN)
            .add(FAST_RESTORE_ZONES)
            .add(LOCK_MODE)
            .add(LOCK_DURATION)
            .add(LOCK_EXPIRATION_DATE)
            .add(LOCK_COOL_OFF_PERIOD)
            .add(SNAPSHOT_NAME)
            .add(SNAPSHOT_NAMESPACE)
            .add(SNAPSHOT_CONTENT_NAME)
            .addPrefix(TAG_PREFIX, "A snapshot tag, `key=value`, usually tagSpecification_1, …; the value may use "
                    + "{{ .VolumeSnapshotName }}, {{ .VolumeSnapshotNamespace }} and {{ .VolumeSnapshotContentName }} (needs the "
                    + "external-snapshotter's --extra-create-metadata). Reserved keys are refused: " + Tags.RESERVED_DESCRIPTION
                    + ". EC2 limits: key up to 128, value up to 256 characters, 50 tags.")
            .build();

    private static final String METADATA_HINT =
            "the external-snapshotter sends the VolumeSnapshot names only when it runs with --extra-create-metadata";

    private SnapshotParameters() {
    }

    public static SnapshotSettings resolve(Parameters parameters) {
        return resolve(parameters, Clock.systemUTC());
    }

    static SnapshotSettings resolve(Parameters parameters, Clock clock) {
        Map<String, String> values = new HashMap<>();
        parameters.find(SNAPSHOT_NAME).ifPresent(v -> values.put("VolumeSnapshotName", v));
        parameters.find(SNAPSHOT_NAMESPACE).ifPresent(v -> values.put("VolumeSnapshotNamespace", v));
        parameters.find(SNAPSHOT_CONTENT_NAME).ifPresent(v -> values.put("VolumeSnapshotContentName", v));
        TagTemplate template = new TagTemplate(TagTemplate.SNAPSHOT_FIELDS, values, METADATA_HINT);
        Map<String, String> tags = Tags.fromSpecifications(parameters.withPrefix(TAG_PREFIX), template);
        Tags.checkLimits(tags);
        List<String> zones = List.copyOf(new LinkedHashSet<>(parameters.find(FAST_RESTORE_ZONES).orElse(List.of())));
        if (parameters.isSet(FAST_RESTORE_ZONES) && zones.isEmpty()) {
            throw CsiException.invalidArgument("parameter '%s' names no zone; list zones such as us-east-1a,us-east-1b, or leave it out",
                    FAST_RESTORE_ZONES.key());
        }
        return new SnapshotSettings(tags, parameters.find(OUTPOST_ARN), zones, lock(parameters, clock.instant()));
    }

    /** EC2's LockSnapshot rules, checked before the snapshot is made rather than after (when it would be deleted again). */
    private static Optional<SnapshotLock> lock(Parameters parameters, Instant now) {
        Optional<String> mode = parameters.find(LOCK_MODE);
        Optional<Long> days = parameters.find(LOCK_DURATION);
        Optional<Instant> expiration = parameters.find(LOCK_EXPIRATION_DATE).map(SnapshotParameters::expirationDate);
        Optional<Long> coolOff = parameters.find(LOCK_COOL_OFF_PERIOD);
        if (mode.isEmpty()) {
            Stream.of(LOCK_DURATION, LOCK_EXPIRATION_DATE, LOCK_COOL_OFF_PERIOD).filter(parameters::isSet).findFirst().ifPresent(key -> {
                throw CsiException.invalidArgument("parameter '%s' needs '%s' (governance or compliance)", key.key(), LOCK_MODE.key());
            });
            return Optional.empty();
        }
        if (days.isPresent() && expiration.isPresent()) {
            throw CsiException.invalidArgument("parameters '%s' and '%s' are exclusive; set one of them",
                    LOCK_DURATION.key(), LOCK_EXPIRATION_DATE.key());
        }
        if (days.isEmpty() && expiration.isEmpty()) {
            throw CsiException.invalidArgument("parameter '%s' needs '%s' or '%s': EC2 locks a snapshot for a time",
                    LOCK_MODE.key(), LOCK_DURATION.key(), LOCK_EXPIRATION_DATE.key());
        }
        expiration.ifPresent(date -> {
            if (!date.isAfter(now) || date.isAfter(now.plus(java.time.Duration.ofDays(MAX_LOCK_DAYS)))) {
                throw CsiException.invalidArgument("parameter '%s': %s is not in the future within %d days, as EC2 requires",
                        LOCK_EXPIRATION_DATE.key(), date, MAX_LOCK_DAYS);
            }
        });
        if (coolOff.isPresent() && !mode.get().equals(SnapshotLock.COMPLIANCE)) {
            throw CsiException.invalidArgument("parameter '%s' applies to compliance mode only, not %s", LOCK_COOL_OFF_PERIOD.key(), mode.get());
        }
        return Optional.of(new SnapshotLock(mode.get(), days.map(Math::toIntExact), expiration, coolOff.map(Math::toIntExact)));
    }

    private static Instant expirationDate(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw CsiException.invalidArgument("parameter '%s': '%s' is not an RFC 3339 date and time such as 2030-12-31T23:59:59Z",
                    LOCK_EXPIRATION_DATE.key(), value);
        }
    }
}
