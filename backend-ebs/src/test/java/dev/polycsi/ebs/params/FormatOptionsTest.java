package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatOptionsTest {

    private static final FormatOptions EXT4_ALL = new FormatOptions(Optional.of(4096L), Optional.of(512L), Optional.of(32768L),
            Optional.of(20000L), true, Optional.of(65536L), true);
    private static final FormatOptions XFS_SIZES = new FormatOptions(Optional.of(4096L), Optional.of(1024L), Optional.empty(),
            Optional.empty(), false, Optional.empty(), false);

    @TempDir
    Path temp;

    @Test
    void volumeContextRoundTrips() {
        assertEquals(EXT4_ALL, FormatOptions.fromVolumeContext(EXT4_ALL.toVolumeContext()));
        assertEquals(Map.of(), FormatOptions.NONE.toVolumeContext());
        assertEquals(FormatOptions.NONE, FormatOptions.fromVolumeContext(Map.of("partition", "1", "other", "x")));
    }

    @Test
    void badContextValuesAreRefusedNamingTheContextKey() {
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("blocksize", "4k")), "blocksize");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("inodesize", "300")), "inodesize");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("bytesperinode", "-1")), "bytesperinode");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("numberofinodes", "1; rm -rf /")), "numberofinodes");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4bigalloc", "yes")), "ext4bigalloc");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4clustersize", "1000")), "ext4clustersize");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4encryptionsupport", "1")), "ext4encryptionsupport");
    }

    @Test
    void extArguments() {
        assertEquals(List.of("-b", "4096", "-I", "512", "-i", "32768", "-N", "20000", "-O", "bigalloc", "-C", "65536", "-O", "encrypt"),
                EXT4_ALL.mkfsArguments("ext4", false));
        assertEquals(List.of(), FormatOptions.NONE.mkfsArguments("ext4", true), "legacy xfs is for xfs only");
    }

    @Test
    void xfsArguments() {
        assertEquals(List.of("-b", "size=4096", "-i", "size=1024"), XFS_SIZES.mkfsArguments("xfs", false));
        assertEquals(List.of("-b", "size=4096", "-m", "bigtime=0,inobtcount=0,reflink=0", "-i", "size=1024,nrext64=0"),
                XFS_SIZES.mkfsArguments("xfs", true));
        assertEquals(List.of("-m", "bigtime=0,inobtcount=0,reflink=0", "-i", "nrext64=0"), FormatOptions.NONE.mkfsArguments("xfs", true));
    }

    @Test
    void optionsTheFilesystemHasNoUseForAreRefusedAtTheNodeToo() {
        // a static PV's context never passed the controller
        FormatOptions fromStaticPv = FormatOptions.fromVolumeContext(Map.of("bytesperinode", "8192"));
        invalid(() -> fromStaticPv.mkfsArguments("xfs", false), "bytesPerInode", "xfs");
        invalid(() -> EXT4_ALL.mkfsArguments("ext2", false), "ext4BigAlloc", "ext2");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4encryptionsupport", "true")).mkfsArguments("xfs", false),
                "ext4EncryptionSupport", "xfs");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4encryptionsupport", "true")).mkfsArguments("ext3", false),
                "ext4EncryptionSupport", "ext3");
        invalid(() -> FormatOptions.NONE.mkfsArguments("btrfs", false), "btrfs");
        invalid(() -> FormatOptions.fromVolumeContext(Map.of("ext4clustersize", "65536")).mkfsArguments("ext4", false),
                "ext4ClusterSize", "ext4BigAlloc");
    }

    @Test
    void mkfsExt4AcceptsTheArguments() throws Exception {
        assertMkfsAccepts("ext4", EXT4_ALL.mkfsArguments("ext4", false), "Inode size:\\s+512", "Cluster size:\\s+65536",
                "features:.*\\bencrypt\\b");
    }

    @Test
    void mkfsExt2AndExt3AcceptTheArguments() throws Exception {
        FormatOptions ext = new FormatOptions(Optional.of(2048L), Optional.of(256L), Optional.of(8192L), Optional.empty(), false, Optional.empty(), false);
        assertMkfsAccepts("ext2", ext.mkfsArguments("ext2", false), "Block size:\\s+2048");
        assertMkfsAccepts("ext3", ext.mkfsArguments("ext3", false), "Inode size:\\s+256");
    }

    @Test
    void mkfsXfsAcceptsTheArgumentsWithAndWithoutLegacyFlags() throws Exception {
        assertMkfsAccepts("xfs", XFS_SIZES.mkfsArguments("xfs", false), "isize=1024");
        assertMkfsAccepts("xfs", XFS_SIZES.mkfsArguments("xfs", true), "bigtime=0");
    }

    /**
     * Formats a sparse 1 GiB file (no loop device needed) with the mounter's own ext defaults and
     * {@code arguments}, then checks with dumpe2fs / xfs_db that the options took effect.
     */
    private void assertMkfsAccepts(String fsType, List<String> arguments, String... expectedInInfo) throws Exception {
        Path image = temp.resolve(fsType + ".img");
        String mkfs = "mkfs." + fsType;
        List<String> info = fsType.equals("xfs") ? List.of("xfs_db", "-r", "-c", "info", image.toString())
                : List.of("dumpe2fs", "-h", image.toString());
        HostRequirements.assumeTools(mkfs, info.getFirst());
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        List<String> command = new ArrayList<>(List.of(mkfs));
        command.addAll(fsType.equals("xfs") ? List.of("-f") : List.of("-F", "-m0"));
        command.addAll(arguments);
        command.add(image.toString());
        Result formatted = run(command);
        assertEquals(0, formatted.exitCode(), () -> command + " failed: " + formatted.output());

        Result described = run(info);
        assertEquals(0, described.exitCode(), described::output);
        for (String expected : expectedInInfo) {
            assertTrue(java.util.regex.Pattern.compile(expected).matcher(described.output()).find(),
                    () -> "'" + expected + "' not in:\n" + described.output());
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        return new Result(process.exitValue(), output);
    }
}
