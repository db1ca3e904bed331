package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.Requests.invalid;
import static dev.polycsi.fsx.ontap.params.Requests.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OntapTagsTest {

    private static final String PV = "pvc-3f0c2a43-7bb4-4c46-9a4e-0d1f3c5e9b21";

    @Test
    void theDriversTagNames() {
        assertEquals("CSIVolumeName", OntapTags.VOLUME_NAME_TAG);
        assertEquals("CSIVolumeSnapshotName", OntapTags.SNAPSHOT_NAME_TAG);
        assertEquals("polycsi.dev/skipFinalBackupOnDelete", OntapTags.SKIP_FINAL_BACKUP_TAG);
        assertEquals(List.of("CSIVolumeName", "CSIVolumeSnapshotName", "polycsi.dev/skipFinalBackupOnDelete"),
                List.copyOf(OntapTags.DRIVER_KEYS));
        assertEquals(List.of("CSIVolumeSnapshotName"), List.copyOf(OntapTags.BACKUP_DRIVER_KEYS));
        Pattern fsxTagKey = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
        OntapTags.DRIVER_KEYS.forEach(key -> assertTrue(fsxTagKey.matcher(key).matches(), key + " must be a key FSx takes"));
    }

    @Test
    void aVolumeCarriesTheUsersTagsThenItsNameAndTheClasssBackupChoice() {
        Map<String, String> tags = OntapTags.forVolume(PV, resolve("extraTags", "team=storage,env=prod"));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("team", "storage");
        expected.put("env", "prod");
        expected.put("CSIVolumeName", PV);
        expected.put("polycsi.dev/skipFinalBackupOnDelete", "true");
        assertEquals(expected, tags);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(tags.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> tags.put("x", "y"));
    }

    @Test
    void theSkipTagIsReadBackAsTheStorageClassSaidIt() {
        assertTrue(OntapTags.skipFinalBackup(OntapTags.forVolume(PV, resolve())));
        assertTrue(OntapTags.skipFinalBackup(OntapTags.forVolume(PV, resolve("skipFinalBackupOnDelete", "true"))));
        assertFalse(OntapTags.skipFinalBackup(OntapTags.forVolume(PV, resolve("skipFinalBackupOnDelete", "false"))));
        assertFalse(OntapTags.skipFinalBackup(OntapTags.forVolume(PV, resolve("skipFinalBackupOnDelete", "0"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", "f", "F", "0"})
    void onlyAFalseTagKeepsTheFinalBackup(String value) {
        assertFalse(OntapTags.skipFinalBackup(Map.of(OntapTags.SKIP_FINAL_BACKUP_TAG, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "", "no", " false", "fals", "off"})
    void anyOtherValueSkipsIt(String value) {
        assertTrue(OntapTags.skipFinalBackup(Map.of(OntapTags.SKIP_FINAL_BACKUP_TAG, value)));
    }

    @Test
    void aVolumeWithoutTheTagIsDeletedWithoutAFinalBackup() {
        assertTrue(OntapTags.skipFinalBackup(Map.of()));
        assertTrue(OntapTags.skipFinalBackup(Map.of("CSIVolumeName", PV, "polycsi.dev/skipfinalbackupondelete", "false")),
                "tag keys are case-sensitive in FSx");
    }

    @Test
    void fortySevenExtraTagsAndTheDriversTwoFitOnAVolume() {
        Map<String, String> tags = OntapTags.forVolume(PV, resolve("extraTags", pairs(47)));
        assertEquals(49, tags.size());
    }

    @Test
    void aCsiNameLongerThanATagValueIsRefused() {
        assertEquals("n".repeat(256), OntapTags.forVolume("n".repeat(256), resolve()).get("CSIVolumeName"));
        invalid(() -> OntapTags.forVolume("n".repeat(257), resolve()), "CSIVolumeName", "256");
    }

    @Test
    void aBackupCarriesTheClasssTagsThenItsSnapshotName() {
        Map<String, String> tags = OntapTags.forBackup("snapshot-1", Map.of("team", "storage"));
        assertEquals(Map.of("team", "storage", "CSIVolumeSnapshotName", "snapshot-1"), tags);
        assertEquals("CSIVolumeSnapshotName", List.copyOf(tags.keySet()).getLast());
        assertEquals(Map.of("CSIVolumeSnapshotName", "snapshot-1"), OntapTags.forBackup("snapshot-1", Map.of()));
    }

    @Test
    void aBackupHasAtMostFiftyTags() {
        Map<String, String> fortyNine = IntStream.rangeClosed(1, 49).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        assertEquals(50, OntapTags.forBackup("snapshot-1", fortyNine).size());
        Map<String, String> fifty = IntStream.rangeClosed(1, 50).boxed().collect(Collectors.toMap(i -> "k" + i, i -> "v"));
        invalid(() -> OntapTags.forBackup("snapshot-1", fifty), "51 tags", "50");
    }

    private static String pairs(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
    }
}
