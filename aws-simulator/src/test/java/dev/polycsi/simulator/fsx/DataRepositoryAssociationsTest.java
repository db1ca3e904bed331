package dev.polycsi.simulator.fsx;

import static dev.polycsi.simulator.fsx.FsxFixture.nfs;
import static dev.polycsi.simulator.fsx.FsxFixture.s3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociationNotFoundException;
import software.amazon.awssdk.services.fsx.model.DataRepositoryLifecycle;
import software.amazon.awssdk.services.fsx.model.DescribeDataRepositoryAssociationsResponse;
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;
import software.amazon.awssdk.services.fsx.model.Filter;
import software.amazon.awssdk.services.fsx.model.FilterName;
import software.amazon.awssdk.services.fsx.model.InvalidDataRepositoryTypeException;
import software.amazon.awssdk.services.fsx.model.NfsVersion;
import software.amazon.awssdk.services.fsx.model.Tag;

/** DescribeDataRepositoryAssociations: a cache's associations by id and filter, in pages, with their cache's lifecycle. */
class DataRepositoryAssociationsTest extends AbstractFsxTest {

    private FileCacheCreating s3Cache;
    private FileCacheCreating nfsCache;

    @BeforeEach
    void start() {
        s3Cache = fixture.createCache("s3", r -> r.tags(Tag.builder().key("CSIVolumeName").value("pvc-1").build())
                .copyTagsToDataRepositoryAssociations(true)
                .dataRepositoryAssociations(s3("/images", "s3://training-data/images"), s3("/labels/", "s3://training-data/labels/")));
        nfsCache = fixture.createCache("nfs", r -> r.tags(Tag.builder().key("CSIVolumeName").value("pvc-2").build())
                .dataRepositoryAssociations(
                        nfs("/ns1/", "nfs://filer.example.com", "/export1", "/export2").toBuilder()
                                .nfs(n -> n.version(NfsVersion.NFS3).dnsIps("10.0.0.2")).build()));
    }

    @Test
    void anAssociationIsDescribedWithItsCacheItsPathsAndTheCopiedTags() {
        List<DataRepositoryAssociation> all = fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations();

        assertEquals(3, all.size());
        DataRepositoryAssociation images = all.getFirst();
        assertEquals(s3Cache.dataRepositoryAssociationIds().getFirst(), images.associationId());
        assertEquals(s3Cache.fileCacheId(), images.fileCacheId());
        assertNull(images.fileSystemId());
        assertEquals("/images", images.fileCachePath());
        assertEquals("s3://training-data/images/", images.dataRepositoryPath(), "FSx adds the trailing slash");
        assertEquals(DataRepositoryLifecycle.AVAILABLE, images.lifecycle());
        assertEquals("arn:aws:fsx:us-east-1:" + SimulatorConfig.ACCOUNT_ID + ":association/" + s3Cache.fileCacheId() + "/"
                + images.associationId(), images.resourceARN());
        assertEquals(List.of(Tag.builder().key("CSIVolumeName").value("pvc-1").build()), images.tags());
        assertEquals(s3Cache.creationTime(), images.creationTime());
        assertNull(images.nfs());

        DataRepositoryAssociation exports = all.getLast();
        assertEquals(nfsCache.fileCacheId(), exports.fileCacheId());
        assertEquals("nfs://filer.example.com", exports.dataRepositoryPath());
        assertEquals(List.of("/export1", "/export2"), exports.dataRepositorySubdirectories());
        assertEquals(NfsVersion.NFS3, exports.nfs().version());
        assertEquals(List.of("10.0.0.2"), exports.nfs().dnsIps());
        assertEquals(List.of(), exports.tags(), "tags are copied only when asked");
    }

