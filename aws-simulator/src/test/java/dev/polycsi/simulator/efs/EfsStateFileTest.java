package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.state.StateFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.Tag;
import software.amazon.awssdk.services.efs.model.ThroughputMode;

/** A simulator started on the state directory of one that stopped finds its file systems and access points as they were. */
class EfsStateFileTest {

    @TempDir
    Path dataDir;

    private Path stateDir() {
        return dataDir.resolve("state");
    }

    private Path stateFile() {
        return stateDir().resolve(EfsStateFile.NAME);
    }

    private EfsFixture start() {
        return EfsFixture.start(SimulatorConfig.defaults(dataDir).withStateDir(stateDir()));
    }

    @Test
    void fileSystemsMountTargetsAndAccessPointsSurviveARestartAndTheSeededOneIsThereOnce() {
        String created;
        String seededAccessPoint;
        List<FileSystemDescription> fileSystems;
        List<AccessPointDescription> accessPoints;
        List<MountTargetDescription> mountTargets;
        try (EfsFixture fixture = start()) {
            fixture.efs.tagResource(r -> r.resourceId(EfsFixture.SEEDED).tags(tag("Name", "shared")));
            created = fixture.efs.createFileSystem(r -> r.creationToken("persisted").encrypted(true)
                    .throughputMode(ThroughputMode.PROVISIONED).provisionedThroughputInMibps(64.5)
                    .availabilityZoneName("us-east-1b").tags(tag("Name", "one-zone"), tag("team", "storage"))).fileSystemId();
            seededAccessPoint = fixture.createAccessPoint("ap-seeded", "/pv-1").accessPointId();
            fixture.efs.createAccessPoint(r -> r.clientToken("ap-created").fileSystemId(created)
                    .posixUser(u -> u.uid(1001L).gid(1002L).secondaryGids(5L, 6L)).tags(tag("Name", "second")));
            fileSystems = fixture.efs.describeFileSystems().fileSystems();
            accessPoints = fixture.efs.describeAccessPoints(r -> { }).accessPoints();
            mountTargets = mountTargets(fixture, EfsFixture.SEEDED, created);
        }

        try (EfsFixture fixture = start()) {
            assertEquals(fileSystems, fixture.efs.describeFileSystems().fileSystems());
            assertEquals(1, fixture.efs.describeFileSystems().fileSystems().stream().filter(fs -> fs.fileSystemId().equals(EfsFixture.SEEDED))
                    .count());
            assertEquals(accessPoints, fixture.efs.describeAccessPoints(r -> { }).accessPoints());
            assertEquals(mountTargets, mountTargets(fixture, EfsFixture.SEEDED, created));

            AccessPointAlreadyExistsException reused = assertThrows(AccessPointAlreadyExistsException.class,
                    () -> fixture.createAccessPoint("ap-seeded", "/pv-1"));
            assertEquals(seededAccessPoint, reused.accessPointId());
            FileSystemAlreadyExistsException recreated = assertThrows(FileSystemAlreadyExistsException.class,
                    () -> fixture.efs.createFileSystem(r -> r.creationToken("persisted")));
            assertEquals(created, recreated.fileSystemId());
            String address = mountTargets.getLast().ipAddress();
            assertEquals(Optional.of(fixture.fileSystemDirectory(created)), fixture.mounts().resolve(address + ":/", "nfs4", List.of()));
        }
    }

    /** The owner survives a restart: another account's file system stays hidden from the simulated account. */
    @Test
    void anotherAccountsFileSystemStaysItsOwn() {
        String theirs;
        try (EfsFixture fixture = start(); EfsClient other = otherAccount(fixture)) {
            theirs = other.createFileSystem(r -> r.creationToken("other-account")).fileSystemId();
        }
        try (EfsFixture fixture = start(); EfsClient other = otherAccount(fixture)) {
            assertEquals("111122223333", other.describeFileSystems(r -> r.fileSystemId(theirs)).fileSystems().getFirst().ownerId());
            assertThrows(FileSystemNotFoundException.class, () -> fixture.efs.describeFileSystems(r -> r.fileSystemId(theirs)));
            assertEquals(SimulatorConfig.ACCOUNT_ID, fixture.efs.describeFileSystems(r -> r.fileSystemId(EfsFixture.SEEDED))
                    .fileSystems().getFirst().ownerId());
        }
    }

