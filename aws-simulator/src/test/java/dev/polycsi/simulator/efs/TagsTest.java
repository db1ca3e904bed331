package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.efs.model.Tag;

class TagsTest {

    @TempDir
    Path dataDir;

    private EfsFixture fixture;

    @BeforeEach
    void start() {
        fixture = EfsFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void tagsAndUntagsAFileSystemWhoseNameFollowsItsNameTag() {
        fixture.efs.tagResource(r -> r.resourceId(EfsFixture.SEEDED).tags(tag("Name", "shared"), tag("env", "dev")));
        fixture.efs.tagResource(r -> r.resourceId(EfsFixture.SEEDED).tags(tag("env", "prod")));

        assertEquals(List.of(tag("Name", "shared"), tag("env", "prod")), tags(EfsFixture.SEEDED));
        assertEquals("shared", fixture.efs.describeFileSystems(r -> r.fileSystemId(EfsFixture.SEEDED)).fileSystems().getFirst().name());

        fixture.efs.untagResource(r -> r.resourceId(EfsFixture.SEEDED).tagKeys("Name", "env"));
        assertEquals(List.of(), tags(EfsFixture.SEEDED));
    }

    @Test
    void tagsAnAccessPointByIdOrArn() {
        String id = fixture.createAccessPoint("tagged", "/tagged").accessPointId();
        String arn = fixture.describeAccessPoint(id).accessPointArn();

        fixture.efs.tagResource(r -> r.resourceId(arn).tags(tag("owner", "me")));

        assertEquals(List.of(tag("owner", "me")), tags(id));
        assertEquals(List.of(tag("owner", "me")), fixture.describeAccessPoint(id).tags());
    }

    @Test
    void pagesTags() {
        fixture.efs.tagResource(r -> r.resourceId(EfsFixture.SEEDED).tags(tag("a", "1"), tag("b", "2"), tag("c", "3")));

        ListTagsForResourceResponse first = fixture.efs.listTagsForResource(r -> r.resourceId(EfsFixture.SEEDED).maxResults(2));
        ListTagsForResourceResponse second = fixture.efs.listTagsForResource(
                r -> r.resourceId(EfsFixture.SEEDED).maxResults(2).nextToken(first.nextToken()));

        assertEquals(List.of(tag("a", "1"), tag("b", "2")), first.tags());
        assertEquals(List.of(tag("c", "3")), second.tags());
    }

    @Test
    void unknownResourcesAreNotFound() {
        assertThrows(FileSystemNotFoundException.class,
                () -> fixture.efs.tagResource(r -> r.resourceId("fs-00000000000000000").tags(tag("a", "b"))));
        assertThrows(AccessPointNotFoundException.class,
                () -> fixture.efs.listTagsForResource(r -> r.resourceId("fsap-00000000000000000")));
    }

    private List<Tag> tags(String resourceId) {
        return fixture.efs.listTagsForResource(r -> r.resourceId(resourceId)).tags();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
