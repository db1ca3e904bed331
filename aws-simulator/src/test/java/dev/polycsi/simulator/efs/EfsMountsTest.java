package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class EfsMountsTest {

    private static final List<String> TLS = List.of("tls");

    @TempDir
    Path dataDir;

    private EfsFixture fixture;
    private EfsMounts mounts;
    private Path seeded;

    @BeforeEach
    void start() {
        fixture = EfsFixture.start(dataDir);
        mounts = fixture.mounts();
        seeded = fixture.fileSystemDirectory(EfsFixture.SEEDED);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aFileSystemIsItsDirectoryUnderTheDataDirectory() throws IOException {
        Files.createDirectory(seeded.resolve("shared"));

        assertEquals(Optional.of(seeded), mounts.resolve(EfsFixture.SEEDED + ":/", "efs", TLS));
        assertEquals(Optional.of(seeded), mounts.resolve(EfsFixture.SEEDED, "efs", TLS));
        assertEquals(Optional.of(seeded.resolve("shared")), mounts.resolve(EfsFixture.SEEDED + ":/shared", "efs", List.of("tls,ro")));
        assertEquals(Optional.of(seeded), mounts.resolve(EfsFixture.SEEDED + ".efs.us-east-1.amazonaws.com:/", "efs", TLS));
    }

    @Test
    void nfsMountsAreFoundByMountTargetAddressOrDnsName() {
        String address = fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED)).mountTargets().get(1).ipAddress();

        assertEquals(Optional.of(seeded), mounts.resolve(address + ":/", "nfs4", List.of("nfsvers=4.1", "rsize=1048576")));
        assertEquals(Optional.of(seeded), mounts.resolve("us-east-1a." + EfsFixture.SEEDED + ".efs.us-east-1.amazonaws.com:/", "nfs", List.of()));
    }

    @Test
    void mountsThatAreNotForSimulatedEfsAreLeftToOthers() {
        assertEquals(Optional.empty(), mounts.resolve("10.0.0.1:/export", "nfs4", List.of()));
        assertEquals(Optional.empty(), mounts.resolve("fs-0123.fsx.us-east-1.amazonaws.com@tcp:/fsx", "lustre", List.of()));
    }

    @Test
    void unknownFileSystemsAccessPointsAndPathsAreNotFound() {
        String otherFileSystem = fixture.efs.createFileSystem(r -> r.creationToken("other")).fileSystemId();
        String otherAccessPoint = fixture.efs.createAccessPoint(r -> r.clientToken("other").fileSystemId(otherFileSystem)).accessPointId();

        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve("fs-00000000000000000:/", "efs", TLS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(EfsFixture.SEEDED + ":/missing", "efs", TLS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("tls,accesspoint=fsap-00000000000000000")));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("tls", "accesspoint=" + otherAccessPoint)));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(EfsFixture.SEEDED + ".efs.eu-west-1.amazonaws.com:/", "efs", TLS));
    }

    @Test
    void malformedMountsAreInvalidArguments() {
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(EfsFixture.SEEDED + ":/../..", "efs", TLS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve("server.example:/", "efs", TLS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(EfsFixture.SEEDED + ":relative", "efs", TLS));
        String address = fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED)).mountTargets().getFirst().ipAddress();
        String accessPoint = fixture.createAccessPoint("nfs", "/nfs").accessPointId();
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(address + ":/", "nfs4", List.of("accesspoint=" + accessPoint)));
    }

    @Test
    void aSymbolicLinkCannotLeadOutOfTheFileSystem(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(seeded.resolve("escape"), outside);

        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(EfsFixture.SEEDED + ":/escape", "efs", TLS));
    }

    @Test
    void aFileSystemOrAccessPointStillCreatingIsUnavailable() {
        fixture.knobs().set("delay.accesspoint.available", "10s");
        String accessPoint = fixture.createAccessPoint("slow", "/slow").accessPointId();
        fixture.knobs().set("delay.filesystem.available", "10s");
        String fileSystem = fixture.efs.createFileSystem(r -> r.creationToken("slow")).fileSystemId();

        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("accesspoint=" + accessPoint)));
        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(fileSystem + ":/", "efs", TLS));
    }

    @Test
    void anAccessPointWithoutCreationInfoNeedsItsRootDirectoryToExist() throws IOException {
        String accessPoint = fixture.efs.createAccessPoint(r -> r.clientToken("bare").fileSystemId(EfsFixture.SEEDED)
                .rootDirectory(d -> d.path("/existing"))).accessPointId();
        List<String> options = List.of("tls", "accesspoint=" + accessPoint);

        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(EfsFixture.SEEDED + ":/", "efs", options));

        Files.createDirectory(seeded.resolve("existing"));
        assertEquals(Optional.of(seeded.resolve("existing")), mounts.resolve(EfsFixture.SEEDED + ":/", "efs", options));
    }

    @Test
    void anAccessPointsPathIsTakenInsideItsRootDirectory() throws IOException {
        String accessPoint = fixture.efs.createAccessPoint(r -> r.clientToken("whole").fileSystemId(EfsFixture.SEEDED)).accessPointId();
        Files.createDirectories(seeded.resolve("app/data"));

        assertEquals(Optional.of(seeded.resolve("app/data")),
                mounts.resolve(EfsFixture.SEEDED + ":/app/data", "efs", List.of("tls", "accesspoint=" + accessPoint, "iam")));
    }

    @Test
    void theRootDirectoryIsCreatedOnFirstMountOwnedAndModedFromCreationInfo() throws IOException {
        assumeTrue(isRoot(), "giving a directory another owner needs root; run the tests as root to cover the chown");
        String accessPoint = fixture.efs.createAccessPoint(r -> r.clientToken("owned").fileSystemId(EfsFixture.SEEDED)
                .rootDirectory(d -> d.path("/dynamic/pv-1").creationInfo(c -> c.ownerUid(1234L).ownerGid(5678L).permissions("2750"))))
                .accessPointId();

        Path root = mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("tls,accesspoint=" + accessPoint)).orElseThrow();

        assertEquals(seeded.resolve("dynamic/pv-1"), root);
        for (Path directory : List.of(seeded.resolve("dynamic"), root)) {
            assertEquals(1234, Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(5678, Files.getAttribute(directory, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(02750, (int) Files.getAttribute(directory, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        }
        Files.writeString(root.resolve("kept"), "data");
        assertEquals(Optional.of(root), mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("tls,accesspoint=" + accessPoint)));
        assertTrue(Files.exists(root.resolve("kept")));
    }

    @Test
    void anExistingRootDirectoryKeepsItsOwnerAndMode() throws IOException {
        Path existing = Files.createDirectory(seeded.resolve("kept"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        Object owner = Files.getAttribute(existing, "unix:uid");
        String accessPoint = fixture.createAccessPoint("kept", "/kept").accessPointId();

        assertEquals(Optional.of(existing), mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("accesspoint=" + accessPoint)));
        assertEquals(owner, Files.getAttribute(existing, "unix:uid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    }

    @Test
    void withoutRootTheRootDirectoryCannotBeGivenToAnotherUser() {
        assumeTrue(!isRoot(), "as root any owner can be given; this covers the error a non-root simulator reports");
        String accessPoint = fixture.createAccessPoint("foreign", "/foreign").accessPointId();

        assertCode(CsiException.Code.FAILED_PRECONDITION, () -> mounts.resolve(EfsFixture.SEEDED + ":/", "efs", List.of("accesspoint=" + accessPoint)));
        assertTrue(Files.notExists(seeded.resolve("foreign")));
    }

    private static boolean isRoot() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assertCode(CsiException.Code code, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
