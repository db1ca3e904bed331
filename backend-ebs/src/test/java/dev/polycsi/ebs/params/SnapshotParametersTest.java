package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.ebs.cloud.SnapshotLock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotParametersTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static SnapshotSettings resolve(Map<String, String> parameters) {
        return SnapshotParameters.resolve(SnapshotParameters.SCHEMA.parse(parameters), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void nothingGivenIsNoTagsNoOutpostNoFastRestoreAndNoLock() {
        assertEquals(new SnapshotSettings(Map.of(), Optional.empty(), List.of(), Optional.empty()), resolve(Map.of()));
    }

    @Test
    void fastRestoreZonesAreAListWithoutRepeats() {
        assertEquals(List.of("us-east-1a", "us-east-1b"),
                resolve(Map.of("fastSnapshotRestoreAvailabilityZones", "us-east-1a, us-east-1b,us-east-1a")).fastRestoreZones());
        invalid(() -> resolve(Map.of("fastSnapshotRestoreAvailabilityZones", " , ")), "fastSnapshotRestoreAvailabilityZones");
    }

    @Test
    void aLockHasAModeAndADurationOrAnExpirationDate() {
        assertEquals(Optional.of(new SnapshotLock("governance", Optional.of(7), Optional.empty(), Optional.empty())),
                resolve(Map.of("lockMode", "governance", "lockDuration", "7")).lock());
        assertEquals(Optional.of(new SnapshotLock("compliance", Optional.empty(), Optional.of(Instant.parse("2030-12-31T23:59:59Z")),
                Optional.of(24))), resolve(Map.of("lockMode", "Compliance", "lockExpirationDate", "2030-12-31T23:59:59Z",
                "lockCoolOffPeriod", "24")).lock());
        assertEquals(Instant.parse("2030-12-31T22:59:59Z"),
                resolve(Map.of("lockMode", "governance", "lockExpirationDate", "2030-12-31T23:59:59+01:00")).lock().orElseThrow()
                        .expirationDate().orElseThrow());
    }

    @Test
    void lockParametersAreCheckedAsTheOfficialDriverAndEc2CheckThem() {
        invalid(() -> resolve(Map.of("lockMode", "forever", "lockDuration", "1")), "lockMode");
        invalid(() -> resolve(Map.of("lockDuration", "7")), "lockDuration", "lockMode");
        invalid(() -> resolve(Map.of("lockCoolOffPeriod", "7")), "lockCoolOffPeriod", "lockMode");
        invalid(() -> resolve(Map.of("lockMode", "governance")), "lockMode", "lockDuration", "lockExpirationDate");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockDuration", "7", "lockExpirationDate", "2030-12-31T23:59:59Z")),
                "lockDuration", "lockExpirationDate");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockDuration", "0")), "lockDuration");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockDuration", "36501")), "lockDuration");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockExpirationDate", "2030-12-31")), "lockExpirationDate");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockExpirationDate", "2020-01-01T00:00:00Z")), "lockExpirationDate");
        invalid(() -> resolve(Map.of("lockMode", "governance", "lockDuration", "7", "lockCoolOffPeriod", "1")),
                "lockCoolOffPeriod", "compliance");
        invalid(() -> resolve(Map.of("lockMode", "compliance", "lockDuration", "7", "lockCoolOffPeriod", "73")), "lockCoolOffPeriod");
    }

    @Test
    void outpostArnIsKept() {
        String arn = "arn:aws:outposts:us-west-2:123456789012:outpost/op-0123456789abcdef0";
        assertEquals(Optional.of(arn), resolve(Map.of("outpostArn", arn)).outpostArn());
        assertEquals(Optional.of(arn), resolve(Map.of("OUTPOSTARN", arn)).outpostArn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"op-0123456789abcdef0", "arn:aws:ec2:us-west-2:123456789012:outpost/op-0123456789abcdef0",
            "arn:aws:outposts:us-west-2:1234:outpost/op-0123456789abcdef0", "arn:aws:outposts:us-west-2:123456789012:outpost/op-XYZ"})
    void badOutpostArnsAreRefused(String arn) {
        invalid(() -> resolve(Map.of("outpostArn", arn)), "outpostArn");
    }

    @Test
    void tagsWithTheSnapshottersMetadata() {
        SnapshotSettings settings = resolve(Map.of(
                "tagSpecification_1", "source={{ .VolumeSnapshotNamespace }}/{{ .VolumeSnapshotName }}",
                "tagSpecification_2", "content={{.VolumeSnapshotContentName}}",
                "csi.storage.k8s.io/volumesnapshot/name", "nightly",
                "csi.storage.k8s.io/volumesnapshot/namespace", "shop",
                "csi.storage.k8s.io/volumesnapshotcontent/name", "snapcontent-1"));
        assertEquals(Map.of("source", "shop/nightly", "content", "snapcontent-1"), settings.tags());
    }

    @Test
    void tagRulesApply() {
        invalid(() -> resolve(Map.of("tagSpecification_1", "x={{ .PVCName }}")), "tagSpecification_1", ".PVCName");
        invalid(() -> resolve(Map.of("tagSpecification_1", "x={{ .VolumeSnapshotName }}")), "tagSpecification_1", "--extra-create-metadata");
        invalid(() -> resolve(Map.of("tagSpecification_1", "CSIVolumeSnapshotName=x")), "tagSpecification_1", "reserved");
        invalid(() -> resolve(Map.of("tagSpecification_1", "novalue")), "tagSpecification_1");
    }
}
