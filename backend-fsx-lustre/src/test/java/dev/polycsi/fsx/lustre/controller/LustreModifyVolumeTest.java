package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static dev.polycsi.fsx.lustre.controller.Requests.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import dev.polycsi.spi.CsiException.Code;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ControllerModifyVolume: throughput and metadata configuration through UpdateFileSystem. */
class LustreModifyVolumeTest {

    final MutableClock clock = new MutableClock();
    final FakeLustreCloud cloud = new FakeLustreCloud(clock);
    final LustreController controller = new LustreController(cloud, new StepOperations(), clock);

    private String available(String name, String... storageClass) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, 1200, storageClass)));
        return cloud.finishCreating(cloud.ids().getLast());
    }

    private FileSystemAction lastUpdate(String id) {
        return cloud.describe(id).orElseThrow().latest(FileSystemAction::isUpdate).orElseThrow();
    }

    @Test
    void changesTheThroughputAndAnswersOnceFsxHasIt() {
        String id = available("pvc-1", PERSISTENT_2);

        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250")), "250 MB/s/TiB PENDING");
        assertEquals(Optional.of(250), lastUpdate(id).targetThroughput());
        cloud.advanceUpdate(id);
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250")), "IN_PROGRESS");
        cloud.advanceUpdate(id);

        controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250"));
        controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250"));
        assertEquals(1, cloud.updateTokens.size(), "one UpdateFileSystem; a repeat after it asks FSx for nothing");
        assertEquals(Optional.of(250), cloud.state(id).throughput);
    }

    @Test
    void raisesTheMetadataIops() {
        String id = available("pvc-1", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "1500");

        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", "6000")), "6000 IOPS");
        FileSystemAction update = lastUpdate(id);
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), update.targetMetadataMode());
        assertEquals(Optional.of(6000), update.targetMetadataIops());
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id);

        controller.modifyVolume(modify(id, "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "6000"));
        assertEquals(Optional.of(6000), cloud.state(id).metadataIops);
    }

    @Test
    void changesFsxCannotMakeAreInvalidArgumentWithoutAskingIt() {
        String scratch = cloud.addStatic("SCRATCH_2", 1200).id;
        String persistent = available("pvc-1", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "6000");

        fails(Code.INVALID_ARGUMENT, () -> controller.modifyVolume(modify(scratch, "perUnitStorageThroughput", "125")), "SCRATCH_2");
        fails(Code.INVALID_ARGUMENT, () -> controller.modifyVolume(modify(persistent, "metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", "3000")), "metadataIops", "never lowers");
        fails(Code.INVALID_ARGUMENT, () -> controller.modifyVolume(modify(persistent, "perUnitStorageThroughput", "50")),
                "not offered for PERSISTENT_2");
        assertEquals(List.of(), cloud.updateTokens);
    }

    @Test
    void aFailedChangeIsReportedOnceWithFsxsMessageAndTheNextCallAsksAgainWithAnotherToken() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "500")));
        cloud.failUpdate(id, "Throughput changes are not available in this Region.");

        fails(Code.INTERNAL, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "500")),
                "Throughput changes are not available in this Region.");
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "500")), "PENDING");

        assertEquals(2, cloud.updateTokens.size());
        assertNotEquals(cloud.updateTokens.get(0), cloud.updateTokens.get(1));
    }

    @Test
    void aRestartedControllerWaitsForTheChangeItFinds() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250")));

        LustreController restarted = new LustreController(cloud, new StepOperations(), clock);
        fails(Code.ABORTED, () -> restarted.modifyVolume(modify(id, "perUnitStorageThroughput", "250")), "PENDING");
        assertEquals(1, cloud.updateTokens.size());
    }

    @Test
    void unknownAndMalformedVolumesAreNotFound() {
        fails(Code.NOT_FOUND, () -> controller.modifyVolume(modify("fs-0123456789abcdef0", "perUnitStorageThroughput", "250")));
        fails(Code.NOT_FOUND, () -> controller.modifyVolume(modify("pvc-1", "perUnitStorageThroughput", "250")));
    }
}
