package dev.polycsi.fsx.node;

import static dev.polycsi.fsx.node.MountPlanTest.DNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.imds.InstanceZone;
import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.fsx.node.MountProbe.MountHealth;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stale-mount check and the bounded unmount on real broken mounts, through the real
 * LinuxMounter (mount, umount and umount -l run for real). No Lustre server can be had here, so
 * the broken mount is an {@link UnservedFuse}, and the node's "mount -t lustre" becomes a tmpfs
 * mount: {@link LustreOverFuse} translates only the type and source between the node and the
 * mount table, nothing else.
 */
class FsxNodeRootTest {

    private static final String FS = "fs-0199e5a63bd90f796";
    private static final Map<String, String> CONTEXT = Map.of("dnsname", DNS, "mountname", "rotjrbmv");
    private static final String LISTED_SOURCE = "10.0.1.25@tcp:/rotjrbmv";
    private static final InstanceZone ZONE = new InstanceZone(Optional.of("us-east-1a"), Optional.empty());
    /** Long enough for a stat that answers; one that does not is cut off however long it is. */
    private static final NodeOptions OPTIONS = new NodeOptions(true, Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private Path target;
    private UnservedFuse fuse;
    private final LinuxMounter linux = new LinuxMounter();
    private LustreOverFuse mounter;

    /**
     * The real mounter, with FUSE mounts of {@link UnservedFuse#SOURCE} and the tmpfs mounts that
     * stand for Lustre listed as the Lustre mount of the volume.
     */
    private static final class LustreOverFuse implements Mounter {
        static final String TMPFS_SOURCE = "polycsi-lustre";
        final Mounter real;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        LustreOverFuse(Mounter real) {
            this.real = real;
        }

        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
            calls.add("mount -t " + fsType + " " + source);
            List<String> tmpfs = new ArrayList<>(List.of("size=1m"));
            if (options.contains("ro")) {
                tmpfs.add("ro");
            }
            real.mount(TMPFS_SOURCE, target, "tmpfs", tmpfs);
        }

        @Override
        public void unmount(Path target) {
            calls.add("umount");
            real.unmount(target);
        }

        @Override
        public void lazyUnmount(Path target) {
            calls.add("umount -l");
            real.lazyUnmount(target);
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return real.findMount(target).map(m -> (m.fsType().equals("fuse") && m.source().equals(UnservedFuse.SOURCE))
                    || (m.fsType().equals("tmpfs") && m.source().equals(TMPFS_SOURCE))
                    ? new MountPoint(m.target(), LISTED_SOURCE, LustreMount.TYPE, m.root(), m.device(), m.options())
                    : m);
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            return real.filesystemStats(path);
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
            throw new AssertionError();
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            throw new AssertionError();
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
            throw new AssertionError();
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
            throw new AssertionError();
        }

        @Override
        public long blockDeviceSize(Path device) {
            throw new AssertionError();
        }
    }

    @BeforeEach
    void brokenMount() throws IOException {
        HostRequirements.assumeRoot("mounts a FUSE file system whose server never answers, to have a broken mount");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
        target = Files.createDirectories(dir.resolve("pods/p/volumes/kubernetes.io~csi/pv/mount")).toRealPath();
        try {
            fuse = UnservedFuse.mount(target);
        } catch (UnservedFuse.Unavailable e) {
            Assumptions.abort("needs a FUSE mount: " + e.getMessage());
        }
        mounter = new LustreOverFuse(linux);
    }

    /** Lets go every call still blocked on the FUSE mount, then takes everything off the target. */
    @AfterEach
    void cleanUp() {
        if (fuse != null) {
            fuse.close();
        }
        for (int i = 0; i < 4 && target != null && linux.isMounted(target); i++) {
            linux.lazyUnmount(target);
        }
    }

    private NodePublishRequest publish() {
        VolumeCapability capability = VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER);
        return new NodePublishRequest(FS, Optional.empty(), target, capability, false, Map.of(), CONTEXT, Secrets.none(), Deadline.NONE);
    }

    @Test
    void theCheckSeesAMountWhoseServerIsGoneAsBroken() {
        fuse.disconnect();
        MountHealth health = new MountProbe(MountProbe.FILES, OPTIONS.mountCheckTimeout(), new BoundedCalls()).check(target);
        assertEquals(MountHealth.broken("stat of " + target + ": Transport endpoint is not connected"), health);
    }

    @Test
    void aPublishOntoAMountWhoseServerIsGoneUnmountsItAndMountsAgain() {
        fuse.disconnect();
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, OPTIONS, MountProbe.FILES);

        node.publish(publish());
        node.publish(publish());

        assertEquals(List.of("umount", "mount -t lustre " + DNS + "@tcp:/rotjrbmv"), mounter.calls);
        assertEquals("tmpfs", linux.findMount(target).orElseThrow().fsType());
        assertTrue(Files.isDirectory(target), "the new mount answers");

        node.unpublish(new NodeUnpublishRequest(FS, target, Deadline.NONE));
        assertFalse(linux.isMounted(target));
    }

    /**
     * The stat of a mount whose server does not answer blocks, and the thread blocked in it keeps
     * the mount busy, as a pod's process blocked on a dead Lustre file system does: the check gives
     * up, the plain umount fails, the lazy one detaches it, and the volume is mounted again.
     */
    @Test
    void aPublishOntoAMountThatDoesNotAnswerDetachesItLazilyAndMountsAgain() {
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, OPTIONS, MountProbe.FILES);

        node.publish(publish());

        assertEquals(List.of("umount", "umount -l", "mount -t lustre " + DNS + "@tcp:/rotjrbmv"), mounter.calls);
        assertEquals("tmpfs", linux.findMount(target).orElseThrow().fsType());
    }

    @Test
    void statsAndUnpublishOfAMountThatDoesNotAnswerReturn() {
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, OPTIONS, MountProbe.FILES);

        CsiException stats = org.junit.jupiter.api.Assertions.assertThrows(CsiException.class,
                () -> node.stats(new VolumeStatsRequest(FS, target, Optional.empty(), Deadline.NONE)));
        assertEquals(CsiException.Code.UNAVAILABLE, stats.code());
        assertTrue(stats.getMessage().contains("has not returned within 2 s"), stats.getMessage());

        node.unpublish(new NodeUnpublishRequest(FS, target, Deadline.NONE));

        assertEquals(List.of("umount", "umount -l"), mounter.calls);
        assertFalse(linux.isMounted(target));
    }
}
