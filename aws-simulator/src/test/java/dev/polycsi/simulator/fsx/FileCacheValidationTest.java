package dev.polycsi.simulator.fsx;

import static dev.polycsi.simulator.fsx.FsxFixture.nfs;
import static dev.polycsi.simulator.fsx.FsxFixture.s3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheRequest;
import software.amazon.awssdk.services.fsx.model.FSxException;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileCacheDataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.InvalidNetworkSettingsException;
import software.amazon.awssdk.services.fsx.model.NfsVersion;

/** CreateFileCache requests FSx refuses, each with FSx's error code and a message naming what is wrong. */
class FileCacheValidationTest {

    @TempDir
    static Path dataDir;

    private static FsxFixture fixture;

    @BeforeAll
    static void start() {
        fixture = FsxFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                refused("capacity not 1200 or a multiple of 2400", "BadRequest", "Must be 1200 or a multiple of 2400", r -> r.storageCapacity(3600)),
                refused("no capacity", "BadRequest", "StorageCapacity is required", r -> r.storageCapacity(null)),
                refused("no cache type", "BadRequest", "FileCacheType is required", r -> r.fileCacheType((String) null)),
                refused("another cache type", "BadRequest", "Invalid value 'OPENZFS' for FileCacheType", r -> r.fileCacheType("OPENZFS")),
                refused("no Lustre version", "BadRequest", "FileCacheTypeVersion is required", r -> r.fileCacheTypeVersion(null)),
                refused("another Lustre version", "BadRequest", "the only version is 2.12", r -> r.fileCacheTypeVersion("2.15")),
                refused("no Lustre configuration", "MissingFileCacheConfiguration", "LustreConfiguration is required",
                        r -> r.lustreConfiguration((software.amazon.awssdk.services.fsx.model.CreateFileCacheLustreConfiguration) null)),
                refused("a throughput other than 1000", "InvalidPerUnitStorageThroughput", "the only value is 1000",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().perUnitStorageThroughput(500).build())),
                refused("no throughput", "BadRequest", "PerUnitStorageThroughput is required",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().perUnitStorageThroughput(null).build())),
                refused("no deployment type", "BadRequest", "DeploymentType is required",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().deploymentType((String) null).build())),
                refused("another deployment type", "BadRequest", "Invalid value 'PERSISTENT_2' for DeploymentType",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().deploymentType("PERSISTENT_2").build())),
                refused("no metadata configuration", "BadRequest", "MetadataConfiguration is required",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().metadataConfiguration(
                                (software.amazon.awssdk.services.fsx.model.FileCacheLustreMetadataConfiguration) null).build())),
                refused("a metadata capacity other than 2400", "BadRequest", "Invalid metadata storage capacity: 1200",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().metadataConfiguration(m -> m.storageCapacity(1200)).build())),
                refused("a maintenance window that is no d:HH:MM", "BadRequest", "d:HH:MM",
                        r -> r.lustreConfiguration(FsxFixture.CACHE_1.toBuilder().weeklyMaintenanceStartTime("8:01:00").build())),
                refused("two subnets", "BadRequest", "A cache needs exactly one subnet", r -> r.subnetIds(FsxFixture.SUBNET_A, FsxFixture.SUBNET_B)),
                refused("no subnet", "BadRequest", "exactly one subnet", r -> r.subnetIds(List.of())),
                refused("an empty KMS key", "BadRequest", "KmsKeyId must be 1 to 2048", r -> r.kmsKeyId("")),
                refused("a reserved tag key", "BadRequest", "reserved", r -> r.tags(t -> t.key("aws:owner").value("x"))),
                refused("a token that breaks FSx's pattern", "BadRequest", "ClientRequestToken", r -> r.clientRequestToken("has space")),
                refused("nine associations", "BadRequest", "at most 8 data repository associations", r -> r.dataRepositoryAssociations(
                        IntStream.range(0, 9).mapToObj(i -> s3("/ns" + i, "s3://bucket-" + i + "/data/")).toList())),
                refused("S3 and NFS together", "BadRequest", "all S3 or all NFS",
                        r -> r.dataRepositoryAssociations(s3("/s3", "s3://bucket/data/"), nfs("/nfs", "nfs://filer.example.com/export"))),
                refused("a cache path without a leading slash", "BadRequest", "must begin with a forward slash",
                        r -> r.dataRepositoryAssociations(s3("ns1/", "s3://bucket/data/"))),
                refused("a cache path with ..", "BadRequest", "must not contain . or ..",
                        r -> r.dataRepositoryAssociations(s3("/ns1/../../etc", "s3://bucket/data/"))),
                refused("nested cache paths", "BadRequest", "cache paths /ns1/ and /ns1/ns2 overlap",
                        r -> r.dataRepositoryAssociations(s3("/ns1/", "s3://bucket/a/"), s3("/ns1/ns2", "s3://bucket/b/"))),
                refused("the same cache path twice", "BadRequest", "overlap",
                        r -> r.dataRepositoryAssociations(s3("/ns1", "s3://bucket/a/"), s3("/ns1/", "s3://bucket/b/"))),
                refused("nested S3 prefixes", "BadRequest", "data repository paths",
                        r -> r.dataRepositoryAssociations(s3("/a", "s3://bucket/data/"), s3("/b", "s3://bucket/data/more"))),
                refused("the same NFS export twice", "BadRequest", "data repository paths", r -> r.dataRepositoryAssociations(
                        nfs("/a", "nfs://filer.example.com", "/export"), nfs("/b", "nfs://filer.example.com/export/sub"))),
                refused("the root for S3", "BadRequest", "cannot be the root (/) for an Amazon S3",
                        r -> r.dataRepositoryAssociations(s3("/", "s3://bucket/data/"))),
                refused("the root for NFS without subdirectories", "BadRequest", "root (/) only for an NFS data repository association with",
                        r -> r.dataRepositoryAssociations(nfs("/", "nfs://filer.example.com/export"))),
                refused("the root beside another association", "BadRequest", "must be the cache's only one", r -> r.dataRepositoryAssociations(
                        nfs("/", "nfs://filer.example.com", "/export1"), nfs("/other", "nfs://other.example.com/export"))),
                refused("a repository path that is neither S3 nor NFS", "BadRequest", "must be an Amazon S3 path",
                        r -> r.dataRepositoryAssociations(s3("/ns1", "https://bucket.example.com/data"))),
                refused("a malformed S3 path", "BadRequest", "not a valid Amazon S3 path", r -> r.dataRepositoryAssociations(s3("/ns1", "s3://B"))),
                refused("a malformed NFS path", "BadRequest", "not a valid NFS path",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://-filer/export"))),
                refused("subdirectories on S3", "BadRequest", "DataRepositorySubdirectories is supported only for NFS",
                        r -> r.dataRepositoryAssociations(s3("/ns1", "s3://bucket/data/").toBuilder().dataRepositorySubdirectories("/a").build())),
                refused("an NFS configuration on S3", "BadRequest", "NFS can be set only for an NFS data repository",
                        r -> r.dataRepositoryAssociations(s3("/ns1", "s3://bucket/data/").toBuilder().nfs(n -> n.version(NfsVersion.NFS3)).build())),
                refused("NFS without its configuration", "BadRequest", "needs NFS with Version NFS3", r -> r.dataRepositoryAssociations(
                        FileCacheDataRepositoryAssociation.builder().fileCachePath("/ns1").dataRepositoryPath("nfs://filer.example.com/export").build())),
                refused("NFS without a version", "BadRequest", "Version is required in NFS",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://filer.example.com/export").toBuilder().nfs(n -> n.dnsIps("10.0.0.2")).build())),
                refused("NFSv4", "BadRequest", "Invalid value 'NFS4' for Version",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://filer.example.com/export").toBuilder().nfs(n -> n.version("NFS4")).build())),
                refused("three DNS servers", "BadRequest", "at most 2 DNS servers", r -> r.dataRepositoryAssociations(
                        nfs("/ns1", "nfs://filer.example.com/export").toBuilder()
                                .nfs(n -> n.version(NfsVersion.NFS3).dnsIps("10.0.0.2", "10.0.0.3", "10.0.0.4")).build())),
                refused("a DNS server that is no IPv4 address", "BadRequest", "is not an IPv4 address", r -> r.dataRepositoryAssociations(
                        nfs("/ns1", "nfs://filer.example.com/export").toBuilder().nfs(n -> n.version(NfsVersion.NFS3).dnsIps("dns.example.com")).build())),
                refused("an NFS filer without an export", "BadRequest", "must name an NFS export",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://filer.example.com/"))),
                refused("subdirectories under an export path", "BadRequest", "must be the NFS file system's domain name",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://filer.example.com/export", "/a"))),
                refused("the same subdirectory twice", "BadRequest", "lists the export '/a/' twice",
                        r -> r.dataRepositoryAssociations(nfs("/ns1", "nfs://filer.example.com", "/a", "/a/"))),
                refused("no cache path", "BadRequest", "FileCachePath is required",
                        r -> r.dataRepositoryAssociations(FileCacheDataRepositoryAssociation.builder().dataRepositoryPath("s3://bucket/data/").build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void isRefusedWithFsxsCode(String what, String code, String messagePart, Consumer<CreateFileCacheRequest.Builder> change) {
        FSxException e = assertThrows(FSxException.class, () -> fixture.createCache("refused", change));

        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains(messagePart), e.awsErrorDetails().errorMessage());
    }

    @Test
    void unknownSubnetsAndSecurityGroupsAreInvalidNetworkSettingsNamingThem() {
        InvalidNetworkSettingsException subnet = assertThrows(InvalidNetworkSettingsException.class,
                () -> fixture.createCache("subnet", r -> r.subnetIds("subnet-0badbadbadbadbad0")));
        assertEquals("subnet-0badbadbadbadbad0", subnet.invalidSubnetId());

        InvalidNetworkSettingsException group = assertThrows(InvalidNetworkSettingsException.class,
                () -> fixture.createCache("group", r -> r.securityGroupIds(FsxFixture.SECURITY_GROUP, "sg-0badbadbadbadbad0")));
        assertEquals("sg-0badbadbadbadbad0", group.invalidSecurityGroupId());
    }

    @Test
    void whatFsxAllowsIsTakenAndRefusedRequestsCreateNothing() {
        List<String> before = fixture.fsx.describeFileCaches(r -> { }).fileCaches().stream().map(FileCache::fileCacheId).toList();

        List<String> made = List.of(
                fixture.createCache("no-associations", r -> r.dataRepositoryAssociations(List.of()).storageCapacity(2400)),
                fixture.createCache("eight-s3", r -> r.storageCapacity(4800).subnetIds(FsxFixture.SUBNET_B).dataRepositoryAssociations(
                        IntStream.range(0, 8).mapToObj(i -> s3("/ns" + i + "/", "s3://bucket-" + i + "/data")).toList())),
                fixture.createCache("nfs-root", r -> r.dataRepositoryAssociations(nfs("/", "nfs://10.0.92.69/", "subdir1", "/subdir2"))
                        .lustreConfiguration(FsxFixture.CACHE_1.toBuilder().weeklyMaintenanceStartTime("7:00:00").build())),
                fixture.createCache("nfs-exports", r -> r.dataRepositoryAssociations(
                        nfs("/ns1/", "nfs://filer.example.com/export/a").toBuilder().nfs(n -> n.version(NfsVersion.NFS3).dnsIps("10.0.0.2", "10.0.0.3")).build(),
                        nfs("/ns2/", "nfs://filer.example.com/export/b"),
                        nfs("/ns10/", "nfs://filer.example.com", "/export/c", "/export/d"))))
                .stream().map(cache -> cache.fileCacheId()).toList();

        List<String> after = fixture.fsx.describeFileCaches(r -> { }).fileCaches().stream().map(FileCache::fileCacheId).toList();
        assertEquals(before.size() + made.size(), after.size());
        assertTrue(after.containsAll(made));
        assertEquals("7:00:00", fixture.describeCache(made.get(2)).lustreConfiguration().weeklyMaintenanceStartTime());
        assertEquals(List.of(FsxFixture.SUBNET_B), fixture.describeCache(made.get(1)).subnetIds());
    }

    private static Arguments refused(String what, String code, String messagePart, Consumer<CreateFileCacheRequest.Builder> change) {
        return Arguments.of(what, code, messagePart, change);
    }
}
