package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.NodeExpandRequest;
import static dev.polycsi.examples.hostpath.Fixture.GIB;
import static dev.polycsi.examples.hostpath.Fixture.NODE;
import static dev.polycsi.examples.hostpath.Fixture.WRITER;
import static dev.polycsi.examples.hostpath.Fixture.assertCode;
import static dev.polycsi.examples.hostpath.Fixture.volume;
import static dev.polycsi.examples.hostpath.Fixture.volumeDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathNodeTest {

    @TempDir
    Path root;

    @TempDir
    Path pods;

    FakeMounter mounter = new FakeMounter();
    Backend backend;
    NodeOps node;
    String volumeId;
    Path target;

    @BeforeEach
    void setUp() throws Exception {
        backend = Fixture.backend(root, 10 * GIB, NODE, mounter);
        node = backend.node();
        volumeId = backend.controller().createVolume(volume("pvc-1", 2 * GIB)).id();
        // The kubelet creates the parent of the target, not the target.
        target = pods.resolve("pod-1/volumes/kubernetes.io~csi/pv-1/mount");
        Files.createDirectories(target.getParent());
    }

    /** What the core sends; it has created the target directory first (the SPI's contract). */
    private static NodePublishRequest publish(String volumeId, Path target, VolumeCapability capability, boolean readonly) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NodePublishRequest(volumeId, Optional.empty(), target, capability, readonly, Map.of(), Map.of(), Secrets.none(), Deadline.NONE);
    }

    // ---- publish

    @Test
    void publishBindMountsTheVolumeDirectoryOnceWithTheRequestedFlags() {
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "", List.of("noexec"), "",
                AccessMode.SINGLE_NODE_WRITER);

        node.publish(publish(volumeId, target, capability, false));
        node.publish(publish(volumeId, target, capability, false));

        assertEquals(List.of(new FakeMounter.BindMount(volumeDir(root, volumeId), target, false, List.of("noexec"))),
                mounter.bindMounts);
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void theReadOnlyFlagIsPassedThrough() {
        node.publish(publish(volumeId, target, WRITER, true));

        assertTrue(mounter.bindMounts.getFirst().readOnly());
        assertTrue(mounter.findMount(target).orElseThrow().readOnly());
    }

    @Test
    void aReadOnlyAccessModeMountsReadOnly() {
        node.publish(publish(volumeId, target, VolumeCapability.filesystem("", AccessMode.MULTI_NODE_READER_ONLY), false));

        assertTrue(mounter.bindMounts.getFirst().readOnly());
    }

    @Test
    void publishingDifferentlyOverAnExistingMountIsAlreadyExists() throws Exception {
        node.publish(publish(volumeId, target, WRITER, false));
        assertCode(Code.ALREADY_EXISTS, () -> node.publish(publish(volumeId, target, WRITER, true)));

        String other = backend.controller().createVolume(volume("pvc-2", GIB)).id();
        assertCode(Code.ALREADY_EXISTS, () -> node.publish(publish(other, target, WRITER, false)));

        Path foreign = pods.resolve("foreign");
        mounter.table.put(foreign, new MountPoint(foreign, "server:/export", "nfs4", "/export", "0:52", List.of("rw")));
        assertCode(Code.ALREADY_EXISTS, () -> node.publish(publish(volumeId, foreign, WRITER, false)));
        assertEquals(1, mounter.bindMounts.size());
    }

    @Test
    void anExistingBindMountSeenFromAnotherFilesystemRootIsRecognised() {
        // The base directory is its own filesystem here, so the mount table shows a shorter root.
        mounter.table.put(target, new MountPoint(target, "/dev/sdb", "xfs", "/hostpath/volumes/" + volumeId, "8:16", List.of("rw")));

        node.publish(publish(volumeId, target, WRITER, false));

        assertEquals(List.of(), mounter.bindMounts);
    }

    @Test
    void publishingAnUnknownVolumeIsNotFound() {
        assertCode(Code.NOT_FOUND, () -> node.publish(publish("hp-0000000000000000", target, WRITER, false)));
        assertCode(Code.NOT_FOUND, () -> node.publish(publish("../../etc", target, WRITER, false)));
        assertEquals(List.of(), mounter.bindMounts);
    }

    // ---- unpublish

    @Test
    void unpublishUnmountsAndIsIdempotent() {
        node.publish(publish(volumeId, target, WRITER, false));

        node.unpublish(new NodeUnpublishRequest(volumeId, target, Deadline.NONE));
        node.unpublish(new NodeUnpublishRequest(volumeId, target, Deadline.NONE));

        assertEquals(List.of(target, target), mounter.unmounts);
        assertTrue(mounter.findMount(target).isEmpty());
        assertTrue(Files.isDirectory(volumeDir(root, volumeId)), "the volume itself stays");
    }

    // ---- stats, expand, details

    @Test
    void statsReportTheRecordedSizeAndTheBytesTheFilesHold() throws Exception {
        node.publish(publish(volumeId, target, WRITER, false));
        Files.write(volumeDir(root, volumeId).resolve("a"), new byte[3000]);
        Files.createDirectories(volumeDir(root, volumeId).resolve("sub"));
        Files.write(volumeDir(root, volumeId).resolve("sub/b"), new byte[1000]);

        VolumeStats stats = node.stats(new VolumeStatsRequest(volumeId, target, Optional.empty(), Deadline.NONE));

        assertEquals(new VolumeStats(2 * GIB, 2 * GIB - 4000, 4000, 1000, 900, 100, false, ""), stats);
    }

    @Test
    void statsOfAnUnknownVolumeAreNotFound() {
        // Nothing published at the path is the core's NOT_FOUND (the conformance suite checks it).
        node.publish(publish(volumeId, target, WRITER, false));
        assertCode(Code.NOT_FOUND, () -> node.stats(new VolumeStatsRequest("hp-0000000000000000", target, Optional.empty(), Deadline.NONE)));
    }

    @Test
    void aVolumeWhoseDirectoryHasGoneIsAbnormal() throws Exception {
        node.publish(publish(volumeId, target, WRITER, false));
        Files.delete(volumeDir(root, volumeId));

        VolumeStats stats = node.stats(new VolumeStatsRequest(volumeId, target, Optional.empty(), Deadline.NONE));

        assertTrue(stats.abnormal());
        assertTrue(stats.conditionMessage().contains(volumeId), stats.conditionMessage());
        assertEquals(2 * GIB, stats.totalBytes());
    }

    @Test
    void nodeExpansionReportsTheSizeTheControllerRecorded() {
        backend.controller().expandVolume(new ExpandVolumeRequest(volumeId, new CapacityRange(3 * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE));

        assertEquals(3 * GIB, node.expand(new NodeExpandRequest(volumeId, target, Optional.empty(), new CapacityRange(3 * GIB, 0), Optional.empty(), Deadline.NONE)));
        assertCode(Code.NOT_FOUND,
                () -> node.expand(new NodeExpandRequest("hp-0000000000000000", target, Optional.empty(), new CapacityRange(GIB, 0), Optional.empty(), Deadline.NONE)));
    }

    @Test
    void detailsGiveThisNodesTopologySegment() throws Exception {
        assertEquals(new NodeDetails(Map.of(HostPathBackend.TOPOLOGY_KEY, NODE), 0), node.details());
        assertEquals(NodeDetails.NONE, Fixture.backend(root, GIB, "", mounter).node().details());
    }
}
