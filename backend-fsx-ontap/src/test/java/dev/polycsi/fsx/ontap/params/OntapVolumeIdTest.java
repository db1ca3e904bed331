package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OntapVolumeIdTest {

    private static final String VOLUME = "fsvol-0123456789abcdef0";

    @Test
    void fsxVolumeIdsAreVolumeHandles() {
        assertEquals(VOLUME, OntapVolumeId.parse(VOLUME));
        assertEquals(Optional.of(VOLUME), OntapVolumeId.find(VOLUME));
        assertTrue(OntapVolumeId.isForeignHandle(VOLUME), "a static PersistentVolume's bare FSx volume ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fsvol-", "fsvol-0123456789abcdef", "fsvol-0123456789abcdef01", "fsvol-0123456789ABCDEF0",
            "fs-0123456789abcdef0", "svm-0123456789abcdef0", "fsx-ontap:fsvol-0123456789abcdef0", " fsvol-0123456789abcdef0",
            "fsvol-0123456789abcdef0/", "pvc_3f0c2a43_7bb4_4c46_9a4e_0d1f3c5e9b21"})
    void otherHandlesAreRefusedSayingWhatAVolumeIdLooksLike(String handle) {
        String message = invalid(() -> OntapVolumeId.parse(handle), "volume ID '" + handle + "'", "fsvol- and 17", "fsvol-0123456789abcdef0");
        assertTrue(message.contains("FSx for ONTAP"), message);
        assertEquals(Optional.empty(), OntapVolumeId.find(handle));
        assertFalse(OntapVolumeId.isForeignHandle(handle));
    }
}
