package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.IncorrectFileSystemLifeCycleStateException;
import software.amazon.awssdk.services.efs.model.LifeCycleState;

class AccessPointsTest {

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
    void createsAnAccessPointWithEveryFieldTheSdkReads() {
        CreateAccessPointResponse created = fixture.efs.createAccessPoint(r -> r.clientToken("pv-1").fileSystemId(EfsFixture.SEEDED)
                .posixUser(u -> u.uid(1001L).gid(2002L).secondaryGids(3003L, 4004L))
                .rootDirectory(d -> d.path("/dynamic/pv-1").creationInfo(c -> c.ownerUid(1001L).ownerGid(2002L).permissions("0700")))
                .tags(t -> t.key("Name").value("pv-1"), t -> t.key("team").value("storage")));

        assertTrue(created.accessPointId().matches("fsap-[0-9a-f]{17}"));
        assertEquals("arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/" + created.accessPointId(), created.accessPointArn());
        assertEquals(EfsFixture.SEEDED, created.fileSystemId());
        assertEquals("pv-1", created.clientToken());
        assertEquals("pv-1", created.name());
        assertEquals(2, created.tags().size());
        assertEquals(1001L, created.posixUser().uid());
        assertEquals(2002L, created.posixUser().gid());
        assertEquals(List.of(3003L, 4004L), created.posixUser().secondaryGids());
        assertEquals("/dynamic/pv-1", created.rootDirectory().path());
        assertEquals("0700", created.rootDirectory().creationInfo().permissions());
        assertEquals(1001L, created.rootDirectory().creationInfo().ownerUid());
        assertEquals("123456789012", created.ownerId());
        assertEquals(LifeCycleState.AVAILABLE, created.lifeCycleState());

        AccessPointDescription described = fixture.describeAccessPoint(created.accessPointId());
        assertEquals(created.rootDirectory(), described.rootDirectory());
        assertEquals(created.posixUser(), described.posixUser());
    }

    @Test
    void withoutRootDirectoryTheAccessPointExposesTheWholeFileSystem() {
        CreateAccessPointResponse created = fixture.efs.createAccessPoint(r -> r.clientToken("plain").fileSystemId(EfsFixture.SEEDED));

        assertEquals("/", created.rootDirectory().path());
        assertEquals(null, created.posixUser());
    }

    @Test
    void aReusedClientTokenAnswersAccessPointAlreadyExistsNamingTheAccessPointWhateverTheParameters() {
        String id = fixture.createAccessPoint("pv-token", "/a").accessPointId();

        AccessPointAlreadyExistsException same = assertThrows(AccessPointAlreadyExistsException.class,
                () -> fixture.createAccessPoint("pv-token", "/a"));
        AccessPointAlreadyExistsException other = assertThrows(AccessPointAlreadyExistsException.class,
                () -> fixture.createAccessPoint("pv-token", "/b"));

        assertEquals("AccessPointAlreadyExists", same.awsErrorDetails().errorCode());
        assertEquals(409, same.statusCode());
        assertEquals(id, same.accessPointId());
        assertEquals(id, other.accessPointId());
    }

    @Test
    void theTokenOfADeletedAccessPointCanBeUsedAgain() {
        String first = fixture.createAccessPoint("reused", "/a").accessPointId();
        fixture.efs.deleteAccessPoint(r -> r.accessPointId(first));

        String second = fixture.createAccessPoint("reused", "/a").accessPointId();

        assertNotEquals(first, second);
    }

