package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.CreateFileSystemResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemInUseException;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.PerformanceMode;
import software.amazon.awssdk.services.efs.model.ThroughputMode;
import software.amazon.awssdk.services.efs.model.UnsupportedAvailabilityZoneException;

class FileSystemsTest {

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
    void theConfiguredFileSystemExistsFromTheStartAvailableWithItsDirectory() {
        FileSystemDescription seeded = fixture.efs.describeFileSystems(r -> r.fileSystemId(EfsFixture.SEEDED)).fileSystems().getFirst();

        assertEquals(LifeCycleState.AVAILABLE, seeded.lifeCycleState());
        assertEquals(3, seeded.numberOfMountTargets());
        assertEquals("123456789012", seeded.ownerId());
        assertEquals("arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/" + EfsFixture.SEEDED, seeded.fileSystemArn());
        assertEquals(PerformanceMode.GENERAL_PURPOSE, seeded.performanceMode());
        assertNotNull(seeded.sizeInBytes().value());
        assertTrue(Files.isDirectory(fixture.fileSystemDirectory(EfsFixture.SEEDED)));
    }

    @Test
    void createdFileSystemIsCreatingThenAvailableWithEveryFieldTheSdkReads() throws InterruptedException {
        fixture.knobs().set("delay.filesystem.available", "300ms");
        Instant before = Instant.now().minusSeconds(1);

        CreateFileSystemResponse created = fixture.efs.createFileSystem(r -> r.creationToken("token-1")
                .performanceMode(PerformanceMode.MAX_IO).throughputMode(ThroughputMode.PROVISIONED)
                .provisionedThroughputInMibps(128.0).encrypted(true).kmsKeyId("alias/mine")
                .tags(t -> t.key("Name").value("data")));

        assertTrue(created.fileSystemId().matches("fs-[0-9a-f]{17}"));
        assertEquals(LifeCycleState.CREATING, created.lifeCycleState());
        assertEquals("token-1", created.creationToken());
        assertEquals("data", created.name());
        assertEquals(PerformanceMode.MAX_IO, created.performanceMode());
        assertEquals(128.0, created.provisionedThroughputInMibps());
        assertEquals("alias/mine", created.kmsKeyId());
        assertTrue(created.encrypted());
        assertTrue(created.creationTime().isAfter(before));
        assertTrue(Files.isDirectory(fixture.fileSystemDirectory(created.fileSystemId())));

        Thread.sleep(Duration.ofMillis(400));
        assertEquals(LifeCycleState.AVAILABLE,
                fixture.efs.describeFileSystems(r -> r.fileSystemId(created.fileSystemId())).fileSystems().getFirst().lifeCycleState());
    }

