package dev.polycsi.core.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRequirementsTest {

    @TempDir
    Path dir;

    private Path bin(String name, String... tools) throws IOException {
        Path bin = Files.createDirectories(dir.resolve(name));
        for (String tool : tools) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void toolsOnThePathAreEnough() throws IOException {
        List<Path> path = List.of(bin("bin", "mount", "umount"), bin("sbin", "losetup", "blkid", "blockdev"));
        assertEquals(Optional.empty(), HostRequirements.missingTools(HostRequirements.LOOP_DEVICE_TOOLS, path, List.of()));
    }

    @Test
    void missingToolsAreNamedWithTheAptGetLineThatInstallsThem() throws IOException {
        List<Path> path = List.of(bin("bin", "mkfs.ext4", "fsck", "resize2fs"));
        assertEquals(Optional.of("mkfs.xfs, xfs_growfs missing: apt-get install xfsprogs"),
                HostRequirements.missingTools(HostRequirements.filesystemTools("xfs"), path, List.of()));
        assertEquals(Optional.empty(), HostRequirements.missingTools(HostRequirements.filesystemTools("ext4"), path, List.of()));
        assertEquals(Optional.of("blkid, mkfs.xfs, xfs_db missing: apt-get install util-linux xfsprogs"),
                HostRequirements.missingTools(List.of("blkid", "mkfs.ext4", "mkfs.xfs", "xfs_db", "mkfs.xfs"), path, List.of()));
    }

    @Test
    void aToolOutsideThePathIsNotFoundAsTheDriverWouldNotFindItEither() throws IOException {
        Path sbin = bin("sbin", "blkid", "blockdev");
        assertEquals(Optional.of("losetup missing: apt-get install mount; blkid, blockdev not on the PATH but in " + sbin
                        + ": add " + sbin + " to the PATH"),
                HostRequirements.missingTools(List.of("blkid", "blockdev", "losetup"), List.of(bin("bin")), List.of(sbin)));
    }

    @Test
    void onlyAnExecutableFileCounts() throws IOException {
        Path bin = bin("bin");
        Files.writeString(bin.resolve("mkfs.xfs"), "not executable");
        Files.createDirectory(bin.resolve("xfs_growfs"));
        assertEquals(Optional.of("mkfs.xfs, xfs_growfs missing: apt-get install xfsprogs"),
                HostRequirements.missingTools(List.of("mkfs.xfs", "xfs_growfs"), List.of(bin), List.of()));
    }

    @Test
    void aToolWithoutAKnownPackageIsATestBug() {
        assertThrows(IllegalArgumentException.class, () -> HostRequirements.missingTools(List.of("mkfs.btrfs"), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> HostRequirements.filesystemTools("btrfs"));
    }

    @Test
    void theSearchPathIsProcessBuildersAnEmptyEntryBeingTheWorkingDirectory() {
        Path cwd = Path.of(System.getProperty("user.dir"));
        assertEquals(List.of(Path.of("/usr/bin"), cwd, Path.of("/bin"), cwd), HostRequirements.searchPath("/usr/bin::/bin:"));
        assertEquals(List.of(Path.of("/bin"), Path.of("/usr/bin")), HostRequirements.searchPath(null));
    }

    @Test
    void eachFilesystemNeedsItsOwnTools() {
        assertEquals(List.of("mkfs.ext4", "fsck", "resize2fs"), HostRequirements.filesystemTools("ext4"));
        assertEquals(List.of("mkfs.ext3", "fsck", "resize2fs"), HostRequirements.filesystemTools("ext3"));
        assertEquals(List.of("mkfs.xfs", "xfs_growfs"), HostRequirements.filesystemTools("xfs"));
    }
}
