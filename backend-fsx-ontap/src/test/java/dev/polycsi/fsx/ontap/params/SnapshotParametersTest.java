package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotParametersTest {

    private static Map<String, String> extraTags(Map<String, String> raw) {
        return SnapshotParameters.extraTags(SnapshotParameters.SCHEMA.parse(raw));
    }

    @Test
    void extraTagsIsTheOnlyKey() {
        assertEquals(List.of("extraTags"), SnapshotParameters.SCHEMA.parameters().stream().map(Parameter::key).toList());
    }

    @Test
    void aClassWithoutParametersTagsNothing() {
        assertEquals(Map.of(), extraTags(Map.of()));
        assertEquals(Map.of(), extraTags(Map.of("extraTags", "")));
    }

    @Test
    void extraTagsAreTheBackupsTags() {
        assertEquals(Map.of("team", "storage", "retention", "90d"), extraTags(Map.of("extraTags", "team=storage,retention=90d")));
        Map<String, String> tags = OntapTags.forBackup("snapshot-1", extraTags(Map.of("extraTags", "team=storage")));
        assertEquals(Map.of("team", "storage", "CSIVolumeSnapshotName", "snapshot-1"), tags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ExtraTags", "tags", "tagSpecification_1", "copyTagsToBackups", "csi.storage.k8s.io/volumesnapshot/name"})
    void otherKeysAreRefused(String key) {
        invalid(() -> SnapshotParameters.SCHEMA.parse(Map.of(key, "a=b")), "unknown parameter '" + key + "'", "extraTags");
    }

    @Test
    void onlyTheSnapshotNameIsReservedOnABackup() {
        invalid(() -> SnapshotParameters.SCHEMA.parse(Map.of("extraTags", "CSIVolumeSnapshotName=x")), "CSIVolumeSnapshotName", "reserved");
        assertEquals(Map.of("CSIVolumeName", "x"), extraTags(Map.of("extraTags", "CSIVolumeName=x")),
                "a backup's tags never reach a volume, so the volume's keys mislead nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CSIVolumeSnapshotName=x", "aws:backup=x", "a", "a=b,a=c", "a=b;c", "=x"})
    void badTagsAreRefusedNamingTheKey(String value) {
        invalid(() -> SnapshotParameters.SCHEMA.parse(Map.of("extraTags", value)), "parameter 'extraTags'", "'" + value + "'");
    }

    @Test
    void fortyNineTagsLeaveRoomForTheSnapshotName() {
        assertEquals(49, extraTags(Map.of("extraTags", pairs(49))).size());
        invalid(() -> SnapshotParameters.SCHEMA.parse(Map.of("extraTags", pairs(50))), "parameter 'extraTags'", "50 tags",
                "CSIVolumeSnapshotName");
    }

    private static String pairs(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
    }
}
