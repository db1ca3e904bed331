package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.MountTargetNotFoundException;

class MountTargetsTest {

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
    void everyFileSystemHasAnAvailableMountTargetOnALoopbackAddressInEveryZone() throws Exception {
        List<MountTargetDescription> targets = fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED)).mountTargets();

        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), targets.stream().map(MountTargetDescription::availabilityZoneName).toList());
        assertEquals(List.of("use1-az1", "use1-az2", "use1-az3"), targets.stream().map(MountTargetDescription::availabilityZoneId).toList());
        assertEquals(3, targets.stream().map(MountTargetDescription::ipAddress).distinct().count());
        for (MountTargetDescription target : targets) {
            assertTrue(InetAddress.getByName(target.ipAddress()).isLoopbackAddress(), target.ipAddress());
            assertTrue(target.mountTargetId().matches("fsmt-[0-9a-f]{17}"));
            assertEquals(EfsFixture.SEEDED, target.fileSystemId());
            assertEquals(LifeCycleState.AVAILABLE, target.lifeCycleState());
            assertEquals("123456789012", target.ownerId());
            assertTrue(target.subnetId().startsWith("subnet-"));
            assertTrue(target.vpcId().startsWith("vpc-"));
            assertTrue(target.networkInterfaceId().startsWith("eni-"));
        }
    }

    @Test
    void describesByMountTargetIdAndByAccessPoint() {
        MountTargetDescription first = fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED)).mountTargets().getFirst();
        String accessPointId = fixture.createAccessPoint("mt", "/mt").accessPointId();

        assertEquals(List.of(first), fixture.efs.describeMountTargets(r -> r.mountTargetId(first.mountTargetId())).mountTargets());
        assertEquals(3, fixture.efs.describeMountTargets(r -> r.accessPointId(accessPointId)).mountTargets().size());
    }

    @Test
    void pagesWithMaxItemsAndMarker() {
        DescribeMountTargetsResponse first = fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED).maxItems(2));
        DescribeMountTargetsResponse second = fixture.efs.describeMountTargets(
                r -> r.fileSystemId(EfsFixture.SEEDED).maxItems(2).marker(first.nextMarker()));

        assertEquals(2, first.mountTargets().size());
        assertEquals(1, second.mountTargets().size());
        assertEquals(first.nextMarker(), second.marker());
        assertEquals(null, second.nextMarker());
    }

    @Test
    void errors() {
        MountTargetNotFoundException unknown = assertThrows(MountTargetNotFoundException.class,
                () -> fixture.efs.describeMountTargets(r -> r.mountTargetId("fsmt-00000000000000000")));
        assertEquals("MountTargetNotFound", unknown.awsErrorDetails().errorCode());
        assertThrows(FileSystemNotFoundException.class, () -> fixture.efs.describeMountTargets(r -> r.fileSystemId("fs-00000000000000000")));
        assertThrows(BadRequestException.class, () -> fixture.efs.describeMountTargets(r -> { }));
        assertThrows(BadRequestException.class,
                () -> fixture.efs.describeMountTargets(r -> r.fileSystemId(EfsFixture.SEEDED).mountTargetId("fsmt-00000000000000000")));
    }
}
