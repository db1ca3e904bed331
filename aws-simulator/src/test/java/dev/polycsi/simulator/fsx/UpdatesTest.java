package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DataCompressionType;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.Status;

/**
 * UpdateFileSystem: a capacity increase walks FILE_SYSTEM_UPDATE and STORAGE_OPTIMIZATION through
 * their states; throughput and metadata changes are {@link PerformanceUpdatesTest}'s.
 */
class UpdatesTest extends AbstractFsxTest {

    private String id;

    @BeforeEach
    void start() {
        id = fixture.createPersistent("grown").fileSystemId();
        fixture.knobs().set("delay.fsx.filesystem.pending", "1m");
        fixture.knobs().set("delay.fsx.filesystem.updating", "10m");
        fixture.knobs().set("delay.fsx.filesystem.optimizing", "2h");
    }

    @Test
    void aCapacityIncreaseGoesPendingInProgressUpdatedOptimizingCompleted() {
        FileSystem answered = fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(4800)).fileSystem();
        assertEquals(Status.PENDING, update(answered).status());
        assertEquals(4800, update(answered).targetFileSystemValues().storageCapacity());
        assertEquals(Status.PENDING, optimization(answered).orElseThrow().status());
        assertEquals(FileSystemLifecycle.AVAILABLE, answered.lifecycle());
        assertEquals(1200, answered.storageCapacity());

        fixture.clock.advance(Duration.ofMinutes(1));
        FileSystem inProgress = fixture.describe(id);
        assertEquals(Status.IN_PROGRESS, update(inProgress).status());
        assertEquals(FileSystemLifecycle.UPDATING, inProgress.lifecycle());
        assertEquals(1200, inProgress.storageCapacity());

        fixture.clock.advance(Duration.ofMinutes(10));
        FileSystem optimizing = fixture.describe(id);
        assertEquals(Status.UPDATED_OPTIMIZING, update(optimizing).status());
        assertEquals(Status.IN_PROGRESS, optimization(optimizing).orElseThrow().status());
        assertEquals(0, optimization(optimizing).orElseThrow().progressPercent());
        assertEquals(FileSystemLifecycle.AVAILABLE, optimizing.lifecycle());
        assertEquals(4800, optimizing.storageCapacity());

        fixture.clock.advance(Duration.ofHours(1));
        assertEquals(50, optimization(fixture.describe(id)).orElseThrow().progressPercent());

        fixture.clock.advance(Duration.ofHours(1));
        FileSystem completed = fixture.describe(id);
        assertEquals(Status.COMPLETED, update(completed).status());
        assertEquals(Optional.empty(), optimization(completed));
        assertEquals(4800, completed.storageCapacity());
    }

    @Test
    void anIncreaseWhileAnotherIsInProgressIsTheBadRequestDriversMatch() {
        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(2400));
        fixture.clock.advance(Duration.ofMinutes(11));
        assertEquals(Status.UPDATED_OPTIMIZING, update(fixture.describe(id)).status());

        BadRequestException e = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(4800)));

        assertEquals("Unable to perform the storage capacity update. There is an update already in progress.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void anotherIncreaseWaitsForTheCooldownAfterTheLastRequest() {
        fixture.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(2400));
        fixture.clock.advance(Duration.ofHours(3));
        assertEquals(Status.COMPLETED, update(fixture.describe(id)).status());

        BadRequestException early = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(4800)));
        assertTrue(early.getMessage().contains("PT6H"), early.getMessage());

        fixture.clock.advance(Duration.ofHours(3));
        FileSystem again = fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(4800)).fileSystem();
        assertEquals(List.of(4800, 2400), again.administrativeActions().stream()
                .filter(a -> a.administrativeActionType() == AdministrativeActionType.FILE_SYSTEM_UPDATE)
                .map(a -> a.targetFileSystemValues().storageCapacity()).toList(), "newest first");
    }

    @Test
    void capacityOnlyGrowsByTheTypesIncrementAndScratch1NotAtAll() {
        assertMessage("must be greater than the current", () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(1200)));
        assertMessage("multiple of 2400", () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(3600)));
        String scratch1 = fixture.create("scratch-1", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_1)))
                .fileSystemId();
        assertMessage("SCRATCH_1", () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(scratch1).storageCapacity(2400)));
    }

    @Test
    void aFileSystemThatIsNotAvailableCannotBeUpdated() {
        fixture.knobs().set("delay.fsx.filesystem.available", "5m");
        String creating = fixture.createPersistent("young").fileSystemId();

        assertMessage("Cannot update file system " + creating + " while in CREATING state.",
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(creating).storageCapacity(2400)));
    }

    @Test
    void settingsChangeAtOnceAndUnsimulatedOnesAreRefused() {
        FileSystem updated = fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).lustreConfiguration(l -> l
                .weeklyMaintenanceStartTime("3:04:30").automaticBackupRetentionDays(14).dailyAutomaticBackupStartTime("01:30")
                .dataCompressionType(DataCompressionType.LZ4))).fileSystem();

        assertEquals("3:04:30", updated.lustreConfiguration().weeklyMaintenanceStartTime());
        assertEquals(14, updated.lustreConfiguration().automaticBackupRetentionDays());
        assertEquals("01:30", updated.lustreConfiguration().dailyAutomaticBackupStartTime());
        assertEquals(DataCompressionType.LZ4, fixture.describe(id).lustreConfiguration().dataCompressionType());
        assertEquals(List.of(), updated.administrativeActions());
        assertMessage("does not simulate updating LustreConfiguration.LogConfiguration",
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).lustreConfiguration(l -> l.logConfiguration(c -> c.level("WARN_ONLY")))));
    }

    @Test
    void updatingAFileSystemThatDoesNotExistIsFileSystemNotFound() {
        assertThrows(software.amazon.awssdk.services.fsx.model.FileSystemNotFoundException.class,
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId("fs-00000000000000000").storageCapacity(2400)));
    }

    private static AdministrativeAction update(FileSystem fs) {
        return fs.administrativeActions().stream().filter(a -> a.administrativeActionType() == AdministrativeActionType.FILE_SYSTEM_UPDATE)
                .findFirst().orElseThrow();
    }

    private static Optional<AdministrativeAction> optimization(FileSystem fs) {
        return fs.administrativeActions().stream().filter(a -> a.administrativeActionType() == AdministrativeActionType.STORAGE_OPTIMIZATION)
                .findFirst();
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        BadRequestException e = assertThrows(BadRequestException.class, call);
        assertTrue(e.awsErrorDetails().errorMessage().contains(part), e.awsErrorDetails().errorMessage());
    }
}
