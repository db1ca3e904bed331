package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.state.StateFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.IncompatibleParameterErrorException;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.Status;

/** A simulator started on the state directory of one that stopped finds its FSx file systems, actions and tokens as they were. */
class FsxStateFileTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    private Path stateDir() {
        return dataDir.resolve("state");
    }

    private FsxFixture start() {
        return FsxFixture.start(SimulatorConfig.defaults(dataDir).withStateDir(stateDir()), FsxState.FILE_SYSTEMS_PER_ACCOUNT, clock);
    }

    @Test
    void fileSystemsTagsActionsAndTokensSurviveARestart() throws IOException {
        List<FileSystem> before;
        String persistent;
        try (FsxFixture fixture = start()) {
            fixture.knobs().set("delay.fsx.filesystem.optimizing", "1h");
            fixture.create("scratch", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))
                    .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://bucket-one/prefix")));
            persistent = fixture.create("persistent", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2)
                    .perUnitStorageThroughput(250).metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000))
                    .automaticBackupRetentionDays(3).rootSquashConfiguration(s -> s.rootSquash("65534:65534").noSquashNids("10.0.1.6@tcp"))
                    .logConfiguration(c -> c.level("WARN_ERROR")))).fileSystemId();
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(persistent).storageCapacity(2400));
            Files.writeString(fixture.fileSystemDirectory(persistent).resolve("kept.txt"), "data");
            before = fixture.fsx.describeFileSystems().fileSystems();
        }

        try (FsxFixture fixture = start()) {
            assertEquals(before, fixture.fsx.describeFileSystems().fileSystems());
            assertEquals(before.getFirst().fileSystemId(), fixture.create("scratch", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))
                    .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://bucket-one/prefix")))
                    .fileSystemId(), "the token is remembered");
            assertThrows(IncompatibleParameterErrorException.class, () -> fixture.create("persistent"));
            assertEquals("data", Files.readString(fixture.fileSystemDirectory(persistent).resolve("kept.txt")));
            String added = fixture.create("third").fileSystemId();
            assertEquals(added, fixture.fsx.describeFileSystems().fileSystems().getLast().fileSystemId(), "new ones list after the restored");
        }
    }

    @Test
    void transitionsThatEndedWhileStoppedHaveEndedAfterTheRestart() {
        String creating;
        String optimizing;
        String deleting;
        try (FsxFixture fixture = start()) {
            optimizing = fixture.createPersistent("grown").fileSystemId();
            fixture.knobs().set("delay.fsx.filesystem.optimizing", "2h");
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(optimizing).storageCapacity(2400));
            deleting = fixture.create("doomed").fileSystemId();
            fixture.knobs().set("delay.fsx.filesystem.deleting", "10m");
            fixture.fsx.deleteFileSystem(r -> r.fileSystemId(deleting));
            fixture.knobs().set("delay.fsx.filesystem.available", "10m");
            creating = fixture.create("young").fileSystemId();
            assertEquals(Status.UPDATED_OPTIMIZING, fixture.describe(optimizing).administrativeActions().getFirst().status());
        }
        clock.advance(Duration.ofHours(3));

        try (FsxFixture fixture = start()) {
            assertEquals(FileSystemLifecycle.AVAILABLE, fixture.describe(creating).lifecycle());
            assertEquals(Status.COMPLETED, fixture.describe(optimizing).administrativeActions().getFirst().status());
            assertEquals(List.of(optimizing, creating), fixture.fsx.describeFileSystems().fileSystems().stream().map(FileSystem::fileSystemId).toList());
        }
    }

    @Test
    void aCorruptStateFileStopsTheStartNamingTheFileAndTheMember() throws IOException {
        Files.createDirectories(stateDir());
        Path file = stateDir().resolve(FsxStateFile.NAME);
        Files.writeString(file, "{\"version\": 1, \"sequence\": 1, \"clientTokens\": [], \"fileSystems\": [{\"id\": \"fs-0123456789abcdef0\"}]}");

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("fileSystems[0]"), refused.getMessage());
    }
}
