package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Which directory a node's {@code mount -t nfs <SVM DNS name or address>:/<junction path>} of an ONTAP volume stands for. */
class OntapMountsTest extends AbstractFsxTest {

    private static final List<String> OPTIONS = List.of("nfsvers=4.1", "hard");

    private NetworkMountResolver mounts;
    private String volumeId;
    private Path directory;

    @BeforeEach
    void start() {
        mounts = fixture.mounts();
        volumeId = fixture.createVolume("data", "data").volumeId();
        directory = fixture.fileSystemDirectory(volumeId);
    }

    @Test
    void aVolumeIsItsDirectoryBySvmNameOrAddressAndASubdirectoryMountIsInsideIt() throws IOException {
        Files.createDirectories(directory.resolve("team/data"));

        assertEquals(Optional.of(directory), mounts.resolve(FsxFixture.nfsSource("/data"), "nfs", OPTIONS));
        assertEquals(Optional.of(directory), mounts.resolve(OntapSeed.SVM_NFS_IP + ":/data/", "nfs4", List.of()));
        assertEquals(Optional.of(directory.resolve("team/data")), mounts.resolve(FsxFixture.nfsSource("/data/team/data"), "nfs4", List.of("ro")));
        assertEquals(Optional.of(directory.resolve("team")), mounts.resolve(OntapSeed.SVM_NFS_IP + ":/data/team/../team", "nfs", OPTIONS));
    }

    @Test
    void theVolumeWithTheLongestJunctionPathPrefixServesThePath() throws IOException {
        String archive = fixture.createVolume("archive", "archive", o -> o.junctionPath("/data/archive")).volumeId();
        String similar = fixture.createVolume("similar", "similar", o -> o.junctionPath("/database")).volumeId();
        Files.createDirectories(fixture.fileSystemDirectory(archive).resolve("2024"));
        Files.createDirectories(directory.resolve("current"));

        assertEquals(Optional.of(fixture.fileSystemDirectory(archive).resolve("2024")),
                mounts.resolve(FsxFixture.nfsSource("/data/archive/2024"), "nfs", OPTIONS));
        assertEquals(Optional.of(directory.resolve("current")), mounts.resolve(FsxFixture.nfsSource("/data/current"), "nfs", OPTIONS));
        assertEquals(Optional.of(fixture.fileSystemDirectory(similar)), mounts.resolve(FsxFixture.nfsSource("/database"), "nfs", OPTIONS));
    }

    @Test
    void aVolumeMountsOnlyOnceCreatedAndNotWhenFailedOrDeleting() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        String young = fixture.createVolume("young", "young").volumeId();
        fixture.knobs().set("fail.fsx.volume.create", "broken");
        fixture.createVolume("failed", "failed");
        fixture.knobs().reset();
        fixture.knobs().set("delay.fsx.volume.deleting", "1m");
        fixture.fsx.deleteVolume(r -> r.volumeId(volumeId).ontapConfiguration(o -> o.skipFinalBackup(true)));

        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(FsxFixture.nfsSource("/young"), "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(FsxFixture.nfsSource("/data"), "nfs", OPTIONS));
        fixture.clock.advance(Duration.ofMinutes(1));
        assertCode(CsiException.Code.FAILED_PRECONDITION, () -> mounts.resolve(FsxFixture.nfsSource("/failed"), "nfs", OPTIONS));
        assertEquals(Optional.of(fixture.fileSystemDirectory(young)), mounts.resolve(FsxFixture.nfsSource("/young"), "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(FsxFixture.nfsSource("/data"), "nfs", OPTIONS));
    }

    @Test
    void unknownSvmsRegionsJunctionPathsAndSubdirectoriesAreNotFound() {
        String otherSvm = "svm-00000000000000000.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com:/data";
        String otherFileSystem = "svm-0123456789abcdef0.fs-00000000000000000.fsx.us-east-1.amazonaws.com:/data";

        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(otherSvm, "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(otherFileSystem, "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(OntapSeed.nfsSource("eu-west-1", "/data"), "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(FsxFixture.nfsSource("/nothing"), "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(FsxFixture.nfsSource("/"), "nfs", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(FsxFixture.nfsSource("/data/missing"), "nfs", OPTIONS));
    }

    @Test
    void malformedSourcesAndPathsLeavingTheVolumeAreInvalid() throws IOException {
        Files.createSymbolicLink(directory.resolve("escape"), dataDir);

        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(OntapSeed.svmDnsName("us-east-1"), "nfs", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(OntapSeed.svmDnsName("us-east-1") + ":data", "nfs", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(FsxFixture.nfsSource("/data/../.."), "nfs", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(FsxFixture.nfsSource("/data/escape"), "nfs", OPTIONS));
    }

    @Test
    void otherTypesAndServersAreLeftToOtherResolvers() {
        assertEquals(Optional.empty(), mounts.resolve(FsxFixture.nfsSource("/data"), "cifs", OPTIONS));
        assertEquals(Optional.empty(), mounts.resolve("10.0.1.5:/data", "nfs", OPTIONS));
        assertEquals(Optional.empty(), mounts.resolve(OntapSeed.SVM_ISCSI_IPS.getFirst() + ":/data", "nfs", OPTIONS));
        assertEquals(Optional.empty(), mounts.resolve("fs-0123456789abcdef0.efs.us-east-1.amazonaws.com:/", "nfs4", OPTIONS));
    }

    @Test
    void aRestoredVolumeHasItsBackupsDataWhenMountedEvenBeforeAnyCall() throws IOException {
        Files.writeString(directory.resolve("model.txt"), "epoch 1");
        String backupId = fixture.createBackup("snap", volumeId).backupId();
        fixture.knobs().set("delay.fsx.volume.restored", "10m");
        String restored = fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId).name("restored")
                .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))).volume().volumeId();
        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(FsxFixture.nfsSource("/restored"), "nfs", OPTIONS));

        fixture.clock.advance(Duration.ofMinutes(10));

        Path mounted = mounts.resolve(FsxFixture.nfsSource("/restored"), "nfs", OPTIONS).orElseThrow();
        assertEquals(fixture.fileSystemDirectory(restored), mounted);
        assertEquals("epoch 1", Files.readString(mounted.resolve("model.txt")));
    }

    @Test
    void besideEfsTheSimulatorsMountsServeBothNfsServers(@TempDir Path otherData) throws IOException {
        ManualClock clock = new ManualClock();
        try (AwsSimulator both = AwsSimulator.start(SimulatorConfig.defaults(otherData), new Knobs(), BlockStorage.NONE,
                List.of(EfsService::new, FsxService::new), clock)) {
            NetworkMountResolver nodeMounts = both.networkMounts();

            assertEquals(Optional.of(otherData.resolve("efs/fs-0123456789abcdef0")),
                    nodeMounts.resolve("fs-0123456789abcdef0.efs.us-east-1.amazonaws.com:/", "nfs4", OPTIONS));
            assertCode(CsiException.Code.NOT_FOUND, () -> nodeMounts.resolve(FsxFixture.nfsSource("/data"), "nfs4", OPTIONS));
            assertTrue(Files.isDirectory(otherData.resolve("efs/fs-0123456789abcdef0")));
        }
    }

    private static void assertCode(CsiException.Code code, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
