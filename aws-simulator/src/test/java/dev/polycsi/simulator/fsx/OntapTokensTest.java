package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.BackupLifecycle;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.IncompatibleParameterErrorException;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeLifecycle;

/** Client request tokens on ONTAP volumes and backups: a retry answers what the first call did; other parameters are refused. */
class OntapTokensTest extends AbstractFsxTest {

    @Test
    void aCreateVolumeRetryAnswersTheSameVolumeAsItIsNowAndOtherParametersAreIncompatible() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        Volume first = fixture.createVolume("pvc-1", "pvc_1");
        fixture.clock.advance(Duration.ofMinutes(1));

        Volume retried = fixture.createVolume("pvc-1", "pvc_1");

        assertEquals(first.volumeId(), retried.volumeId());
        assertEquals(VolumeLifecycle.CREATED, retried.lifecycle(), "a replay answers the volume as it is now");
        assertEquals(1, fixture.fsx.describeVolumes(r -> { }).volumes().size());
        IncompatibleParameterErrorException e = assertThrows(IncompatibleParameterErrorException.class,
                () -> fixture.createVolume("pvc-1", "pvc_1", o -> o.sizeInMegabytes(2048)));
        assertEquals("OntapConfiguration", e.parameter());
        assertNotEquals(first.volumeId(), fixture.createVolume("pvc-2", "pvc_2").volumeId(), "another token is another volume");
    }

    @Test
    void aVolumeTokenIsForgottenAfterItsTtl() {
        fixture.knobs().set("tokens.fsx.ttl", "5m");
        fixture.createVolume("pvc-1", "pvc_1");
        fixture.clock.advance(Duration.ofMinutes(5));

        var refused = assertThrows(BadRequestException.class,
                () -> fixture.createVolume("pvc-1", "pvc_1"));

        assertTrue(refused.getMessage().contains("already named pvc_1"), "a new volume, whose name is taken: " + refused.getMessage());
    }

    @Test
    void updateAndDeleteVolumeRetriesAnswerTheirFirstCall() {
        String id = fixture.createVolume("pvc-1", "pvc_1").volumeId();
        fixture.knobs().set("delay.fsx.volume.updating", "5m");
        fixture.knobs().set("delay.fsx.volume.deleting", "5m");
        fixture.fsx.updateVolume(r -> r.volumeId(id).clientRequestToken("grow-1").ontapConfiguration(o -> o.sizeInMegabytes(2048)));

        Volume replay = fixture.fsx.updateVolume(r -> r.volumeId(id).clientRequestToken("grow-1").ontapConfiguration(o -> o.sizeInMegabytes(2048)))
                .volume();

        assertEquals(1, replay.administrativeActions().size(), "no second update, nor 'already in progress'");
        assertThrows(IncompatibleParameterErrorException.class, () -> fixture.fsx.updateVolume(r -> r.volumeId(id).clientRequestToken("grow-1")
                .ontapConfiguration(o -> o.sizeInMegabytes(4096))));
        fixture.clock.advance(Duration.ofMinutes(5));
        String backup = fixture.fsx.deleteVolume(r -> r.volumeId(id).clientRequestToken("delete-1")).ontapResponse().finalBackupId();
        var again = fixture.fsx.deleteVolume(r -> r.volumeId(id).clientRequestToken("delete-1"));
        assertEquals(VolumeLifecycle.DELETING, again.lifecycle());
        assertEquals(backup, again.ontapResponse().finalBackupId(), "the same final backup, no second one");
        assertEquals(1, fixture.fsx.describeBackups(r -> { }).backups().size());
        assertThrows(IncompatibleParameterErrorException.class, () -> fixture.fsx.deleteVolume(r -> r.volumeId(id).clientRequestToken("delete-1")
                .ontapConfiguration(o -> o.skipFinalBackup(true))));
    }

    @Test
    void backupTokensAnswerTheSameBackupAndTheSameDeletion() {
        String volumeId = fixture.createVolume("pvc-1", "pvc_1").volumeId();
        fixture.knobs().set("delay.fsx.backup.available", "1m");
        String first = fixture.createBackup("snap-1", volumeId).backupId();

        assertEquals(first, fixture.createBackup("snap-1", volumeId).backupId(), "no BackupInProgress for a retry");
        assertThrows(IncompatibleParameterErrorException.class, () -> fixture.fsx.createBackup(r -> r.clientRequestToken("snap-1")
                .volumeId(volumeId).tags(t -> t.key("a").value("b"))));
        fixture.clock.advance(Duration.ofMinutes(1));
        assertEquals(BackupLifecycle.DELETED, fixture.fsx.deleteBackup(r -> r.backupId(first).clientRequestToken("unsnap-1")).lifecycle());
        assertEquals(BackupLifecycle.DELETED, fixture.fsx.deleteBackup(r -> r.backupId(first).clientRequestToken("unsnap-1")).lifecycle(),
                "a retried deletion is answered as the first");
        assertEquals(List.of(), fixture.fsx.describeBackups(r -> { }).backups());
    }

    @Test
    void aCreateVolumeFromBackupRetryAnswersTheSameVolume() {
        String volumeId = fixture.createVolume("pvc-1", "pvc_1").volumeId();
        String backupId = fixture.createBackup("snap-1", volumeId).backupId();

        String first = fixture.fsx.createVolumeFromBackup(r -> r.clientRequestToken("restore-1").backupId(backupId).name("restored")
                .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))).volume().volumeId();
        String again = fixture.fsx.createVolumeFromBackup(r -> r.clientRequestToken("restore-1").backupId(backupId).name("restored")
                .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))).volume().volumeId();

        assertEquals(first, again);
        assertThrows(IncompatibleParameterErrorException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.clientRequestToken("restore-1")
                .backupId(backupId).name("restored_2").ontapConfiguration(FsxFixture.ontap("restored_2", o -> { }))));
        assertEquals(2, fixture.fsx.describeVolumes(r -> { }).volumes().size());
        var asNew = assertThrows(BadRequestException.class, () -> fixture.createVolume("restore-1", "restored", o -> o.junctionPath("/elsewhere")),
                "the token of a restore is not one of a CreateVolume, which is checked as new");
        assertTrue(asNew.getMessage().contains("already named restored"), asNew.getMessage());
    }
}
