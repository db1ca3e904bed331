package dev.polycsi.core.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountInfoTest {

    private static final String TABLE = """
            22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
            36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            41 27 7:0 / /var/lib/kubelet/plugins/staging/vol-1 rw,relatime shared:30 master:7 propagate_from:2 - ext4 /dev/loop0 rw
            52 27 0:48 / /var/lib/kubelet/pods/p\\0401/volumes/my\\011vol rw,relatime - nfs4 10.0.0.1:/exports/with\\040space\\134x rw,vers=4.1,rsize=1048576
            60 27 8:16 /pvc-1 /var/lib/kubelet/pods/p2/volumes/pvc-1/mount ro,relatime - xfs /dev/sdb rw,attr2,inode64
            """;

    @TempDir
    Path tempDir;

    @Test
    void parsesEveryFieldAndMergesPerMountWithSuperblockOptions() {
        MountPoint mount = MountInfo.parseLine("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue");

        assertEquals(Path.of("/mnt2"), mount.target());
        assertEquals("/dev/root", mount.source());
        assertEquals("ext3", mount.fsType());
        assertEquals("/mnt1", mount.root());
        assertEquals("98:0", mount.device());
        assertEquals(List.of("rw", "noatime", "errors=continue"), mount.options());
    }

    @Test
    void skipsAnyNumberOfOptionalFields() {
        List<MountPoint> mounts = MountInfo.parse(TABLE);

        assertEquals(5, mounts.size());
        MountPoint staging = mounts.get(2);
        assertEquals(Path.of("/var/lib/kubelet/plugins/staging/vol-1"), staging.target());
        assertEquals("ext4", staging.fsType());
        assertEquals("/dev/loop0", staging.source());
        assertEquals(List.of("rw", "relatime"), staging.options());
    }

    @Test
    void parsesLinesWithoutOptionalFields() {
        MountPoint mount = MountInfo.parseLine("60 27 8:16 / /data rw - xfs /dev/sdb rw");

        assertEquals(Path.of("/data"), mount.target());
        assertEquals("xfs", mount.fsType());
    }

    @Test
    void decodesOctalEscapesInPathsAndSource() {
        MountPoint nfs = MountInfo.parse(TABLE).get(3);

        assertEquals(Path.of("/var/lib/kubelet/pods/p 1/volumes/my\tvol"), nfs.target());
        assertEquals("10.0.0.1:/exports/with space\\x", nfs.source());
        assertEquals("a\nb", MountInfo.unescape("a\\012b"));
        assertEquals("not\\9escape\\04", MountInfo.unescape("not\\9escape\\04"));
    }

    @Test
    void aReadOnlyBindOfAReadWriteFilesystemIsReadOnly() {
        MountPoint bind = MountInfo.parse(TABLE).get(4);

        assertTrue(bind.readOnly());
        assertEquals("/pvc-1", bind.root());
        assertEquals(List.of("ro", "relatime", "rw", "attr2", "inode64"), bind.options());
        assertFalse(MountInfo.parse(TABLE).get(2).readOnly());
    }

    @Test
    void rejectsMalformedLines() {
        CsiException noSeparator = assertThrows(CsiException.class,
                () -> MountInfo.parseLine("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 ext3 /dev/root rw"));
        assertEquals(CsiException.Code.INTERNAL, noSeparator.code());
        assertThrows(CsiException.class, () -> MountInfo.parseLine("36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root"));
    }

    @Test
    void findsTheExactTargetOnly() throws IOException {
        MountInfo info = mountInfoWith(TABLE);

        assertEquals("/dev/root", info.find(Path.of("/mnt2")).orElseThrow().source());
        assertEquals("/dev/root", info.find(Path.of("/mnt2/../mnt2/.")).orElseThrow().source());
        assertEquals(Optional.empty(), info.find(Path.of("/mnt")));
        assertEquals(Optional.empty(), info.find(Path.of("/mnt2/sub")));
        assertEquals(Optional.empty(), info.find(Path.of("/var/lib/kubelet/plugins/staging")));
    }

    @Test
    void theLastOfStackedMountsWins() throws IOException {
        MountInfo info = mountInfoWith("""
                70 27 0:60 / /stacked rw - tmpfs first rw
                71 70 0:61 / /stacked rw - tmpfs second rw
                """);

        assertEquals("second", info.find(Path.of("/stacked")).orElseThrow().source());
    }

    @Test
    void resolvesSymbolicLinksInTheParentOfTheTarget() throws IOException {
        Path real = Files.createDirectory(tempDir.resolve("real")).toRealPath();
        Path link = Files.createSymbolicLink(tempDir.resolve("link"), real);
        MountInfo info = mountInfoWith("80 27 0:70 / " + real.resolve("target") + " rw - tmpfs t rw\n");

        // The target itself does not exist: only its parent is looked at.
        assertEquals("t", info.find(link.resolve("target")).orElseThrow().source());
    }

    private MountInfo mountInfoWith(String content) throws IOException {
        return new MountInfo(Files.writeString(tempDir.resolve("mountinfo"), content));
    }
}
