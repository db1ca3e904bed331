package dev.polycsi.filecache.controller;

import static dev.polycsi.filecache.controller.Requests.GIB;
import static dev.polycsi.filecache.controller.Requests.create;
import static dev.polycsi.filecache.controller.Requests.delete;
import static dev.polycsi.filecache.controller.Requests.fails;
import static dev.polycsi.filecache.controller.Requests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.filecache.FileCacheVolumes;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.params.CacheVolumeId;
import dev.polycsi.fsx.node.VolumeContext;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DeleteVolume, findVolume, and static volumes with the official driver's handle. */
class FileCacheDeleteAndFindTest {

    final MutableClock clock = new MutableClock();
    final FakeFileCacheCloud cloud = new FakeFileCacheCloud(clock);
    final FileCacheController controller = new FileCacheController(cloud, new StepOperations(), clock);

    private String available(String name) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, 1200)));
        return cloud.finishCreating(cloud.ids().getLast());
    }

    @Test
    void deletesTheCacheWithoutWaitingAndAgainIsSuccessWithoutAnotherCall() {
        String id = available("pvc-1");

        controller.deleteVolume(delete(id));

        assertEquals(List.of(id), cloud.deletes);
        assertEquals(CacheLifecycle.DELETING, cloud.state(id).lifecycle);
        controller.deleteVolume(delete(id));
        cloud.finishDeleting(id);
        controller.deleteVolume(delete(id));
        assertEquals(List.of(id), cloud.deletes, "DELETING and gone are deleted already");
    }

    @Test
    void unknownAndMalformedIdsAreDeletedAlready() {
        controller.deleteVolume(delete("fc-0123456789abcdef0"));
        controller.deleteVolume(delete("not-a-cache"));
        controller.deleteVolume(delete("fs-0123456789abcdef0"));
        controller.deleteVolume(delete("fc-0123456789abcdef0/extra"));

        assertEquals(List.of(), cloud.deletes);
        assertEquals(List.of("fc-0123456789abcdef0"), cloud.describes, "a malformed id is not even looked up");
    }

    @Test
    void aCacheNotMadeForAVolumeIsLeftAlone() {
        String id = cloud.addStatic(2400).id;

        controller.deleteVolume(delete(id));

        assertEquals(List.of(), cloud.deletes, "no CSIVolumeName tag: a static volume, whose data is its owner's");
        assertEquals(CacheLifecycle.AVAILABLE, cloud.state(id).lifecycle);
    }

    @Test
    void aCacheStillCreatingIsDeletedOnceItIsCreated() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));
        String id = cloud.ids().getFirst();

        fails(Code.ABORTED, () -> controller.deleteVolume(delete(id)), id, "CREATING");

        cloud.finishCreating(id);
        controller.deleteVolume(delete(id));
        assertEquals(CacheLifecycle.DELETING, cloud.state(id).lifecycle);
    }

    @Test
    void findsAVolumeWithTheContextTheNodeMountsBy() {
        String id = available("pvc-1");

        Volume volume = controller.findVolume(get(id)).orElseThrow();

        assertEquals(id, volume.id());
        assertEquals(1200 * GIB, volume.capacityBytes());
        VolumeContext context = VolumeContext.parse(volume.context(), FileCacheVolumes.INSTANCE.defaultMountName());
        assertEquals(id + FakeFileCacheCloud.DNS_SUFFIX + "@tcp:/" + cloud.state(id).mountName, context.mountSource());
        assertEquals(List.of(), volume.accessible());
    }

    @Test
    void findsNothingForUnknownMalformedOrDeletingIds() {
        String id = available("pvc-1");
        controller.deleteVolume(delete(id));

        assertEquals(Optional.empty(), controller.findVolume(get(id)), "DELETING");
        assertEquals(Optional.empty(), controller.findVolume(get("fc-0123456789abcdef0")));
        assertEquals(Optional.empty(), controller.findVolume(get("pvc-1")));
    }

    /**
     * A PersistentVolume written for aws-file-cache-csi-driver: {@code volumeHandle: fc-…}, with
     * {@code dnsname} and {@code mountname}. Without the {@code filecache:} prefix the core asks the
     * backend whether the handle is its own ({@link CacheVolumeId#isForeignHandle}) and passes it
     * unchanged; with the prefix it strips it. Either way the controller gets the cache id.
     */
    @Test
    void staticVolumesWithTheOfficialHandleAreFound() {
        String id = cloud.addStatic(2400).id;

        assertTrue(CacheVolumeId.isForeignHandle(id));
        assertTrue(CacheVolumeId.isForeignHandle("fc-01234567"), "FSx's model allows 8 hex digits too");
        assertFalse(CacheVolumeId.isForeignHandle("filecache:" + id), "prefixed: the core routes it by the prefix");
        assertFalse(CacheVolumeId.isForeignHandle("fs-0123456789abcdef0"), "an FSx for Lustre or EFS file system");
        assertFalse(CacheVolumeId.isForeignHandle("fc-0123456789ABCDEF0"), "FSx's ids are lower case");
        assertFalse(CacheVolumeId.isForeignHandle("fc-0123456789abcdef"), "16 hex digits");

        Volume volume = controller.findVolume(get(id)).orElseThrow();
        assertEquals(2400 * GIB, volume.capacityBytes());
        assertEquals(Map.of("dnsname", id + FakeFileCacheCloud.DNS_SUFFIX, "mountname", cloud.state(id).mountName), volume.context());
    }

    @Test
    void closingTheControllerClosesItsClient() {
        controller.close();

        assertTrue(cloud.closed);
    }
}
