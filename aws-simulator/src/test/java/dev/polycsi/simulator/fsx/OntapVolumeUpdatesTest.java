package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.MissingVolumeConfigurationException;
import software.amazon.awssdk.services.fsx.model.SecurityStyle;
import software.amazon.awssdk.services.fsx.model.Status;
import software.amazon.awssdk.services.fsx.model.TieringPolicyName;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeNotFoundException;
import software.amazon.awssdk.services.fsx.model.VolumeStyle;

/** UpdateVolume of an ONTAP volume: a size change as a VOLUME_UPDATE action, one at a time; settings at once. */
class OntapVolumeUpdatesTest extends AbstractFsxTest {

    private static final long MIB = 1L << 20;

    private String id;

    @BeforeEach
    void start() {
        id = fixture.createVolume("grown", "grown").volumeId();
    }

    @Test
    void aSizeChangeIsPendingThenInProgressThenCompletedAtTheNewSize() {
        fixture.knobs().set("delay.fsx.volume.pending", "1m");
        fixture.knobs().set("delay.fsx.volume.updating", "2m");

        Volume answered = fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(2048))).volume();

        AdministrativeAction action = answered.administrativeActions().getFirst();
        assertEquals(AdministrativeActionType.VOLUME_UPDATE, action.administrativeActionType());
        assertEquals(Status.PENDING, action.status());
        assertEquals(fixture.clock.instant(), action.requestTime());
        assertEquals(2048, action.targetVolumeValues().ontapConfiguration().sizeInMegabytes());
        assertEquals(2048 * MIB, action.targetVolumeValues().ontapConfiguration().sizeInBytes());
        assertEquals(1024, answered.ontapConfiguration().sizeInMegabytes(), "the old size until the update completes");
        fixture.clock.advance(Duration.ofMinutes(1));
        Volume inProgress = fixture.describeVolume(id);
        assertEquals(Status.IN_PROGRESS, inProgress.administrativeActions().getFirst().status());
        assertEquals(1024 * MIB, inProgress.ontapConfiguration().sizeInBytes());
        fixture.clock.advance(Duration.ofMinutes(2));
        Volume done = fixture.describeVolume(id);
        assertEquals(Status.COMPLETED, done.administrativeActions().getFirst().status());
        assertEquals(2048, done.ontapConfiguration().sizeInMegabytes());
        assertEquals(2048 * MIB, done.ontapConfiguration().sizeInBytes());
    }

    @Test
    void oneSizeChangeAtATimeAndTheRefusalNamesTheOneInProgress() {
        fixture.knobs().set("delay.fsx.volume.updating", "5m");
        fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInBytes(2048 * MIB)));

        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInBytes(4096 * MIB))));

        assertTrue(refused.getMessage().contains("already in progress"), refused.getMessage());
        assertTrue(refused.getMessage().contains(String.valueOf(2048 * MIB)), refused.getMessage());
        assertEquals("none", fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.snapshotPolicy("none")))
                .volume().ontapConfiguration().snapshotPolicy(), "settings change meanwhile");
        fixture.clock.advance(Duration.ofMinutes(5));
        Volume again = fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInBytes(4096 * MIB))).volume();
        assertEquals(2, again.administrativeActions().size());
        assertEquals(4096 * MIB, again.administrativeActions().getFirst().targetVolumeValues().ontapConfiguration().sizeInBytes(), "newest first");
    }

    @Test
    void aVolumeShrinksButNotBelowItsDataNorItsStylesMinimum() throws IOException {
        Files.write(fixture.fileSystemDirectory(id).resolve("data.bin"), new byte[(int) (30 * MIB)]);

        BadRequestException belowData = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(25))));
        BadRequestException belowMinimum = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(19))));
        Volume shrunk = fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(30))).volume();

        assertTrue(belowData.getMessage().contains(String.valueOf(30 * MIB)), belowData.getMessage());
        assertTrue(belowMinimum.getMessage().contains("20 MiB"), belowMinimum.getMessage());
        assertEquals(30, shrunk.ontapConfiguration().sizeInMegabytes());
        assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(40).sizeInBytes(40 * MIB))));
    }

    @Test
    void aFlexGroupVolumeKeepsItsMinimumPerConstituent() {
        String group = fixture.createVolume("group", "group", o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(1024 * 1024)).volumeId();

        assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(group).ontapConfiguration(o -> o.sizeInMegabytes(700 * 1024))));
        assertEquals(800L << 30, fixture.fsx.updateVolume(r -> r.volumeId(group).ontapConfiguration(o -> o.sizeInMegabytes(800 * 1024)))
                .volume().ontapConfiguration().sizeInBytes());
    }

    @Test
    void anUpdateFailureKnobEndsTheActionFailedWithTheSizeUnchanged() {
        fixture.knobs().set("delay.fsx.volume.updating", "1m");
        fixture.knobs().set("fail.fsx.volume.update", "Aggregate aggr1 has no room");
        fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(4096)));

        fixture.clock.advance(Duration.ofMinutes(1));

        Volume after = fixture.describeVolume(id);
        AdministrativeAction action = after.administrativeActions().getFirst();
        assertEquals(Status.FAILED, action.status());
        assertEquals("Aggregate aggr1 has no room", action.failureDetails().message());
        assertEquals(1024, after.ontapConfiguration().sizeInMegabytes());
        fixture.knobs().reset();
        assertEquals(Status.COMPLETED, fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(4096)))
                .volume().administrativeActions().getFirst().status(), "a failed update is no longer in progress");
    }

    @Test
    void settingsChangeAtOnceAndAJunctionPathStaysUniquePerSvm() {
        fixture.createVolume("other", "other");

        Volume changed = fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.junctionPath("/moved")
                .securityStyle(SecurityStyle.NTFS).storageEfficiencyEnabled(false).snapshotPolicy("default-1weekly").copyTagsToBackups(true)
                .tieringPolicy(t -> t.name(TieringPolicyName.NONE)))).volume();

        var ontap = changed.ontapConfiguration();
        assertEquals("/moved", ontap.junctionPath());
        assertEquals(SecurityStyle.NTFS, ontap.securityStyle());
        assertFalse(ontap.storageEfficiencyEnabled());
        assertEquals("default-1weekly", ontap.snapshotPolicy());
        assertTrue(ontap.copyTagsToBackups());
        assertEquals(TieringPolicyName.NONE, ontap.tieringPolicy().name());
        assertEquals(0, changed.administrativeActions().size(), "no action for settings");
        assertEquals(ontap, fixture.describeVolume(id).ontapConfiguration());
        BadRequestException taken = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.junctionPath("/other"))));
        assertTrue(taken.getMessage().contains("/other"), taken.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.updateVolume(r -> r.volumeId(id)
                .ontapConfiguration(o -> o.tieringPolicy(t -> t.name(TieringPolicyName.NONE).coolingPeriod(5)))));
    }

    @Test
    void onlyACreatedVolumeIsUpdatedAndARequestMustChangeSomething() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        String young = fixture.createVolume("young", "young").volumeId();

        BadRequestException creating = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId(young).ontapConfiguration(o -> o.sizeInMegabytes(2048))));

        assertTrue(creating.getMessage().contains("CREATING"), creating.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> { })));
        assertThrows(MissingVolumeConfigurationException.class, () -> fixture.fsx.updateVolume(r -> r.volumeId(id)));
        assertThrows(VolumeNotFoundException.class,
                () -> fixture.fsx.updateVolume(r -> r.volumeId("fsvol-00000000000000000").ontapConfiguration(o -> o.snapshotPolicy("none"))));
        assertThrows(BadRequestException.class, () -> fixture.fsx.updateVolume(r -> r.volumeId(id).name("renamed")
                .ontapConfiguration(o -> o.snapshotPolicy("none"))));
    }
}
