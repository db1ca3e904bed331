package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        assertInvalid("fileSystemIdSecretref", () -> Requests.parse(Requests.parameters("fileSystemIdSecretref", "ns/name/key")));
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
    void efsDepthLimitIsFourDirectories() {
        assertEquals("/a/b/team-a/data", settings("pvc-1", Requests.METADATA, "basePath", "/a/b",
                "subPathPattern", "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory", "false").rootDirectory());
        CsiException deep = assertThrows(CsiException.class, () -> settings("pvc-1", Requests.METADATA, "basePath", "/a/b/c",
                "subPathPattern", "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory", "false"));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, deep.code());
        assertTrue(deep.getMessage().contains("'basePath'") && deep.getMessage().contains("'subPathPattern'")
                && deep.getMessage().contains("/a/b/c/team-a/data") && deep.getMessage().contains("4"), deep.getMessage());
    }

    @Test
    void aPathOfExactly100CharactersIsKeptAsItIs() {
        String name = "n".repeat(99);
        assertEquals("/" + name, settings(name, Requests.METADATA).rootDirectory());
        String base = "/" + "b".repeat(50);
        String pvc = "p".repeat(100 - base.length() - 1 - 37);
        assertEquals(base + "/" + pvc + "-" + FIXED, settings("pvc-1", metadata(pvc, "ns"), "basePath", base,
                "subPathPattern", "${.PVC.name}").rootDirectory());
    }

    @Test
    void aLastDirectoryTooLongForEfsIsShortenedWithAHashOfItsName() {
        // A StatefulSet's claim in a namespace, as the official driver refuses it (issue #1187).
        String pvc = "alertmanager-kube-prometheus-stack-alertmanager-db-alertmanager-kube-prometheus-stack-alertmanager-0";
        String[] parameters = {"basePath", "/dynamic_provisioning", "subPathPattern", "${.PVC.namespace}/${.PVC.name}"};
        String root = settings("pvc-1", metadata(pvc, "monitoring"), parameters).rootDirectory();
        String hash = VolumeParameters.sha256(pvc).substring(0, 16);
        assertEquals("/dynamic_provisioning/monitoring/alertmanager-" + hash + "-" + FIXED, root,
                "the start of the name, its hash, then ensureUniqueDirectory's uuid, in 100 characters but for the '-' left out");

        String[] shared = {"basePath", "/dynamic_provisioning", "subPathPattern", "${.PVC.namespace}/${.PVC.name}",
            "ensureUniqueDirectory", "false"};
        String first = settings("pvc-1", metadata(pvc, "monitoring"), shared).rootDirectory();
        assertEquals(100, first.length(), first);
        assertEquals("/dynamic_provisioning/monitoring/" + pvc.substring(0, 100 - 33 - 17) + "-" + hash, first);
        assertEquals(first, settings("pvc-2", metadata(pvc, "monitoring"), shared).rootDirectory(),
                "the same name gives the same directory, whichever volume asks");
        String sibling = settings("pvc-3", metadata(pvc.replace("-0", "-1"), "monitoring"), shared).rootDirectory();
        assertNotEquals(first, sibling, "names differing only past the cut give different directories");
        assertEquals(first.substring(0, 50), sibling.substring(0, 50), "both keep the start of their name");
    }

    @Test
    void aLongVolumeNameIsShortenedToo() {
        String name = "volume-" + "x".repeat(121);
        String root = settings(name, Requests.METADATA, "basePath", "/k8s").rootDirectory();
        assertEquals(100, root.length(), root);
        assertEquals("/k8s/" + name.substring(0, 100 - 5 - 17) + "-" + VolumeParameters.sha256(name).substring(0, 16), root);
    }

    @Test
    void whatCannotBeShortenedToFitIsInvalidNamingTheParameter() {
        // basePath alone leaves less than the hash and the uuid.
        assertInvalid("'basePath'", () -> settings("pvc-1", Requests.METADATA, "basePath", "/" + "a".repeat(60),
                "subPathPattern", "${.PVC.name}"));
        assertInvalid("'basePath'", () -> settings("v".repeat(100), Requests.METADATA, "basePath", "/" + "a".repeat(85)));
        // basePath is short; the namespace directory of the pattern takes the room.
        CsiException pattern = assertThrows(CsiException.class, () -> settings("pvc-1", metadata("p".repeat(60), "n".repeat(63)),
                "basePath", "/dyn", "subPathPattern", "${.PVC.namespace}/${.PVC.name}"));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, pattern.code());
        assertTrue(pattern.getMessage().startsWith("parameter 'subPathPattern'") && pattern.getMessage().contains("ensureUniqueDirectory"),
                pattern.getMessage());
        // Without the uuid it fits.
        String fits = settings("pvc-1", metadata("p".repeat(60), "n".repeat(63)), "basePath", "/dyn",
                "subPathPattern", "${.PVC.namespace}/${.PVC.name}", "ensureUniqueDirectory", "false").rootDirectory();
        assertEquals(100, fits.length(), fits);
    }

    @Test
    void directoryNamesEfsRefusesAreInvalidNamingTheParameter() {
        assertInvalid("'subPathPattern'", () -> settings("pvc-1", Requests.METADATA, "subPathPattern", "what?/${.PVC.name}"));
        assertInvalid("'subPathPattern'", () -> settings("pvc-1", Requests.METADATA, "subPathPattern", ".hidden/${.PVC.name}"));
        assertInvalid("'basePath'", () -> settings("pvc-1", Requests.METADATA, "basePath", "/a&b"));
        assertInvalid("'basePath'", () -> settings("pvc-1", Requests.METADATA, "basePath", "/.snapshot"));
        assertInvalid("'name'", () -> settings("pvc|1", Requests.METADATA));
        assertEquals("/a.b/x-y_z/pvc-1", settings("pvc-1", Requests.METADATA, "basePath", "a.b/./x-y_z/").rootDirectory());
    }

    private static CreationMetadata metadata(String pvcName, String namespace) {
        return new CreationMetadata(pvcName, namespace, "pv-" + pvcName.length());
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
