package dev.polycsi.efs.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.efs.cloud.AccessPoint;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.Requests;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller against the simulated EFS API, through the real SDK client. */
class EfsControllerTest {

    static final String FS = Requests.FILE_SYSTEM;
    static final ControllerOptions OPTIONS = new ControllerOptions(Map.of("team", "storage"), false);

    @TempDir
    Path dir;
    SimulatedEfs efs;
    final List<SdkEfsCloud> clouds = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        efs = new SimulatedEfs(dir.resolve("sim"));
    }

    @AfterEach
    void stop() {
        clouds.forEach(SdkEfsCloud::close);
        efs.close();
    }

    private SdkEfsCloud cloud() {
        SdkEfsCloud cloud = efs.cloud();
        clouds.add(cloud);
        return cloud;
    }

    /** A controller as after a restart: its own client, nothing in memory. */
    private EfsController controller(ControllerOptions options) {
        return new EfsController(cloud(), options, new RootDirectoryRemover(null, dir.resolve("scratch")));
    }

    private AccessPoint accessPointOf(Volume volume) {
        String id = EfsVolumeId.parse(volume.id()).accessPointId().orElseThrow();
        return cloud().accessPoint(id).orElseThrow();
    }

    private static CsiException.Code codeOf(Runnable action) {
        return assertThrows(CsiException.class, action::run).code();
    }

    @Test
    void createsAnAccessPointAsTheParametersSay() {
        Volume volume = controller(OPTIONS).createVolume(Requests.create("pvc-1", 5L << 30, Requests.METADATA,
                "basePath", "/dyn", "directoryPerms", "0750", "gidRangeStart", "1000", "gidRangeEnd", "2000"));
        assertTrue(volume.id().startsWith(FS + "::fsap-"), volume.id());
        assertEquals(5L << 30, volume.capacityBytes(), "EFS has no capacity: the request's is echoed");
        AccessPoint ap = accessPointOf(volume);
        assertEquals("/dyn/pvc-1", ap.rootDirectory());
        assertEquals(Optional.of(1000L), ap.uid());
        assertEquals(Optional.of(1000L), ap.gid());
        assertEquals(Optional.of(1000L), ap.ownerGid());
        assertEquals(Optional.of("0750"), ap.permissions());
        assertEquals("pvc-1", ap.clientToken());
        assertEquals("true", ap.tags().get(EfsController.CLUSTER_TAG));
        assertEquals("storage", ap.tags().get("team"));
        assertEquals(Long.toString(5L << 30), ap.tags().get(EfsController.CAPACITY_TAG));
    }

    @Test
    void createIsIdempotentAndRefusesAnotherSizeOrOwner() {
        EfsController controller = controller(OPTIONS);
        Volume first = controller.createVolume(Requests.create("pvc-1"));
        assertEquals(first, controller.createVolume(Requests.create("pvc-1")));
        assertEquals(first, controller(OPTIONS).createVolume(Requests.create("pvc-1")), "a restarted controller finds it too");
        assertEquals(CsiException.Code.ALREADY_EXISTS, codeOf(() -> controller.createVolume(Requests.create("pvc-1", 2L << 30, Requests.METADATA))));
        assertEquals(CsiException.Code.ALREADY_EXISTS, codeOf(() -> controller.createVolume(Requests.create("pvc-1", "gid", "7"))));
        assertEquals(CsiException.Code.ALREADY_EXISTS, codeOf(() -> controller.createVolume(Requests.create("pvc-1", "directoryPerms", "777"))));
        assertEquals(1, cloud().accessPoints(FS).size());
    }

    @Test
    void aClaimWhoseDirectoryWouldPassEfsLimitStillProvisionsInAShortenedDirectory() {
        String pvc = "data-" + "very-long-statefulset-name-".repeat(4) + "0";
        String[] parameters = {"basePath", "/dynamic_provisioning", "subPathPattern", "${.PVC.namespace}/${.PVC.name}",
            "ensureUniqueDirectory", "false"};
        EfsController controller = controller(OPTIONS);
        Volume volume = controller.createVolume(Requests.create("pvc-1", 1L << 30, new CreationMetadata(pvc, "databases", "pvc-1"),
                parameters));
        String root = accessPointOf(volume).rootDirectory();
        assertEquals(100, root.length(), root);
        assertTrue(root.startsWith("/dynamic_provisioning/databases/data-very-long-statefulset-name-"), root);
        assertTrue(root.endsWith("-" + dev.polycsi.efs.params.VolumeParameters.sha256(pvc).substring(0, 16)), root);

        assertEquals(volume, controller(OPTIONS).createVolume(Requests.create("pvc-1", 1L << 30,
                new CreationMetadata(pvc, "databases", "pvc-1"), parameters)), "a retry finds the same access point");
        Volume sameClaim = controller.createVolume(Requests.create("pvc-2", 1L << 30, new CreationMetadata(pvc, "databases", "pvc-2"),
                parameters));
        assertEquals(root, accessPointOf(sameClaim).rootDirectory(), "ensureUniqueDirectory=false: the same claim, the same directory");
        Volume sibling = controller.createVolume(Requests.create("pvc-3", 1L << 30,
                new CreationMetadata(pvc.replace("-0", "-1"), "databases", "pvc-3"), parameters));
        assertNotEquals(root, accessPointOf(sibling).rootDirectory(), "another claim, another directory");
    }

    @Test
    void aRootDirectoryEfsRefusesIsInvalidArgumentWithEfsMessage() {
        CsiException e = assertThrows(CsiException.class, () -> cloud().createAccessPoint(new dev.polycsi.efs.cloud.NewAccessPoint(
                FS, "too-long", 1000, 1000, "/" + "a".repeat(100), "0700", Map.of())));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("rootDirectory.path") && e.getMessage().contains("100"), e.getMessage());
        assertEquals(List.of(), cloud().accessPoints(FS));
    }

    @Test
    void accessPointAlreadyExistsIsResolvedByLookingThePointUp() {
        // uid and gid given: no listing, so the second CreateAccessPoint meets the token
        Volume first = controller(OPTIONS).createVolume(Requests.create("pvc-1", "uid", "10", "gid", "20"));
        Volume again = controller(OPTIONS).createVolume(Requests.create("pvc-1", "uid", "10", "gid", "20"));
        assertEquals(first.id(), again.id());
        assertEquals(1, cloud().accessPoints(FS).size());
    }

    @Test
    void gidsInUseComeFromTheFileSystemSoRestartsDoNotReuseThem() {
        Volume a = controller(OPTIONS).createVolume(Requests.create("pvc-a"));
        Volume b = controller(OPTIONS).createVolume(Requests.create("pvc-b"));
        Volume c = controller(OPTIONS).createVolume(Requests.create("pvc-c", "uid", "50003"));
        assertEquals(Optional.of(50000L), accessPointOf(a).gid());
        assertEquals(Optional.of(50001L), accessPointOf(b).gid());
        assertEquals(Optional.of(50002L), accessPointOf(c).gid(), "the allocated gid skips ids in use");
        EfsController restarted = controller(OPTIONS);
        restarted.deleteVolume(new DeleteVolumeRequest(a.id(), Secrets.none(), Deadline.NONE));
        assertEquals(Optional.of(50000L), accessPointOf(restarted.createVolume(Requests.create("pvc-d"))).gid(), "a freed gid is used again");
        assertEquals(Optional.of(50004L), accessPointOf(restarted.createVolume(Requests.create("pvc-e"))).gid(),
                "50003 is the uid of pvc-c");
    }

    @Test
    void concurrentCreatesNeverShareAGid() throws Exception {
        EfsController controller = controller(OPTIONS);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Volume>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "pvc-" + i;
                futures.add(pool.submit((Callable<Volume>) () -> controller.createVolume(Requests.create(name))));
            }
            Set<Long> gids = new HashSet<>();
            for (Future<Volume> f : futures) {
                assertTrue(gids.add(accessPointOf(f.get()).gid().orElseThrow()), "a gid was handed out twice: " + gids);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void gidsCreatedMomentsAgoAreNotReusedWhileListingsLag() throws InterruptedException {
        efs.simulator.knobs().set("consistency", "1s");
        EfsController controller = controller(OPTIONS);
        controller.createVolume(Requests.create("pvc-a", "gidRangeStart", "100", "gidRangeEnd", "200"));
        Volume b = controller.createVolume(Requests.create("pvc-b", "gidRangeStart", "100", "gidRangeEnd", "200"));
        Thread.sleep(1200);
        assertEquals(Optional.of(101L), accessPointOf(b).gid());
    }

    @Test
    void anExhaustedRangeIsResourceExhausted() {
        EfsController controller = controller(OPTIONS);
        controller.createVolume(Requests.create("pvc-a", "gidRangeStart", "100", "gidRangeEnd", "101"));
        controller.createVolume(Requests.create("pvc-b", "gidRangeStart", "100", "gidRangeEnd", "101"));
        assertEquals(CsiException.Code.RESOURCE_EXHAUSTED,
                codeOf(() -> controller.createVolume(Requests.create("pvc-c", "gidRangeStart", "100", "gidRangeEnd", "101"))));
    }

    @Test
    void reuseAccessPointTakesThePointOfTheSamePvc() {
        Volume first = controller(OPTIONS).createVolume(Requests.create("pv-1", "reuseAccessPoint", "true"));
        Volume second = controller(OPTIONS).createVolume(Requests.create("pv-2", "reuseAccessPoint", "true"));
        assertEquals(first.id(), second.id());
        Volume other = controller(OPTIONS).createVolume(Requests.create("pv-3", 1L << 30, new CreationMetadata("other", "ns", "pv-3"),
                "reuseAccessPoint", "true"));
        assertNotEquals(first.id(), other.id());
    }

    @Test
    void aMissingFileSystemIsInvalidArgumentNamingTheKey() {
        for (String[] extra : List.of(new String[] {"fileSystemId", "fs-99999999999999999"},
                new String[] {"fileSystemId", "fs-99999999999999999", "uid", "1", "gid", "1"})) {
            CsiException e = assertThrows(CsiException.class, () -> controller(OPTIONS).createVolume(Requests.create("pvc-1", extra)));
            assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("fileSystemId"), e.getMessage());
        }
    }

    @Test
    void zoneParametersUseTheMountTargets() {
        String zone = efs.config.instanceZone();
        Volume pinned = controller(OPTIONS).createVolume(Requests.create("pvc-1", "az", zone, "enforceZoneAffinity", "true"));
        assertTrue(pinned.context().get("mounttargetip").matches("[0-9.]+"), pinned.context().toString());
        assertEquals(List.of(Topology.zone(zone)), pinned.accessible());
        Volume everywhere = controller(OPTIONS).createVolume(Requests.create("pvc-2", "enforceZoneAffinity", "true"));
        assertEquals(efs.config.zones().size(), everywhere.accessible().size());
        assertTrue(controller(OPTIONS).createVolume(Requests.create("pvc-3")).accessible().isEmpty());
        CsiException e = assertThrows(CsiException.class, () -> controller(OPTIONS).createVolume(Requests.create("pvc-4", "az", "eu-west-9z")));
        assertTrue(e.getMessage().contains("'az'"), e.getMessage());
    }

    @Test
    void taggingCanBeTurnedOff() {
        AccessPoint ap = accessPointOf(controller(OPTIONS).createVolume(Requests.create("pvc-1", "enableTagging", "false")));
        assertTrue(ap.tags().isEmpty(), ap.tags().toString());
    }

    @Test
    void deleteRemovesTheAccessPointOnceAndLeavesStaticVolumesAlone() {
        EfsController controller = controller(OPTIONS);
        Volume volume = controller.createVolume(Requests.create("pvc-1"));
        assertTrue(controller.findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)).isPresent());
        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));
        assertTrue(cloud().accessPoints(FS).isEmpty());
        assertFalse(controller.findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)).isPresent());
        controller.deleteVolume(new DeleteVolumeRequest(FS, Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(FS + ":/data", Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest("does-not-exist", Secrets.none(), Deadline.NONE));
        assertTrue(controller.findVolume(new GetVolumeRequest(FS, Deadline.NONE)).isPresent());
        assertTrue(controller.findVolume(new GetVolumeRequest(FS + ":/anything", Deadline.NONE)).isPresent());
        assertFalse(controller.findVolume(new GetVolumeRequest("fs-99999999999999999", Deadline.NONE)).isPresent());
        assertFalse(controller.findVolume(new GetVolumeRequest("fs-99999999999999999::fsap-0123456789abcdef0", Deadline.NONE)).isPresent());
        assertFalse(controller.findVolume(new GetVolumeRequest("does-not-exist", Deadline.NONE)).isPresent());
    }
}