    @Test
    void describesByIdAndByFileSystem() {
        String first = fixture.createAccessPoint("one", "/one").accessPointId();
        String second = fixture.createAccessPoint("two", "/two").accessPointId();
        String arn = fixture.describeAccessPoint(first).accessPointArn();

        assertEquals(List.of(first, second), ids(fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED))));
        assertEquals(List.of(first), ids(fixture.efs.describeAccessPoints(r -> r.accessPointId(arn))));
        assertEquals(List.of(first, second), ids(fixture.efs.describeAccessPoints(r -> { })));
    }

    @Test
    void pagesWithMaxResultsAndNextToken() {
        List<String> created = IntStream.range(0, 5).mapToObj(i -> fixture.createAccessPoint("page-" + i, "/p" + i).accessPointId()).toList();

        DescribeAccessPointsResponse first = fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED).maxResults(2));
        assertEquals(created.subList(0, 2), ids(first));
        DescribeAccessPointsResponse second = fixture.efs.describeAccessPoints(
                r -> r.fileSystemId(EfsFixture.SEEDED).maxResults(2).nextToken(first.nextToken()));
        assertEquals(created.subList(2, 4), ids(second));

        List<String> all = fixture.efs.describeAccessPointsPaginator(r -> r.fileSystemId(EfsFixture.SEEDED).maxResults(2))
                .accessPoints().stream().map(AccessPointDescription::accessPointId).toList();
        assertEquals(created, all);
    }

    @Test
    void deletingTwiceIsAccessPointNotFound() {
        String id = fixture.createAccessPoint("gone", "/gone").accessPointId();
        fixture.efs.deleteAccessPoint(r -> r.accessPointId(id));

        AccessPointNotFoundException e = assertThrows(AccessPointNotFoundException.class, () -> fixture.efs.deleteAccessPoint(r -> r.accessPointId(id)));

        assertEquals("AccessPointNotFound", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
        assertThrows(AccessPointNotFoundException.class, () -> fixture.describeAccessPoint(id));
    }

    @Test
    void anUnknownFileSystemIsFileSystemNotFound() {
        assertThrows(FileSystemNotFoundException.class,
                () -> fixture.efs.createAccessPoint(r -> r.clientToken("x").fileSystemId("fs-00000000000000000")));
        assertThrows(FileSystemNotFoundException.class,
                () -> fixture.efs.describeAccessPoints(r -> r.fileSystemId("fs-00000000000000000")));
    }

    @Test
    void aFileSystemStillCreatingRefusesAccessPoints() {
        fixture.knobs().set("delay.filesystem.available", "10s");
        String creating = fixture.efs.createFileSystem(r -> r.creationToken("slow")).fileSystemId();

        IncorrectFileSystemLifeCycleStateException e = assertThrows(IncorrectFileSystemLifeCycleStateException.class,
                () -> fixture.efs.createAccessPoint(r -> r.clientToken("early").fileSystemId(creating)));

        assertEquals("IncorrectFileSystemLifeCycleState", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
    }

    @Test
    void anAccessPointIsCreatingForItsDelay() throws InterruptedException {
        fixture.knobs().set("delay.accesspoint.available", "300ms");

        CreateAccessPointResponse created = fixture.createAccessPoint("slow-ap", "/slow");

        assertEquals(LifeCycleState.CREATING, created.lifeCycleState());
        Thread.sleep(Duration.ofMillis(400));
        assertEquals(LifeCycleState.AVAILABLE, fixture.describeAccessPoint(created.accessPointId()).lifeCycleState());
    }

    @Test
    void describeDoesNotSeeANewAccessPointWithinTheConsistencyWindow() throws InterruptedException {
        fixture.knobs().set("consistency", "300ms");

        String id = fixture.createAccessPoint("fresh", "/fresh").accessPointId();

        assertThrows(AccessPointNotFoundException.class, () -> fixture.describeAccessPoint(id));
        assertEquals(List.of(), ids(fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED))));
        Thread.sleep(Duration.ofMillis(400));
        assertEquals(List.of(id), ids(fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED))));
    }

    @Test
    void invalidParametersAreBadRequest() {
        assertThrows(BadRequestException.class, () -> fixture.efs.describeAccessPoints(
                r -> r.fileSystemId(EfsFixture.SEEDED).accessPointId("fsap-00000000000000000")));
        assertThrows(BadRequestException.class, () -> fixture.efs.createAccessPoint(r -> r.clientToken("mode").fileSystemId(EfsFixture.SEEDED)
                .rootDirectory(d -> d.path("/m").creationInfo(c -> c.ownerUid(1L).ownerGid(1L).permissions("999")))));
        assertThrows(BadRequestException.class, () -> fixture.efs.createAccessPoint(r -> r.clientToken("uid").fileSystemId(EfsFixture.SEEDED)
                .posixUser(u -> u.uid(-1L).gid(1L))));
    }

    @Test
    void aRootDirectoryOfAtMost100CharactersAnd4LevelsIsAccepted() {
        String longest = "/" + "a".repeat(24) + "/" + "b".repeat(24) + "/" + "c".repeat(24) + "/" + "d".repeat(24);
        assertEquals(100, longest.length());
        assertEquals(longest, fixture.createAccessPoint("longest", longest).rootDirectory().path());
        assertEquals("/x/y.z/-w", fixture.createAccessPoint("odd", "/x/y.z/-w").rootDirectory().path());
    }

    @Test
    void aRootDirectoryOutsideEfsConstraintsIsAValidationExceptionQuotingThem() {
        EfsException tooLong = assertThrows(EfsException.class, () -> fixture.createAccessPoint("long", "/" + "a".repeat(100)));
        assertEquals("ValidationException", tooLong.awsErrorDetails().errorCode());
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.awsErrorDetails().errorMessage().startsWith("1 validation error detected: Value '/" + "a".repeat(100)
                + "' at 'rootDirectory.path' failed to satisfy constraint: Member must have length less than or equal to 100"),
                tooLong.awsErrorDetails().errorMessage());

        for (String path : List.of("/a/b/c/d/e", "/a/../b", "/.hidden", "relative", "/a//b", "/a/b?", "/a/$HOME")) {
            EfsException e = assertThrows(EfsException.class, () -> fixture.createAccessPoint("bad", path), path);
            assertEquals("ValidationException", e.awsErrorDetails().errorCode(), path);
            assertTrue(e.awsErrorDetails().errorMessage().contains("Member must satisfy regular expression pattern"),
                    e.awsErrorDetails().errorMessage());
        }

        String both = "/" + "a".repeat(30) + "/b/c/d/" + "e".repeat(70);
        EfsException two = assertThrows(EfsException.class, () -> fixture.createAccessPoint("both", both));
        assertTrue(two.awsErrorDetails().errorMessage().startsWith("2 validation errors detected: "), two.awsErrorDetails().errorMessage());
        assertEquals(List.of(), ids(fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED))),
                "a refused request creates nothing");
    }

    private static List<String> ids(DescribeAccessPointsResponse response) {
        return response.accessPoints().stream().map(AccessPointDescription::accessPointId).toList();
    }
}