    @Test
    void aReusedCreationTokenAnswersFileSystemAlreadyExistsNamingTheFileSystem() {
        String id = fixture.efs.createFileSystem(r -> r.creationToken("same")).fileSystemId();

        FileSystemAlreadyExistsException e = assertThrows(FileSystemAlreadyExistsException.class,
                () -> fixture.efs.createFileSystem(r -> r.creationToken("same")));

        assertEquals("FileSystemAlreadyExists", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertEquals(id, e.fileSystemId());
    }

    @Test
    void describesByCreationToken() {
        String id = fixture.efs.createFileSystem(r -> r.creationToken("by-token")).fileSystemId();

        assertEquals(List.of(id), ids(fixture.efs.describeFileSystems(r -> r.creationToken("by-token"))));
        assertEquals(List.of(), ids(fixture.efs.describeFileSystems(r -> r.creationToken("unknown"))));
    }

    @Test
    void pagesWithMaxItemsAndMarker() {
        IntStream.range(0, 4).forEach(i -> fixture.efs.createFileSystem(r -> r.creationToken("page-" + i)));

        DescribeFileSystemsResponse first = fixture.efs.describeFileSystems(r -> r.maxItems(2));
        DescribeFileSystemsResponse second = fixture.efs.describeFileSystems(r -> r.maxItems(2).marker(first.nextMarker()));
        DescribeFileSystemsResponse third = fixture.efs.describeFileSystems(r -> r.maxItems(2).marker(second.nextMarker()));

        assertEquals(2, first.fileSystems().size());
        assertEquals(first.nextMarker(), second.marker());
        assertEquals(2, second.fileSystems().size());
        assertEquals(1, third.fileSystems().size());
        assertEquals(null, third.nextMarker());
        List<String> all = fixture.efs.describeFileSystemsPaginator(r -> r.maxItems(2)).fileSystems().stream()
                .map(FileSystemDescription::fileSystemId).toList();
        assertEquals(5, all.size());
        assertEquals(EfsFixture.SEEDED, all.getFirst());
    }

    @Test
    void anUnknownFileSystemIsFileSystemNotFound() {
        FileSystemNotFoundException e = assertThrows(FileSystemNotFoundException.class,
                () -> fixture.efs.describeFileSystems(r -> r.fileSystemId("fs-00000000000000000")));

        assertEquals("FileSystemNotFound", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    @Test
    void aFileSystemWithMountTargetsIsInUseAndGoesWithItsDataOnceTheyAreDeleted() throws Exception {
        String id = fixture.efs.createFileSystem(r -> r.creationToken("doomed")).fileSystemId();
        Files.writeString(fixture.fileSystemDirectory(id).resolve("data"), "x");

        FileSystemInUseException inUse = assertThrows(FileSystemInUseException.class, () -> fixture.efs.deleteFileSystem(r -> r.fileSystemId(id)));
        assertEquals("FileSystemInUse", inUse.awsErrorDetails().errorCode());

        fixture.efs.describeMountTargets(r -> r.fileSystemId(id)).mountTargets()
                .forEach(mt -> fixture.efs.deleteMountTarget(r -> r.mountTargetId(mt.mountTargetId())));
        fixture.efs.deleteFileSystem(r -> r.fileSystemId(id));

        assertThrows(FileSystemNotFoundException.class, () -> fixture.efs.describeFileSystems(r -> r.fileSystemId(id)));
        assertThrows(FileSystemNotFoundException.class, () -> fixture.efs.deleteFileSystem(r -> r.fileSystemId(id)));
        assertFalse(Files.exists(fixture.fileSystemDirectory(id)));
    }

    @Test
    void aOneZoneFileSystemHasOneMountTargetInItsZone() {
        CreateFileSystemResponse created = fixture.efs.createFileSystem(r -> r.creationToken("one-zone").availabilityZoneName("us-east-1b"));

        assertEquals("us-east-1b", created.availabilityZoneName());
        assertEquals("use1-az2", created.availabilityZoneId());
        assertEquals(1, created.numberOfMountTargets());
        assertThrows(UnsupportedAvailabilityZoneException.class,
                () -> fixture.efs.createFileSystem(r -> r.creationToken("elsewhere").availabilityZoneName("eu-west-1a")));
    }

    @Test
    void invalidParametersAreBadRequest() {
        BadRequestException provisioned = assertThrows(BadRequestException.class,
                () -> fixture.efs.createFileSystem(r -> r.creationToken("p").throughputMode(ThroughputMode.PROVISIONED)));
        assertEquals("BadRequest", provisioned.awsErrorDetails().errorCode());
        assertEquals(400, provisioned.statusCode());
        assertThrows(BadRequestException.class, () -> fixture.efs.createFileSystem(r -> r.creationToken("k").kmsKeyId("alias/x")));
        assertThrows(BadRequestException.class, () -> fixture.efs.describeFileSystems(r -> r.fileSystemId("not-an-id")));
        assertThrows(BadRequestException.class, () -> fixture.efs.describeFileSystems(r -> r.marker("garbage")));
    }

    private static List<String> ids(DescribeFileSystemsResponse response) {
        return response.fileSystems().stream().map(FileSystemDescription::fileSystemId).toList();
    }
}
