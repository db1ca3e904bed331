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
 * The CSI conformance suite against {@code polycsi all --simulate} with the built-in File Cache
 * backend: the real FSx SDK client against the simulator, a cache per volume, and real bind
 * mounts (root) of the simulator's directories where the node runs
 * {@code mount -t lustre <dnsname>@tcp:/<mountname>}. The suite's volumes are ReadWriteMany with
 * two S3 associations; the File Cache tests add two publishes sharing data, the associations'
 * paths in the mounted cache, the official driver's static volumes with and without the prefix,
 * and the refusals: no mount name, block, a malformed association, expansion.
 */
class FileCacheConformanceTest extends NetworkFileSystemConformance {

    /** fc-….fsx.<region>.amazonaws.com, as FSx forms the DNS name. */
    private static final Pattern DNS_NAME = Pattern.compile("(fc-[0-9a-f]{17})\\.fsx\\.us-east-1\\.amazonaws\\.com");
    private static final String ASSOCIATIONS = "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/ "
            + "FileCachePath=/ns2/,DataRepositoryPath=s3://training-data/set2/";

    FileCacheConformanceTest() {
        super("the simulated cache");
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "filecache",
                "subnetId", "subnet-0123456789abcdef0",
                "securityGroupIds", "sg-0123456789abcdef0",
                "dataRepositoryAssociations", ASSOCIATIONS);
    }

    /** The simulator's directory for the cache behind a volume. */
    private Path cacheDirectory(Csi.Volume volume) {
        return workDir().resolve("simulator/fsx").resolve(cacheId(volume));
    }

    private static String cacheId(Csi.Volume volume) {
        Matcher dnsName = DNS_NAME.matcher(volume.getVolumeContextOrDefault("dnsname", ""));
        assertTrue(dnsName.matches(), "volume context " + volume.getVolumeContextMap());
        return dnsName.group(1);
    }

    @Test
    void aVolumeIsACacheWithTheOfficialVolumeContext() {
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("context");
            String id = cacheId(volume);
            assertEquals("filecache:" + id, volume.getVolumeId());
            assertEquals(1200L << 30, volume.getCapacityBytes(), "1 GiB asked: File Cache's smallest, 1200 GiB");
            assertEquals(2, volume.getVolumeContextCount(), volume.getVolumeContextMap().toString());
            assertTrue(volume.getVolumeContextOrDefault("mountname", "").matches("[a-z0-9]{8}"), volume.getVolumeContextMap().toString());
        }
    }

    @Test
    void twoPublishesOfOneVolumeShareDataAndShowTheRepositoriesAtTheirCachePaths() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("rwx");
            Path first = newTarget("first");
            Path second = newTarget("second");
            publish(volume, first, false);
            publish(volume, second, false);
            assertTrue(Files.isDirectory(first.resolve("ns1")) && Files.isDirectory(first.resolve("ns2")),
                    "the associations' cache paths /ns1 and /ns2 are in the mounted cache");
            Files.writeString(first.resolve("ns1/shared.txt"), "from the first pod");
            assertEquals("from the first pod", Files.readString(second.resolve("ns1/shared.txt")),
                    "a file written through one publish is not seen through the other");
            Files.writeString(second.resolve("reply.txt"), "from the second pod");
            assertEquals("from the second pod", Files.readString(first.resolve("reply.txt")));
            assertEquals("from the first pod", Files.readString(cacheDirectory(volume).resolve("ns1/shared.txt")));
            unpublish(volume.getVolumeId(), first);
            unpublish(volume.getVolumeId(), second);
            assertFalse(Mounts.isMountPoint(first) || Mounts.isMountPoint(second), "still mounted after NodeUnpublishVolume");

            Path again = newTarget("again");
            publish(volume, again, true);
            assertEquals("from the first pod", Files.readString(again.resolve("ns1/shared.txt")), "data did not survive republishing");
            unpublish(volume.getVolumeId(), again);
        }
    }

    /** The exports of an NFS server linked at the cache's root appear as directories of the mounted cache. */
    @Test
    void theExportsOfAnNfsRepositoryAreDirectoriesOfTheCache() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume(createRequest(uniqueName("nfs")).putParameters("dataRepositoryAssociations",
                    "FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/export1,/export2],"
                            + "NFS={Version=NFS3,DnsIps=[10.0.0.2]}").build());
            Path target = newTarget("nfs");
            publish(volume, target, false);
            try {
                assertTrue(Files.isDirectory(target.resolve("export1")) && Files.isDirectory(target.resolve("export2")),
                        "the exports at the cache's root");
            } finally {
                unpublish(volume.getVolumeId(), target);
            }
        }
    }

    /** The kubelet retries a publish whose answer it lost: the mount already there is success. */
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
            assertTrue(otherVolume.getStatus().getDescription().contains(cacheId(volume)), otherVolume.getStatus().getDescription());
            unpublish(volume.getVolumeId(), target);
            unpublish(volume.getVolumeId(), target);
            assertFalse(Mounts.isMountPoint(target));
        }
    }

    /**
     * PersistentVolumes written for aws-file-cache-csi-driver: the cache ID as handle, with or
     * without this driver's prefix, dnsname and mountname as volume attributes, the PV's
     * mountOptions as mount flags. DeleteVolume of such a handle leaves a cache without the
     * CSIVolumeName tag alone; this one has it, being the suite's own.
     */
    @Test
    void staticVolumesOfTheOfficialDriverMount() throws Exception {
        assumeCanMount();
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("static");
            String id = cacheId(volume);
            Files.writeString(cacheDirectory(volume).resolve("ns2/hello.txt"), "static data");
            Map<String, String> attributes = Map.of("dnsname", volume.getVolumeContextOrThrow("dnsname"),
                    "mountname", volume.getVolumeContextOrThrow("mountname"));
            for (String handle : List.of(id, "filecache:" + id)) {
                Path target = newTarget("static");
                publish(handle, attributes, target, true, List.of("noatime"));
                try {
                    assertEquals("static data", Files.readString(target.resolve("ns2/hello.txt")), handle);
                    assertTrue(Mounts.isMountPoint(target), handle);
                } finally {
                    unpublish(handle, target);
                }
                assertFalse(Mounts.isMountPoint(target), handle + " still mounted");
            }
            assertTrue(client().controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(id).addVolumeCapabilities(capability()).build()).hasConfirmed(),
                    "the bare handle is this backend's, found by its id, and confirmed without StorageClass parameters");
        }
    }

    /** Every cache has a mount name of its own: a volume context without one is refused, not guessed. */
    @Test
    void aStaticVolumeWithoutItsMountNameIsRefused() throws Exception {
        Path target = newTarget("nomountname");
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> {
            publish("fc-0123456789abcdef0", Map.of("dnsname", "fc-0123456789abcdef0.fsx.us-east-1.amazonaws.com"), target, false,
                    List.of());
            return null;
        });
        assertTrue(e.getStatus().getDescription().contains("mountname"), e.getStatus().getDescription());
        assertFalse(Mounts.isMountPoint(target));
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
            publish("filecache:fc-0123456789abcdef0", Map.of("dnsname", "fc-0123456789abcdef0.fsx.us-east-1.amazonaws.com",
                    "mountname", "fmvszbmv", "MountName", "x"), target, false, List.of());
            return null;
        });
        assertTrue(e.getStatus().getDescription().contains("MountName"), e.getStatus().getDescription());
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
    void aMalformedAssociationIsRefusedAtItsPositionBeforeFsxIsAsked() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client().controller().createVolume(
                createRequest(uniqueName("bad")).putParameters("dataRepositoryAssociations",
                        "FileCachePath=/ns1/,NFS,DataRepositoryPath=s3://training-data/set1/").build()));
        assertTrue(e.getStatus().getDescription().contains("'dataRepositoryAssociations', character 21"), e.getStatus().getDescription());
    }

    /** A cache cannot grow: the driver serving only caches does not advertise expansion, and refuses it naming the volume. */
    @Test
    void expansionIsNeitherAdvertisedNorDone() {
        boolean advertised = client().controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream()
                .anyMatch(c -> c.getRpc().getType() == Csi.ControllerServiceCapability.RPC.Type.EXPAND_VOLUME);
        assertFalse(advertised);
        try (Created created = new Created()) {
            Csi.Volume volume = created.volume("grow");
            StatusRuntimeException e = expect(Status.Code.UNIMPLEMENTED, () -> client().controller().controllerExpandVolume(
                    Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId())
                            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2400L << 30)).build()));
            assertTrue(e.getStatus().getDescription().contains("cannot grow"), e.getStatus().getDescription());
        }
    }
}
