package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CreationMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeParametersTest {

    private static final UUID FIXED = UUID.fromString("11111111-2222-3333-4444-555555555555");

    private static AccessPointSettings settings(String name, CreationMetadata metadata, String... extra) {
        return VolumeParameters.settings(Requests.create(name, 1L << 30, metadata, extra), () -> FIXED);
    }

    private static void assertInvalid(String key, Runnable action) {
        CsiException e = assertThrows(CsiException.class, action::run);
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(key), "'" + e.getMessage() + "' does not name " + key);
    }

    @Test
    void defaultsFollowTheOfficialDriver() {
        AccessPointSettings s = settings("pvc-abc", Requests.METADATA);
        assertEquals(Requests.FILE_SYSTEM, s.fileSystemId());
        assertEquals("pvc-abc", s.clientToken());
        assertEquals("/pvc-abc", s.rootDirectory());
        assertEquals("700", s.permissions());
        assertEquals(GidRange.DEFAULT, s.gidRange());
        assertTrue(s.needsAllocatedId());
        assertTrue(s.tagging());
        assertFalse(s.reuseAccessPoint());
        assertEquals(Optional.empty(), s.az());
    }

    @ParameterizedTest
    @CsvSource({
        "provisioningMode, efs-dir",
        "provisioningMode, EFS-AP",
        "fileSystemId, fs-xyz",
        "fileSystemId, ''",
        "directoryPerms, 800",
        "directoryPerms, rwx",
        "uid, -1",
        "gid, 4294967296",
        "gidRangeStart, 0",
        "gidRangeEnd, abc",
        "basePath, /a/../b",
        "subPathPattern, ${.PVC.uid}",
        "subPathPattern, ${.PVC.name",
        "subPathPattern, a/../b",
        "ensureUniqueDirectory, yes",
        "reuseAccessPoint, 1",
        "az, nowhere",
        "enforceZoneAffinity, maybe",
        "enableTagging, no",
    })
    void badValuesNameTheirKey(String key, String value) {
        assertInvalid(key, () -> Requests.parse(Requests.parameters(key, value)));
    }

    @Test
    void keysAreCaseSensitiveAndUnknownOnesRefused() {
        assertInvalid("FileSystemId", () -> Requests.parse(Map.of("provisioningMode", "efs-ap", "FileSystemId", Requests.FILE_SYSTEM)));
        assertInvalid("fileSystemIdConfigRef", () -> Requests.parse(Requests.parameters("fileSystemIdConfigRef", "ns/name/key")));
        assertInvalid("provisioningMode", () -> Requests.parse(Map.of("fileSystemId", Requests.FILE_SYSTEM)));
    }

    @Test
    void gidRangeNeedsBothEndsInOrder() {
        assertInvalid("gidRangeEnd", () -> settings("v", Requests.METADATA, "gidRangeStart", "1000"));
        assertInvalid("gidRangeStart", () -> settings("v", Requests.METADATA, "gidRangeEnd", "2000"));
        assertInvalid("gidRangeEnd", () -> settings("v", Requests.METADATA, "gidRangeStart", "2000", "gidRangeEnd", "2000"));
        assertEquals(new GidRange(1000, 2000), settings("v", Requests.METADATA, "gidRangeStart", "1000", "gidRangeEnd", "2000").gidRange());
    }

    @Test
    void explicitUidAndGidNeedNoAllocation() {
        AccessPointSettings s = settings("v", Requests.METADATA, "uid", "0", "gid", "1000");
        assertEquals(Optional.of(0L), s.uid());
        assertEquals(Optional.of(1000L), s.gid());
        assertFalse(s.needsAllocatedId());
        assertTrue(settings("v", Requests.METADATA, "gid", "1000").needsAllocatedId());
    }

    @Test
    void subPathPatternExpandsTheNamesAndAppendsAUuidUnlessTold() {
        assertEquals("/base/team-a/data-" + FIXED,
                settings("pvc-1", Requests.METADATA, "basePath", "base/", "subPathPattern", "${.PVC.namespace}/${.PVC.name}").rootDirectory());
        assertEquals("/base/team-a/data",
                settings("pvc-1", Requests.METADATA, "basePath", "/base", "subPathPattern", "${.PVC.namespace}/${.PVC.name}",
                        "ensureUniqueDirectory", "false").rootDirectory());
        assertEquals("/pvc-1234", settings("pvc-1", Requests.METADATA, "subPathPattern", "${.PV.name}",
                "ensureUniqueDirectory", "false").rootDirectory());
        assertEquals("/pvc-1", settings("pvc-1", CreationMetadata.NONE, "subPathPattern", "${.PV.name}",
                "ensureUniqueDirectory", "false").rootDirectory(), "PV.name falls back to the volume name");
        assertEquals("/d/pvc-1", settings("pvc-1", Requests.METADATA, "basePath", "/d", "ensureUniqueDirectory", "true").rootDirectory(),
                "without subPathPattern the directory is the PV name");
    }

    @Test
    void pvcPlaceholdersWithoutMetadataNameTheProvisionerFlag() {
        assertInvalid("--extra-create-metadata", () -> settings("pvc-1", CreationMetadata.NONE, "subPathPattern", "${.PVC.name}"));
        assertInvalid("--extra-create-metadata", () -> settings("pvc-1", CreationMetadata.NONE, "reuseAccessPoint", "true"));
    }

    @Test
    void efsPathLimitsAreChecked() {
        assertInvalid("subPathPattern", () -> settings("pvc-1", Requests.METADATA, "basePath", "/" + "a".repeat(90),
                "subPathPattern", "${.PVC.name}"));
        assertInvalid("subPathPattern", () -> settings("pvc-1", Requests.METADATA, "basePath", "/a/b/c/d",
                "subPathPattern", "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory", "false"));
        assertEquals("/a/b/c/team-a/data", settings("pvc-1", Requests.METADATA, "basePath", "/a/b/c",
                "subPathPattern", "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory", "false").rootDirectory());
    }

    @Test
    void clientTokensFitEfsAndReuseHashesThePvcName() {
        String longName = "v".repeat(70);
        assertEquals(VolumeParameters.sha256(longName), settings(longName, Requests.METADATA).clientToken());
        assertEquals(64, settings(longName, Requests.METADATA).clientToken().length());
        AccessPointSettings reuse = settings("pvc-1", Requests.METADATA, "reuseAccessPoint", "true");
        assertTrue(reuse.reuseAccessPoint());
        assertEquals(VolumeParameters.sha256("data"), reuse.clientToken());
        assertEquals("3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7", VolumeParameters.sha256("data"));
    }
}
