package dev.polycsi.simulator.fsx;

import static dev.polycsi.simulator.fsx.FsxFixture.nfs;
import static dev.polycsi.simulator.fsx.FsxFixture.s3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.spi.CsiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;

/** Which directory a node's {@code mount -t lustre <cache DNSName>@tcp:/<MountName>} stands for, and what a pod sees in it. */
class FileCacheMountsTest extends AbstractFsxTest {

    private static final List<String> OPTIONS = List.of("relatime", "flock");

    private NetworkMountResolver mounts;

    @BeforeEach
    void start() {
        mounts = fixture.mounts();
    }

    @Test
    void aCacheIsItsDirectoryWithEachAssociationsPathInIt() {
        FileCacheCreating cache = fixture.createCache("mounted", r -> r.dataRepositoryAssociations(
                s3("/images/", "s3://training-data/images/"), s3("/sets/labels", "s3://training-data/labels/")));
        Path directory = fixture.fileSystemDirectory(cache.fileCacheId());

        assertEquals(Optional.of(directory), mounts.resolve(source(cache), "lustre", OPTIONS));
        assertTrue(Files.isDirectory(directory.resolve("images")));
        assertTrue(Files.isDirectory(directory.resolve("sets/labels")));
        assertEquals(Optional.of(directory.resolve("sets/labels")), mounts.resolve(source(cache) + "/sets/labels", "lustre", List.of("ro")));
    }

    @Test
    void nfsExportsAppearUnderTheirCachePath() {
        FileCacheCreating root = fixture.createCache("root", r -> r.dataRepositoryAssociations(nfs("/", "nfs://10.0.92.69/", "subdir1", "/subdir2")));
        FileCacheCreating nested = fixture.createCache("nested", r -> r.dataRepositoryAssociations(
                nfs("/ns1/", "nfs://filer.example.com", "/export/a"), nfs("/ns2", "nfs://filer.example.com/export/b")));

        mounts.resolve(source(root), "lustre", OPTIONS);
        fixture.fsx.describeFileCaches(r -> { });

        Path rootDirectory = fixture.fileSystemDirectory(root.fileCacheId());
        assertTrue(Files.isDirectory(rootDirectory.resolve("subdir1")));
        assertTrue(Files.isDirectory(rootDirectory.resolve("subdir2")));
        Path nestedDirectory = fixture.fileSystemDirectory(nested.fileCacheId());
        assertTrue(Files.isDirectory(nestedDirectory.resolve("ns1/export/a")), "the API alone makes them too, once AVAILABLE");
        assertTrue(Files.isDirectory(nestedDirectory.resolve("ns2")));
    }

    @Test
    void aCacheThatIsNotServingCannotBeMountedNorShowsItsRepositories() {
        fixture.knobs().set("delay.fsx.cache.available", "5m");
        FileCacheCreating young = fixture.createCache("young");
        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(source(young), "lustre", OPTIONS));
        fixture.fsx.describeFileCaches(r -> { });
        assertFalse(Files.exists(fixture.fileSystemDirectory(young.fileCacheId()).resolve("images")), "not while CREATING");

        fixture.knobs().set("fail.fsx.cache.create", "broken");
        FileCacheCreating failed = fixture.createCache("failed");
        fixture.clock.advance(Duration.ofMinutes(5));
        assertEquals(Optional.of(fixture.fileSystemDirectory(young.fileCacheId()).resolve("images")),
                mounts.resolve(source(young) + "/images", "lustre", OPTIONS));
        assertCode(CsiException.Code.FAILED_PRECONDITION, () -> mounts.resolve(source(failed), "lustre", OPTIONS));
        assertFalse(Files.exists(fixture.fileSystemDirectory(failed.fileCacheId()).resolve("images")));

        fixture.knobs().set("delay.fsx.cache.deleting", "5m");
        fixture.fsx.deleteFileCache(r -> r.fileCacheId(young.fileCacheId()));
        assertCode(CsiException.Code.UNAVAILABLE, () -> mounts.resolve(source(young), "lustre", OPTIONS));
        fixture.clock.advance(Duration.ofMinutes(5));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(source(young), "lustre", OPTIONS));
    }

    @Test
    void unknownCachesWrongMountNamesRegionsAndPathsAreNotFound() {
        FileCacheCreating cache = fixture.createCache("mounted");
        String source = source(cache);

        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve("fc-00000000000000000.fsx.us-east-1.amazonaws.com@tcp:/abcdefgh", "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(cache.dnsName() + "@tcp:/wrongnam", "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(source.replace("us-east-1", "eu-west-1"), "lustre", OPTIONS));
        assertCode(CsiException.Code.NOT_FOUND, () -> mounts.resolve(source + "/missing", "lustre", OPTIONS));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounts.resolve(source + "/../..", "lustre", OPTIONS));
        assertEquals(Optional.empty(), mounts.resolve(source, "nfs4", OPTIONS));
    }

    private static String source(FileCacheCreating cache) {
        return cache.dnsName() + "@tcp:/" + cache.lustreConfiguration().mountName();
    }

    private static void assertCode(CsiException.Code code, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
