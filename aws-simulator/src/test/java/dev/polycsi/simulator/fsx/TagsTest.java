package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.fsx.model.NotServiceResourceErrorException;
import software.amazon.awssdk.services.fsx.model.ResourceNotFoundException;
import software.amazon.awssdk.services.fsx.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.fsx.model.Tag;

/** TagResource, UntagResource and ListTagsForResource by ARN, and the tags Describe shows. */
class TagsTest extends AbstractFsxTest {

    private String arn;

    @BeforeEach
    void start() {
        arn = fixture.create("tagged", r -> r.tags(tag("CSIVolumeName", "pvc-1"))).resourceARN();
    }

    @Test
    void tagsAreSetOverwrittenListedAndRemoved() {
        fixture.fsx.tagResource(r -> r.resourceARN(arn).tags(tag("team", "ml"), tag("CSIVolumeName", "pvc-2")));
        fixture.fsx.untagResource(r -> r.resourceARN(arn).tagKeys("team", "never-set"));

        assertEquals(List.of(tag("CSIVolumeName", "pvc-2")), fixture.fsx.listTagsForResource(r -> r.resourceARN(arn)).tags());
        assertEquals(List.of(tag("CSIVolumeName", "pvc-2")), fixture.fsx.describeFileSystems().fileSystems().getLast().tags());
    }

    @Test
    void listingPagesThroughTheTags() {
        fixture.fsx.tagResource(r -> r.resourceARN(arn).tags(tag("a", "1"), tag("b", "2")));

        ListTagsForResourceResponse first = fixture.fsx.listTagsForResource(r -> r.resourceARN(arn).maxResults(2));
        ListTagsForResourceResponse second = fixture.fsx.listTagsForResource(r -> r.resourceARN(arn).maxResults(2).nextToken(first.nextToken()));

        assertEquals(List.of(tag("CSIVolumeName", "pvc-1"), tag("a", "1")), first.tags());
        assertEquals(List.of(tag("b", "2")), second.tags());
        assertEquals(null, second.nextToken());
    }

    @Test
    void unknownResourcesAndOtherServicesArnsAreRefused() {
        String missing = "arn:aws:fsx:us-east-1:123456789012:file-system/fs-00000000000000000";
        ResourceNotFoundException notFound = assertThrows(ResourceNotFoundException.class,
                () -> fixture.fsx.listTagsForResource(r -> r.resourceARN(missing)));
        assertEquals(missing, notFound.resourceARN());
        assertThrows(ResourceNotFoundException.class, () -> fixture.fsx.tagResource(r -> r
                .resourceARN("arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0").tags(tag("a", "b"))));
        assertThrows(NotServiceResourceErrorException.class, () -> fixture.fsx.untagResource(r -> r
                .resourceARN("arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0").tagKeys("a")));
    }

    @Test
    void aResourceHoldsAtMostFiftyTags() {
        List<Tag> fortyNine = IntStream.range(0, 49).mapToObj(i -> tag("k" + i, "v")).toList();
        fixture.fsx.tagResource(r -> r.resourceARN(arn).tags(fortyNine));

        assertThrows(ServiceLimitExceededException.class, () -> fixture.fsx.tagResource(r -> r.resourceARN(arn).tags(tag("one-too-many", "v"))));
    }

    @Test
    void aCachesTagsAreListedChangedAndRemovedByItsArnThoughDescribeHasNone() {
        var cache = fixture.createCache("tagged-cache", r -> r.tags(tag("CSIVolumeName", "pvc-3")).copyTagsToDataRepositoryAssociations(true));
        String cacheArn = cache.resourceARN();

        fixture.fsx.tagResource(r -> r.resourceARN(cacheArn).tags(tag("team", "ml"), tag("CSIVolumeName", "pvc-4")));
        fixture.fsx.untagResource(r -> r.resourceARN(cacheArn).tagKeys("team"));

        assertEquals(List.of(tag("CSIVolumeName", "pvc-4")), fixture.fsx.listTagsForResource(r -> r.resourceARN(cacheArn)).tags());
        assertEquals(List.of(tag("CSIVolumeName", "pvc-1")), fixture.fsx.listTagsForResource(r -> r.resourceARN(arn)).tags(),
                "the file system's tags are its own");
        String associationArn = fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations().getFirst().resourceARN();
        assertEquals(List.of(tag("CSIVolumeName", "pvc-3")), fixture.fsx.listTagsForResource(r -> r.resourceARN(associationArn)).tags(),
                "copied at creation, not kept in step");
        fixture.fsx.tagResource(r -> r.resourceARN(associationArn).tags(tag("repository", "images")));
        assertEquals(List.of(tag("CSIVolumeName", "pvc-3"), tag("repository", "images")),
                fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations().getFirst().tags());
        String missing = cacheArn.replace(cache.fileCacheId(), "fc-00000000000000000");
        assertEquals(missing, assertThrows(ResourceNotFoundException.class, () -> fixture.fsx.listTagsForResource(r -> r.resourceARN(missing)))
                .resourceARN());
        assertThrows(ResourceNotFoundException.class, () -> fixture.fsx.listTagsForResource(r -> r
                .resourceARN(associationArn.replaceFirst("dra-[0-9a-f]+$", "dra-00000000000000000"))));
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