    @Test
    void associationsAreNamedByIdOrFilteredByCacheAndRepositoryType() {
        String labels = s3Cache.dataRepositoryAssociationIds().getLast();
        assertEquals(List.of(labels), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r.associationIds(labels))));
        assertEquals(s3Cache.dataRepositoryAssociationIds(), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.FILE_CACHE_ID, s3Cache.fileCacheId())))));
        assertEquals(nfsCache.dataRepositoryAssociationIds(), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.DATA_REPOSITORY_TYPE, "NFS")))));
        assertEquals(List.of(), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.FILE_CACHE_ID, s3Cache.fileCacheId()), filter(FilterName.DATA_REPOSITORY_TYPE, "NFS")))));
        assertEquals(List.of(), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.FILE_SYSTEM_ID, "fs-0123456789abcdef0")))), "no file system associations are simulated");
        assertEquals(List.of(labels), ids(fixture.fsx.describeDataRepositoryAssociations(r -> r.associationIds(labels)
                .filters(filter(FilterName.DATA_REPOSITORY_TYPE, "S3", "NFS")))));
    }

    @Test
    void pagesHoldAtMost25AndThePaginatorCollectsThemAll() {
        List<String> all = ids(fixture.fsx.describeDataRepositoryAssociations(r -> { }));

        DescribeDataRepositoryAssociationsResponse first = fixture.fsx.describeDataRepositoryAssociations(r -> r.maxResults(2));
        assertEquals(all.subList(0, 2), ids(first));
        DescribeDataRepositoryAssociationsResponse second = fixture.fsx.describeDataRepositoryAssociations(r -> r.maxResults(2)
                .nextToken(first.nextToken()));
        assertEquals(all.subList(2, 3), ids(second));
        assertNull(second.nextToken());
        assertEquals(all, fixture.fsx.describeDataRepositoryAssociationsPaginator(r -> r.maxResults(1)).stream()
                .flatMap(page -> page.associations().stream()).map(DataRepositoryAssociation::associationId).toList());
        BadRequestException tooMany = assertThrows(BadRequestException.class,
                () -> fixture.fsx.describeDataRepositoryAssociations(r -> r.maxResults(26)));
        assertTrue(tooMany.getMessage().contains("MaxResults must be between 1 and 25"), tooMany.getMessage());
    }

    @Test
    void unknownAssociationsTypesAndFiltersAreRefused() {
        DataRepositoryAssociationNotFoundException missing = assertThrows(DataRepositoryAssociationNotFoundException.class,
                () -> fixture.fsx.describeDataRepositoryAssociations(r -> r.associationIds("dra-00000000000000000")));
        assertEquals("DataRepositoryAssociationNotFound", missing.awsErrorDetails().errorCode());
        assertTrue(missing.getMessage().contains("dra-00000000000000000"), missing.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeDataRepositoryAssociations(r -> r.associationIds("fc-0123456789abcdef0")));
        assertThrows(InvalidDataRepositoryTypeException.class, () -> fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.DATA_REPOSITORY_TYPE, "EFS"))));
        BadRequestException backupType = assertThrows(BadRequestException.class, () -> fixture.fsx.describeDataRepositoryAssociations(r -> r
                .filters(filter(FilterName.BACKUP_TYPE, "USER_INITIATED"))));
        assertTrue(backupType.getMessage().contains("backup-type"), backupType.getMessage());
    }

    @Test
    void anAssociationFollowsItsCachesLifecycleAndGoesWithIt() {
        fixture.knobs().set("delay.fsx.cache.available", "10m");
        fixture.knobs().set("delay.fsx.cache.deleting", "5m");
        FileCacheCreating young = fixture.createCache("young", r -> r.dataRepositoryAssociations(s3("/young", "s3://young/data/")));
        String id = young.dataRepositoryAssociationIds().getFirst();
        fixture.knobs().set("fail.fsx.cache.create", "Cannot reach s3://broken");
        FileCacheCreating broken = fixture.createCache("broken", r -> r.dataRepositoryAssociations(s3("/broken", "s3://broken/data/")));
        String brokenId = broken.dataRepositoryAssociationIds().getFirst();

        assertEquals(DataRepositoryLifecycle.CREATING, association(id).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(DataRepositoryLifecycle.AVAILABLE, association(id).lifecycle());
        assertEquals(DataRepositoryLifecycle.FAILED, association(brokenId).lifecycle());
        assertEquals("Cannot reach s3://broken", association(brokenId).failureDetails().message());
        fixture.fsx.deleteFileCache(r -> r.fileCacheId(young.fileCacheId()));
        assertEquals(DataRepositoryLifecycle.DELETING, association(id).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(5));
        assertThrows(DataRepositoryAssociationNotFoundException.class, () -> association(id));
    }

    private DataRepositoryAssociation association(String id) {
        return fixture.fsx.describeDataRepositoryAssociations(r -> r.associationIds(id)).associations().getFirst();
    }

    private static Filter filter(FilterName name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<String> ids(DescribeDataRepositoryAssociationsResponse response) {
        return response.associations().stream().map(DataRepositoryAssociation::associationId).toList();
    }
}
