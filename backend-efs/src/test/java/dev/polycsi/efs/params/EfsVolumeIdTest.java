package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EfsVolumeIdTest {

    static final String FS = "fs-0123456789abcdef0";
    static final String AP = "fsap-0123456789abcdef0";

    @Test
    void parsesEveryFormOfTheOfficialDriver() {
        assertEquals(new EfsVolumeId(FS, Optional.empty(), Optional.empty()), EfsVolumeId.parse(FS));
        assertEquals(new EfsVolumeId(FS, Optional.empty(), Optional.empty()), EfsVolumeId.parse(FS + ":"));
        assertEquals(new EfsVolumeId(FS, Optional.empty(), Optional.empty()), EfsVolumeId.parse(FS + "::"));
        assertEquals(new EfsVolumeId(FS, Optional.of("/a/b"), Optional.empty()), EfsVolumeId.parse(FS + ":/a/b/"));
        assertEquals(new EfsVolumeId(FS, Optional.of("/a"), Optional.empty()), EfsVolumeId.parse(FS + ":a"), "relative is taken from the root");
        assertEquals(new EfsVolumeId(FS, Optional.empty(), Optional.of(AP)), EfsVolumeId.parse(FS + "::" + AP));
        assertEquals(new EfsVolumeId(FS, Optional.of("/x"), Optional.of(AP)), EfsVolumeId.parse(FS + ":/x:" + AP));
    }

    @Test
    void formatsBackToTheSameHandle() {
        for (String handle : new String[] {FS, FS + ":/a/b", FS + "::" + AP, FS + ":/x:" + AP}) {
            assertEquals(handle, EfsVolumeId.parse(handle).format());
        }
        assertEquals("/", EfsVolumeId.parse(FS + "::" + AP).mountPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "does-not-exist", "fs-12", "fs-0123456789ABCDEF0", "vol-0123456789abcdef0",
            "fs-0123456789abcdef0:/a:fsap-0123456789abcdef0:x", "fs-0123456789abcdef0::ap-1", "fs-0123456789abcdef0:/a/../..",
            "no-prefix-at-all"})
    void refusesWhatIsNoEfsHandle(String handle) {
        CsiException e = assertThrows(CsiException.class, () -> EfsVolumeId.parse(handle));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertFalse(EfsVolumeId.isForeignHandle(handle));
        assertTrue(EfsVolumeId.tryParse(handle).isEmpty());
    }

    @Test
    void recognisesUnprefixedHandles() {
        assertTrue(EfsVolumeId.isForeignHandle(FS + "::" + AP));
        assertTrue(EfsVolumeId.isForeignHandle(FS));
        assertFalse(EfsVolumeId.isForeignHandle("efs:" + FS), "prefixed handles are routed by the prefix, not recognised");
    }
}
