package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotParametersTest {

    private static SnapshotSettings resolve(Map<String, String> parameters) {
        return SnapshotParameters.resolve(SnapshotParameters.SCHEMA.parse(parameters));
    }

    @Test
    void nothingGivenIsNoTagsAndNoOutpost() {
        assertEquals(new SnapshotSettings(Map.of(), Optional.empty()), resolve(Map.of()));
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

    @ParameterizedTest
    @ValueSource(strings = {"fastSnapshotRestoreAvailabilityZones", "lockMode", "lockDuration", "lockExpirationDate", "lockCoolOffPeriod"})
    void officialKeysNotSupportedYetAreRefused(String key) {
        invalid(() -> resolve(Map.of(key, "x")), key);
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
