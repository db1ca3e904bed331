package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CSI conformance suite against {@code polycsi all --simulate} with the built-in FSx for
 * Lustre backend: the real FSx SDK client against the simulator, a file system per volume, and
 * real bind mounts (root) of the simulator's directories where the node runs
 * {@code mount -t lustre <dnsname>@tcp:/<mountname>}. The suite's volumes are ReadWriteMany;
 * the Lustre tests add two publishes sharing data, the official driver's static volumes, mount
 * options, and publishing over a mount that is already there.
 */
class LustreConformanceTest extends NetworkFileSystemConformance {

    /** fs-….fsx.<region>.amazonaws.com, as FSx forms the DNS name. */
    private static final Pattern DNS_NAME = Pattern.compile("(fs-[0-9a-f]{17})\\.fsx\\.us-east-1\\.amazonaws\\.com");

    LustreConformanceTest() {
        super("the simulated file system");
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "fsx-lustre",
                "subnetId", "subnet-0123456789abcdef0",
                "securityGroupIds", "sg-0123456789abcdef0",
                "deploymentType", "PERSISTENT_2",
                "perUnitStorageThroughput", "125");
    }

    /** The simulator's directory for the file system behind a volume. */
    private Path fileSystemDirectory(Csi.Volume volume) {
        return workDir().resolve("simulator/fsx").resolve(fileSystemId(volume));
    }

    private static String fileSystemId(Csi.Volume volume) {
        Matcher dnsName = DNS_NAME.matcher(volume.getVolumeContextOrDefault("dnsname", ""));
        assertTrue(dnsName.matches(), "volume context " + volume.getVolumeContextMap());
        return dnsName.group(1);
    }

    @Test
    void aVolumeIsAFileSystemWithTheOfficialVolumeContext() {
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("context");
            String id = fileSystemId(volume);
            assertEquals("fsx-lustre:" + id, volume.getVolumeId());
            assertEquals(1200L << 30, volume.getCapacityBytes(), "1 GiB asked of PERSISTENT_2 SSD: FSx's smallest, 1200 GiB");
            assertTrue(volume.getVolumeContextOrDefault("mountname", "").matches("[a-z0-9]{8}"), volume.getVolumeContextMap().toString());
        }
    }

    @Test
    void twoPublishesOfOneVolumeShareDataThatOutlivesThem() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("rwx");
            Path first = newTarget("first");
            Path second = newTarget("second");
            publish(volume, first, false);
            publish(volume, second, false);
            Files.writeString(first.resolve("shared.txt"), "from the first pod");
            assertEquals("from the first pod", Files.readString(second.resolve("shared.txt")),
                    "a file written through one publish is not seen through the other");
            Files.writeString(second.resolve("reply.txt"), "from the second pod");
            assertEquals("from the second pod", Files.readString(first.resolve("reply.txt")));
            assertEquals("from the first pod", Files.readString(fileSystemDirectory(volume).resolve("shared.txt")));
            unpublish(volume.getVolumeId(), first);
            unpublish(volume.getVolumeId(), second);
            assertFalse(Mounts.isMountPoint(first) || Mounts.isMountPoint(second), "still mounted after NodeUnpublishVolume");

            Path again = newTarget("again");
            publish(volume, again, true);
            assertEquals("from the first pod", Files.readString(again.resolve("shared.txt")), "data did not survive republishing");
            unpublish(volume.getVolumeId(), again);
        }
    }

    /** The kubelet retries a publish whose answer it lost: the mount already there is success, also after the node restarted. */
    @Test
    void publishingAgainOverItsOwnMountSucceedsAndAnotherVolumeThereIsAlreadyExists() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("again");
            Csi.Volume other = created.volume("other");
            Path target = newTarget("again");
            publish(volume, target, false);
            publish(volume, target, false);

            StatusRuntimeException otherVolume = expect(Status.Code.ALREADY_EXISTS, () -> {
                publish(other, target, false);
                return null;
            });
            assertTrue(otherVolume.getStatus().getDescription().contains(fileSystemId(volume)), otherVolume.getStatus().getDescription());
            expect(Status.Code.ALREADY_EXISTS, () -> {
                publish(volume, target, true);
                return null;
            });
            unpublish(volume.getVolumeId(), target);
            unpublish(volume.getVolumeId(), target);
            assertFalse(Mounts.isMountPoint(target));
        }
    }

    /**
     * PersistentVolumes written for aws-fsx-csi-driver: the file system ID as handle, with or
     * without this driver's prefix, dnsname and mountname as volume attributes, and the PV's
     * mountOptions (flock) as mount flags.
     */
    @Test
    void staticVolumesOfTheOfficialDriverMount() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("static");
            String id = fileSystemId(volume);
            Files.writeString(fileSystemDirectory(volume).resolve("hello.txt"), "static data");
            Map<String, String> attributes = Map.of("dnsname", volume.getVolumeContextOrThrow("dnsname"),
                    "mountname", volume.getVolumeContextOrThrow("mountname"));
            for (String handle : List.of(id, "fsx-lustre:" + id)) {
                Path target = newTarget("static");
                publish(handle, attributes, target, true, List.of("flock", "noatime"));
                try {
                    assertEquals("static data", Files.readString(target.resolve("hello.txt")), handle);
                    assertTrue(Mounts.isMountPoint(target), handle);
                } finally {
                    unpublish(handle, target);
                }
                assertFalse(Mounts.isMountPoint(target), handle + " still mounted");
            }
        }
    }

    /**
     * A static PersistentVolume has no StorageClass: ValidateVolumeCapabilities without
     * parameters confirms it, although a CreateVolume without subnetId would be refused.
     */
    @Test
    void aVolumeIsConfirmedWithoutStorageClassParameters() {
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("validate");
            Csi.ValidateVolumeCapabilitiesResponse answer = client().controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                            .setVolumeId(fileSystemId(volume))
                            .addVolumeCapabilities(capability())
                            .putAllVolumeContext(volume.getVolumeContextMap())
                            .build());
            assertTrue(answer.hasConfirmed(), answer.getMessage());
            Csi.ValidateVolumeCapabilitiesResponse badParameters = client().controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .addVolumeCapabilities(capability())
                            .putParameters("deploymentType", "PERSISTENT_3")
                            .build());
            assertFalse(badParameters.hasConfirmed());
            assertTrue(badParameters.getMessage().contains("deploymentType"), badParameters.getMessage());
        }
    }

    @Test
    void aStaticVolumeWithAWrongMountNameIsNotFoundAndLeavesNoMount() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("wrongname");
            Path target = newTarget("wrongname");
            StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> {
                publish(volume.getVolumeId(), Map.of("dnsname", volume.getVolumeContextOrThrow("dnsname"), "mountname", "nosuch"),
                        target, false, List.of());
                return null;
            });
            assertTrue(e.getStatus().getDescription().contains("nosuch"), e.getStatus().getDescription());
            assertFalse(Mounts.isMountPoint(target));
        }
    }

    @Test
    void unknownVolumeContextKeyIsRefused() throws Exception {
        Path target = newTarget("context");
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> {
            publish("fsx-lustre:fs-0123456789abcdef0", Map.of("dnsname", "fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com",
                    "DNSName", "x"), target, false, List.of());
            return null;
        });
        assertTrue(e.getStatus().getDescription().contains("DNSName"), e.getStatus().getDescription());
    }

    @Test
    void blockVolumesAreRefused() {
        var block = Csi.VolumeCapability.newBuilder()
                .setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
        expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(createRequest(uniqueName("block"))
                .clearVolumeCapabilities().addVolumeCapabilities(block).build()));
    }

    @Test
    void aBadParameterCombinationIsRefusedNamingTheMissingKey() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(
                createRequest(uniqueName("hdd")).putParameters("storageType", "HDD").putParameters("deploymentType", "PERSISTENT_1")
                        .putParameters("perUnitStorageThroughput", "12").build()));
        assertTrue(e.getStatus().getDescription().contains("driveCacheType"), e.getStatus().getDescription());
    }
}
