package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.GIB;
import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.delete;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static dev.polycsi.fsx.lustre.controller.Requests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.fsx.lustre.FsxLustreVolumes;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.params.LustreVolumeId;
import dev.polycsi.fsx.node.VolumeContext;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DeleteVolume, findVolume, and static volumes with the official driver's handle. */
class LustreDeleteAndFindTest {

    final MutableClock clock = new MutableClock();
    final FakeLustreCloud cloud = new FakeLustreCloud(clock);
    final LustreController controller = new LustreController(cloud, new StepOperations(), clock);

    private String available(String name) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, 1200, PERSISTENT_2)));
        return cloud.finishCreating(cloud.ids().getLast());
    }

    @Test
    void deletesTheFileSystemWithoutWaitingAndAgainIsSuccessWithoutAnotherCall() {
        String id = available("pvc-1");

        controller.deleteVolume(delete(id));

        assertEquals(List.of(id), cloud.deletes);
        assertEquals(Lifecycle.DELETING, cloud.state(id).lifecycle);
        controller.deleteVolume(delete(id));
        cloud.finishDeleting(id);
        controller.deleteVolume(delete(id));
        assertEquals(List.of(id), cloud.deletes, "DELETING and gone are deleted already");
    }

    @Test
    void unknownAndMalformedIdsAreDeletedAlready() {
        controller.deleteVolume(delete("fs-0123456789abcdef0"));
        controller.deleteVolume(delete("not-a-file-system"));
        controller.deleteVolume(delete("fs-0123456789abcdef0::fsap-0123456789abcdef0"));

        assertEquals(List.of(), cloud.deletes);
    }

    @Test
    void aFileSystemNotMadeForAVolumeIsLeftAlone() {
        String id = cloud.addStatic("PERSISTENT_2", 2400).id;

        controller.deleteVolume(delete(id));

        assertEquals(List.of(), cloud.deletes, "no CSIVolumeName tag: a static volume, whose data is its owner's");
        assertEquals(Lifecycle.AVAILABLE, cloud.state(id).lifecycle);
    }

    @Test
    void aFileSystemBeingUpdatedIsDeletedOnceTheUpdateHasEnded() {
        String id = available("pvc-1");
        cloud.state(id).lifecycle = Lifecycle.UPDATING;

        fails(Code.ABORTED, () -> controller.deleteVolume(delete(id)), id, "UPDATING");

        cloud.state(id).lifecycle = Lifecycle.AVAILABLE;
        controller.deleteVolume(delete(id));
        assertEquals(Lifecycle.DELETING, cloud.state(id).lifecycle);
    }

    @Test
    void findsAVolumeWithTheContextTheNodeMountsBy() {
        String id = available("pvc-1");

        Volume volume = controller.findVolume(get(id)).orElseThrow();

        assertEquals(id, volume.id());
        assertEquals(1200 * GIB, volume.capacityBytes());
        VolumeContext context = VolumeContext.parse(volume.context(), Optional.of(FsxLustreVolumes.DEFAULT_MOUNT_NAME));
        assertEquals(id + FakeLustreCloud.DNS_SUFFIX + "@tcp:/" + cloud.state(id).mountName, context.mountSource());
        assertEquals(List.of(), volume.accessible());
    }

    @Test
    void findsNothingForUnknownMalformedOrDeletingIds() {
        String id = available("pvc-1");
        controller.deleteVolume(delete(id));

        assertEquals(Optional.empty(), controller.findVolume(get(id)), "DELETING");
        assertEquals(Optional.empty(), controller.findVolume(get("fs-0123456789abcdef0")));
        assertEquals(Optional.empty(), controller.findVolume(get("pvc-1")));
    }

    /**
     * A PersistentVolume written for aws-fsx-csi-driver: {@code volumeHandle: fs-…}, with
     * {@code dnsname} and {@code mountname}. Without the {@code fsx-lustre:} prefix the core asks
     * the backend whether the handle is its own ({@link LustreVolumeId#isForeignHandle}) and passes
     * it unchanged; with the prefix it strips it. Either way the controller gets the file system id.
     */
    @Test
    void staticVolumesWithTheOfficialHandleAreFoundWithAndWithoutThePrefix() {
        String scratch = cloud.addStatic("SCRATCH_1", 1200).id;
        String persistent = cloud.addStatic("PERSISTENT_2", 2400).id;

        assertTrue(LustreVolumeId.isForeignHandle(scratch));
        assertFalse(LustreVolumeId.isForeignHandle("fsx-lustre:" + scratch), "prefixed: the core routes it by the prefix");
        assertFalse(LustreVolumeId.isForeignHandle(scratch + "::fsap-0123456789abcdef0"), "an EFS access point handle");
        assertFalse(LustreVolumeId.isForeignHandle(scratch + ":/data"), "an EFS path handle");

        assertEquals(Map.of("dnsname", scratch + FakeLustreCloud.DNS_SUFFIX, "mountname", "fsx"),
                controller.findVolume(get(scratch)).orElseThrow().context(), "SCRATCH_1 file systems mount as fsx");
        Volume other = controller.findVolume(get(persistent)).orElseThrow();
        assertEquals(2400 * GIB, other.capacityBytes());
        assertEquals(cloud.state(persistent).mountName, other.context().get("mountname"));
    }

    @Test
    void closingTheControllerClosesItsClient() {
        controller.close();

        assertTrue(cloud.closed);
    }
}
