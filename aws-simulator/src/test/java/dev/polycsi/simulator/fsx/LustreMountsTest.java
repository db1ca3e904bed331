package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.fsx.model.FileSystem;

/** Which directory a node's {@code mount -t lustre <DNSName>@tcp:/<MountName>} stands for. */
class LustreMountsTest extends AbstractFsxTest {

    private static final List<String> OPTIONS = List.of("flock", "noatime");

    private NetworkMountResolver mounts;
    private FileSystem fs;
    private String source;

    @BeforeEach
    void start() {
        mounts = fixture.mounts();
        fs = fixture.create("mounted");
        source = fs.dnsName() + "@tcp:/" + fs.lustreConfiguration().mountName();
    }

    @Test
    void aFileSystemIsItsDirectoryAndASubdirectoryMountIsInsideIt() throws IOException {
        Path directory = fixture.fileSystemDirectory(fs.fileSystemId());
        Files.createDirectories(directory.resolve("team/data"));

        assertEquals(Optional.of(directory), mounts.resolve(source, "lustre", OPTIONS));
        assertEquals(Optional.of(directory.resolve("team/data")), mounts.resolve(source + "/team/data", "lustre", List.of("ro")));
    }

    @Test
    void otherTypesAndServersAreLeftToOtherResolvers() {
        assertEquals(Optional.empty(), mounts.resolve(source, "nfs4", OPTIONS));
        assertEquals(Optional.empty(), mounts.resolve("10.0.1.5@tcp:/abcdefgh", "lustre", OPTIONS));
    }

    @Test
    void unknownFileSystemsWrongMountNamesRegionsAndPathsAreNotFound() {
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve("fs-00000000000000000.fsx.us-east-1.amazonaws.com@tcp:/abcdefgh", "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(fs.dnsName() + "@tcp:/wrongnam", "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(source.replace("us-east-1", "eu-west-1"), "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(source + "/missing", "lustre", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(fs.dnsName() + ":/x", "lustre", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(source + "/../..", "lustre", OPTIONS));
    }

    @Test
    void aFileSystemThatIsNotServingCannotBeMounted() {
        fixture.knobs().set("delay.fsx.filesystem.available", "5m");
        FileSystem young = fixture.create("young");
        String youngSource = young.dnsName() + "@tcp:/" + young.lustreConfiguration().mountName();
        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(youngSource, "lustre", OPTIONS));

        fixture.knobs().set("fail.fsx.filesystem.create", "broken");
        FileSystem failed = fixture.create("failed");
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.of(fixture.fileSystemDirectory(young.fileSystemId())), mounts.resolve(youngSource, "lustre", OPTIONS));
        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounts.resolve(failed.dnsName() + "@tcp:/" + failed.lustreConfiguration().mountName(), "lustre", OPTIONS));
    }

    private static void assertCode(CsiException.Code code, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