    /** A client signing with a temporary key of account 111122223333, as the simulator's STS hands out. */
    private static EfsClient otherAccount(EfsFixture fixture) {
        return EfsClient.builder().endpointOverride(fixture.simulator.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create("ASIA111122223333ABCD", "secret", "token")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    @Test
    void newResourcesGetNewIdsAddressesAndListAfterTheRestoredOnes() {
        List<MountTargetDescription> before;
        try (EfsFixture fixture = start()) {
            fixture.efs.createFileSystem(r -> r.creationToken("first"));
            before = fixture.efs.describeFileSystems().fileSystems().stream()
                    .flatMap(fs -> fixture.efs.describeMountTargets(r -> r.fileSystemId(fs.fileSystemId())).mountTargets().stream())
                    .toList();
        }

        try (EfsFixture fixture = start()) {
            String added = fixture.efs.createFileSystem(r -> r.creationToken("second")).fileSystemId();

            List<MountTargetDescription> after = fixture.efs.describeMountTargets(r -> r.fileSystemId(added)).mountTargets();
            List<String> oldAddresses = before.stream().map(MountTargetDescription::ipAddress).toList();
            assertFalse(after.stream().anyMatch(mt -> oldAddresses.contains(mt.ipAddress())), "addresses go on after the saved ones");
            List<String> all = fixture.efs.describeFileSystems().fileSystems().stream().map(FileSystemDescription::fileSystemId).toList();
            assertEquals(added, all.getLast());
            assertEquals(all, pagedFileSystemIds(fixture), "pagination markers follow the creation order across the restart");
        }
    }

    @Test
    void aFileSystemWhoseCreationEndedWhileStoppedIsAvailableAfterARestart() throws InterruptedException {
        String soonAvailable;
        String longCreating;
        try (EfsFixture fixture = start()) {
            fixture.knobs().set("delay.filesystem.available", "200ms");
            soonAvailable = fixture.efs.createFileSystem(r -> r.creationToken("soon")).fileSystemId();
            fixture.knobs().set("delay.filesystem.available", "60m");
            longCreating = fixture.efs.createFileSystem(r -> r.creationToken("later")).fileSystemId();
            assertEquals(LifeCycleState.CREATING, state(fixture, soonAvailable));
        }
        Thread.sleep(400);

        try (EfsFixture fixture = start()) {
            assertEquals(LifeCycleState.AVAILABLE, state(fixture, soonAvailable));
            assertEquals(LifeCycleState.CREATING, state(fixture, longCreating));
        }
    }

    @Test
    void aCorruptStateFileStopsTheStartNamingTheFile() throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(stateFile(), "{\"version\": 1, \"sequence\": 2, \"fileSystems\": [{\"id\": \"fs-0123456789abcdef0\"}]}");

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains(stateFile().toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("fileSystems[0]"), refused.getMessage());
    }

    @Test
    void theSeededFileSystemIsSavedAtOnceAndEverySaveLeavesNoTemporaryFile() throws IOException {
        try (EfsFixture fixture = start()) {
            assertTrue(Files.readString(stateFile()).contains(EfsFixture.SEEDED));
            String accessPoint = fixture.createAccessPoint("token", "/a").accessPointId();
            fixture.efs.deleteAccessPoint(r -> r.accessPointId(accessPoint));

            try (Stream<Path> files = Files.list(stateDir())) {
                assertEquals(List.of(stateFile()), files.toList());
            }
        }
    }

    private static List<String> pagedFileSystemIds(EfsFixture fixture) {
        List<String> ids = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            DescribeFileSystemsResponse page = fixture.efs.describeFileSystems(r -> r.maxItems(1).marker(from));
            page.fileSystems().forEach(fs -> ids.add(fs.fileSystemId()));
            marker = page.nextMarker();
        } while (marker != null);
        return ids;
    }

    private static List<MountTargetDescription> mountTargets(EfsFixture fixture, String... fileSystemIds) {
        return Stream.of(fileSystemIds)
                .flatMap(id -> fixture.efs.describeMountTargets(r -> r.fileSystemId(id)).mountTargets().stream())
                .toList();
    }

    private static LifeCycleState state(EfsFixture fixture, String fileSystemId) {
        return fixture.efs.describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems().getFirst().lifeCycleState();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
