package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DriveCacheType;
import software.amazon.awssdk.services.fsx.model.FSxException;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.FileSystemLustreMetadataConfiguration;
import software.amazon.awssdk.services.fsx.model.InvalidPerUnitStorageThroughputException;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.Status;
import software.amazon.awssdk.services.fsx.model.StorageType;
import software.amazon.awssdk.services.fsx.model.UnsupportedOperationException;
import software.amazon.awssdk.services.fsx.model.UpdateFileSystemLustreConfiguration;

/**
 * UpdateFileSystem of a Lustre file system's throughput tier and metadata configuration: one
 * FILE_SYSTEM_UPDATE each (the Lustre guide, "Monitoring throughput capacity changes",
 * "Monitoring metadata configuration updates"), FSx's rules and the error codes the simulator
 * gives for them.
 */
class PerformanceUpdatesTest extends AbstractFsxTest {

    @BeforeEach
    void start() {
        fixture.knobs().set("delay.fsx.filesystem.pending", "1m");
        fixture.knobs().set("delay.fsx.filesystem.updating", "10m");
        fixture.knobs().set("delay.fsx.filesystem.optimizing", "2h");
    }

    @Test
    void aThroughputChangeIsPendingThenUpdatingThenCompletedWithTheNewTier() {
        String id = fixture.createPersistent("tier").fileSystemId();

        FileSystem answered = update(id, l -> l.perUnitStorageThroughput(250));
        AdministrativeAction pending = action(answered);
        assertEquals(Status.PENDING, pending.status());
        assertEquals(250, pending.targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
        assertNull(pending.targetFileSystemValues().storageCapacity(), "the target names what changes only");
        assertNull(pending.targetFileSystemValues().lustreConfiguration().metadataConfiguration());
        assertEquals(fixture.clock.instant(), pending.requestTime());
        assertEquals(1, answered.administrativeActions().size(), "no STORAGE_OPTIMIZATION for a throughput change");
        assertEquals(125, answered.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(FileSystemLifecycle.AVAILABLE, answered.lifecycle());

        fixture.clock.advance(Duration.ofMinutes(1));
        FileSystem switching = fixture.describe(id);
        assertEquals(Status.IN_PROGRESS, action(switching).status());
        assertEquals(FileSystemLifecycle.UPDATING, switching.lifecycle(), "FSx switches the file servers");
        assertEquals(125, switching.lustreConfiguration().perUnitStorageThroughput());

        fixture.clock.advance(Duration.ofMinutes(10));
        FileSystem completed = fixture.describe(id);
        assertEquals(Status.COMPLETED, action(completed).status());
        assertEquals(FileSystemLifecycle.AVAILABLE, completed.lifecycle());
        assertEquals(250, completed.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(1200, completed.storageCapacity());

        FileSystem down = update(id, l -> l.perUnitStorageThroughput(125));
        assertEquals(List.of(125, 250), down.administrativeActions().stream()
                .map(a -> a.targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput()).toList(), "down too; newest first");
    }

    @Test
    void aThroughputChangeIsUpdatedOptimizingAtTheNewTierForTheThroughputOptimizingKnob() {
        fixture.knobs().set("delay.fsx.filesystem.throughput-optimizing", "30m");
        String id = fixture.createPersistent("tier").fileSystemId();
        update(id, l -> l.perUnitStorageThroughput(500));

        fixture.clock.advance(Duration.ofMinutes(11));
        FileSystem optimizing = fixture.describe(id);
        assertEquals(Status.UPDATED_OPTIMIZING, action(optimizing).status());
        assertEquals(500, optimizing.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(FileSystemLifecycle.AVAILABLE, optimizing.lifecycle());
        assertEquals(1, optimizing.administrativeActions().size(), "FSx lists no optimization action of its own for Lustre throughput");
        assertMessage(BadRequestException.class, "There is an update already in progress.",
                () -> update(id, l -> l.perUnitStorageThroughput(1000)));

        fixture.clock.advance(Duration.ofMinutes(30));
        assertEquals(Status.COMPLETED, action(fixture.describe(id)).status());
    }

    @Test
    void aMetadataIopsIncreaseIsPendingThenUpdatingThenCompleted() {
        String id = withMetadata("metadata", MetadataConfigurationMode.USER_PROVISIONED, 3000);

        FileSystem answered = update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000)));
        AdministrativeAction pending = action(answered);
        assertEquals(Status.PENDING, pending.status());
        assertEquals(6000, pending.targetFileSystemValues().lustreConfiguration().metadataConfiguration().iops());
        assertEquals(MetadataConfigurationMode.USER_PROVISIONED, pending.targetFileSystemValues().lustreConfiguration().metadataConfiguration().mode());
        assertNull(pending.targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
        assertEquals(3000, metadata(answered).iops());

        fixture.clock.advance(Duration.ofMinutes(1));
        FileSystem scaling = fixture.describe(id);
        assertEquals(Status.IN_PROGRESS, action(scaling).status());
        assertEquals(FileSystemLifecycle.UPDATING, scaling.lifecycle());
        assertEquals(3000, metadata(scaling).iops());

        fixture.clock.advance(Duration.ofMinutes(10));
        FileSystem completed = fixture.describe(id);
        assertEquals(Status.COMPLETED, action(completed).status(), "no optimizing phase for metadata");
        assertEquals(6000, metadata(completed).iops());
        assertEquals(MetadataConfigurationMode.USER_PROVISIONED, metadata(completed).mode());
    }

    @Test
    void throughputAndMetadataInOneRequestAreOneUpdateOfBoth() {
        String id = withMetadata("both", MetadataConfigurationMode.AUTOMATIC, null);

        AdministrativeAction both = action(update(id, l -> l.perUnitStorageThroughput(1000)
                .metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(12000))));
        assertEquals(1000, both.targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
        assertEquals(12000, both.targetFileSystemValues().lustreConfiguration().metadataConfiguration().iops());

        fixture.clock.advance(Duration.ofMinutes(11));
        FileSystem completed = fixture.describe(id);
        assertEquals(1000, completed.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(12000, metadata(completed).iops());
    }

    @Test
    void theMetadataModeSwitchesOnlyWhereFsxAllowsIt() {
        fixture.knobs().set("delay.fsx.filesystem.pending", "0s");
        fixture.knobs().set("delay.fsx.filesystem.updating", "0s");
        String id = withMetadata("modes", MetadataConfigurationMode.AUTOMATIC, null);
        assertEquals(1500, metadata(fixture.describe(id)).iops(), "AUTOMATIC at 1200 GiB");

        assertMessage(BadRequestException.class, "Iops cannot be set in AUTOMATIC",
                () -> update(id, l -> l.metadataConfiguration(m -> m.iops(3000))));
        assertMessage(BadRequestException.class, "Iops is required in USER_PROVISIONED",
                () -> update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED))));
        update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(1500)));
        assertEquals(MetadataConfigurationMode.USER_PROVISIONED, metadata(fixture.describe(id)).mode());

        // back to AUTOMATIC while the IOPS are what AUTOMATIC gives: allowed, and the target names the mode only
        AdministrativeAction automatic = action(update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC))));
        assertEquals(MetadataConfigurationMode.AUTOMATIC, automatic.targetFileSystemValues().lustreConfiguration().metadataConfiguration().mode());
        assertNull(automatic.targetFileSystemValues().lustreConfiguration().metadataConfiguration().iops());
        assertEquals(MetadataConfigurationMode.AUTOMATIC, metadata(fixture.describe(id)).mode());

        update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(12000)));
        // IOPS without a mode raise a USER_PROVISIONED file system's
        update(id, l -> l.metadataConfiguration(m -> m.iops(24000)));
        assertEquals(24000, metadata(fixture.describe(id)).iops());
        assertMessage(BadRequestException.class, "downscaling Metadata IOPS is not supported",
                () -> update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC))));
        assertMessage(BadRequestException.class, "cannot be decreased",
                () -> update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(12000))));
        assertMessage(BadRequestException.class, "Metadata Iops 30000 is not valid",
                () -> update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(30000))));
    }

    @Test
    void fileSystemsWhoseThroughputFsxCannotChangeAreUnsupportedOperationAndOtherTiersInvalid() {
        String scratch = fixture.create("scratch").fileSystemId();
        assertMessage(UnsupportedOperationException.class, "SCRATCH_2", () -> update(scratch, l -> l.perUnitStorageThroughput(125)));
        String hdd = fixture.create("hdd", r -> r.storageType(StorageType.HDD).storageCapacity(6000).lustreConfiguration(l -> l
                .deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(12).driveCacheType(DriveCacheType.NONE)))
                .fileSystemId();
        assertMessage(UnsupportedOperationException.class, "HDD", () -> update(hdd, l -> l.perUnitStorageThroughput(40)));
        String efa = fixture.create("efa", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2)
                .perUnitStorageThroughput(1000).efaEnabled(true).metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC))))
                .fileSystemId();
        assertMessage(UnsupportedOperationException.class, "EFA-enabled", () -> update(efa, l -> l.perUnitStorageThroughput(500)));

        String persistent2 = fixture.createPersistent("p2").fileSystemId();
        assertMessage(InvalidPerUnitStorageThroughputException.class, "valid values are [125, 250, 500, 1000]",
                () -> update(persistent2, l -> l.perUnitStorageThroughput(200)));
        String persistent1 = fixture.create("p1", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1)
                .perUnitStorageThroughput(50))).fileSystemId();
        assertMessage(InvalidPerUnitStorageThroughputException.class, "valid values are [50, 100, 200]",
                () -> update(persistent1, l -> l.perUnitStorageThroughput(125)));
        assertEquals(200, action(update(persistent1, l -> l.perUnitStorageThroughput(200)))
                .targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
        assertEquals(List.of(), fixture.describe(persistent2).administrativeActions(), "a refused update leaves no action");
    }

    @Test
    void onlyAFileSystemCreatedWithAMetadataConfigurationChangesIt() {
        String persistent1 = fixture.create("p1", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1)
                .perUnitStorageThroughput(50))).fileSystemId();
        assertMessage(UnsupportedOperationException.class, "only on PERSISTENT_2", () -> update(persistent1,
                l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(3000))));
        String without = fixture.createPersistent("without").fileSystemId();
        assertMessage(UnsupportedOperationException.class, "created without a metadata configuration", () -> update(without,
                l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(3000))));
    }

    @Test
    void capacityGoesAloneAndMetadataNeverWithIt() {
        String id = withMetadata("alone", MetadataConfigurationMode.AUTOMATIC, null);

        assertMessage(BadRequestException.class, "cannot be scaled concurrently", () -> fixture.fsx.updateFileSystem(r -> r
                .fileSystemId(id).storageCapacity(2400)
                .lustreConfiguration(l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000)))));
        assertMessage(BadRequestException.class, "does not simulate updating StorageCapacity and LustreConfiguration.PerUnitStorageThroughput",
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(2400)
                        .lustreConfiguration(l -> l.perUnitStorageThroughput(250))));
    }

    @Test
    void noUpdateStartsWhileAnotherOfAnyKindIsInProgress() {
        String id = withMetadata("one-at-a-time", MetadataConfigurationMode.USER_PROVISIONED, 3000);
        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(2400));

        fixture.clock.advance(Duration.ofMinutes(11));
        assertEquals(Status.UPDATED_OPTIMIZING, action(fixture.describe(id)).status());
        assertMessage(BadRequestException.class, "Unable to perform the throughput capacity update. There is an update already in progress.",
                () -> update(id, l -> l.perUnitStorageThroughput(250)));
        assertMessage(BadRequestException.class, "Unable to perform the metadata configuration update. There is an update already in progress.",
                () -> update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000))));

        fixture.clock.advance(Duration.ofHours(2));
        update(id, l -> l.perUnitStorageThroughput(250));
        assertMessage(BadRequestException.class, "Unable to perform the storage capacity update. There is an update already in progress.",
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(4800)));
        fixture.clock.advance(Duration.ofMinutes(1));
        assertMessage(BadRequestException.class, "while in UPDATING state",
                () -> update(id, l -> l.weeklyMaintenanceStartTime("2:03:00")));
        fixture.clock.advance(Duration.ofMinutes(10));
        update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000)));
    }

    @Test
    void eachKindWaitsForTheCooldownAfterItsOwnLastRequest() {
        fixture.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        String id = withMetadata("cooldown", MetadataConfigurationMode.USER_PROVISIONED, 3000);
        update(id, l -> l.perUnitStorageThroughput(250));
        fixture.clock.advance(Duration.ofMinutes(11));

        FSxException early = assertMessage(BadRequestException.class, "The throughput capacity can be changed again PT6H after the last"
                + " change was requested", () -> update(id, l -> l.perUnitStorageThroughput(500)));
        assertTrue(early.awsErrorDetails().errorMessage().contains("Unable to perform the throughput capacity update."));
        update(id, l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000)));
        fixture.clock.advance(Duration.ofMinutes(11));
        assertMessage(BadRequestException.class, "Metadata performance can be increased again PT6H", () -> update(id,
                l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(12000))));

        fixture.clock.advance(Duration.ofHours(6));
        assertEquals(500, action(update(id, l -> l.perUnitStorageThroughput(500)))
                .targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
    }

    @Test
    void aFailedChangeEndsFailedWithItsMessageAndTheValuesUnchanged() {
        fixture.knobs().set("fail.fsx.filesystem.update", "The throughput capacity update failed: no capacity for the new file servers.");
        String id = withMetadata("failing", MetadataConfigurationMode.USER_PROVISIONED, 3000);
        update(id, l -> l.perUnitStorageThroughput(500).metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED)
                .iops(6000)));

        fixture.clock.advance(Duration.ofMinutes(11));
        FileSystem after = fixture.describe(id);
        AdministrativeAction failed = action(after);
        assertEquals(Status.FAILED, failed.status());
        assertEquals("The throughput capacity update failed: no capacity for the new file servers.", failed.failureDetails().message());
        assertEquals(500, failed.targetFileSystemValues().lustreConfiguration().perUnitStorageThroughput());
        assertEquals(125, after.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(3000, metadata(after).iops());
        assertEquals(FileSystemLifecycle.AVAILABLE, after.lifecycle());

        fixture.knobs().reset();
        update(id, l -> l.perUnitStorageThroughput(500));
        assertEquals(500, fixture.describe(id).lustreConfiguration().perUnitStorageThroughput(), "a new update after a failed one");
    }

    @Test
    void theSameTokenAndRequestAnswersTheSameUpdate() {
        String id = fixture.createPersistent("tokens").fileSystemId();
        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).clientRequestToken("tier-250").lustreConfiguration(l -> l.perUnitStorageThroughput(250)));

        FileSystem again = fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).clientRequestToken("tier-250")
                .lustreConfiguration(l -> l.perUnitStorageThroughput(250))).fileSystem();

        assertEquals(1, again.administrativeActions().size(), "no second update, nor 'already in progress'");
    }

    /** A PERSISTENT_2 file system of 1200 GiB at 125 MB/s/TiB with a metadata configuration (Lustre 2.15). */
    private String withMetadata(String token, MetadataConfigurationMode mode, Integer iops) {
        return fixture.create(token, r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2)
                .perUnitStorageThroughput(125).metadataConfiguration(m -> m.mode(mode).iops(iops)))).fileSystemId();
    }

    private FileSystem update(String id, Consumer<UpdateFileSystemLustreConfiguration.Builder> lustre) {
        return fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).lustreConfiguration(lustre)).fileSystem();
    }

    /** The newest FILE_SYSTEM_UPDATE. */
    private static AdministrativeAction action(FileSystem fs) {
        return fs.administrativeActions().stream().filter(a -> a.administrativeActionType() == AdministrativeActionType.FILE_SYSTEM_UPDATE)
                .findFirst().orElseThrow();
    }

    private static FileSystemLustreMetadataConfiguration metadata(FileSystem fs) {
        return fs.lustreConfiguration().metadataConfiguration();
    }

    private static FSxException assertMessage(Class<? extends FSxException> type, String part, Executable call) {
        FSxException e = assertThrows(type, call);
        assertTrue(e.awsErrorDetails().errorMessage().contains(part), e.awsErrorDetails().errorMessage());
        return e;
    }
}
