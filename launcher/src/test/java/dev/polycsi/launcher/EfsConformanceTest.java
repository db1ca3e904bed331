package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CSI conformance suite against {@code polycsi all --simulate} with the built-in EFS backend:
 * the real EFS SDK client against the simulator, access points for volumes, and real bind mounts
 * (root) of the simulator's directories where the node runs {@code mount -t efs}. The suite's
 * volumes are ReadWriteMany; the EFS tests add two publishes of one volume sharing data, the
 * access point's root directory as the StorageClass asked for it, and static volume handles.
 */
class EfsConformanceTest extends CsiConformanceSuite {

    static final String FILE_SYSTEM = "fs-0123456789abcdef0";

    @Override
    protected DriverUnderTest startDriver(Path workDir) throws Exception {
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), List.of("all",
                "--simulate",
                "--simulator-data", workDir.resolve("simulator").toString(),
                "--backends", "efs"));
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "efs", "provisioningMode", "efs-ap", "fileSystemId", FILE_SYSTEM, "directoryPerms", "700");
    }

    @Override
    protected Csi.VolumeCapability capability() {
        return capability(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER);
    }

    static Csi.VolumeCapability capability(Csi.VolumeCapability.AccessMode.Mode mode) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode))
                .build();
    }

    /** Deletes the volumes a test created, whether it passes or not; the suite unmounts what is left under pods/. */
    private final class Volumes implements AutoCloseable {
        private final java.util.ArrayDeque<String> ids = new java.util.ArrayDeque<>();

        Csi.Volume volume(Csi.Volume volume) {
            ids.push(volume.getVolumeId());
            return volume;
        }

        @Override
        public void close() {
            Mounts.unmountAllUnder(workDir().resolve("pods"));
            ids.forEach(id -> client().controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build()));
        }
    }

    /** The node bind-mounts the simulator's directories where it would mount EFS. */
    private static void assumeCanMount() {
        HostRequirements.assumeRoot("mounts the simulated file system");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
    }

    private Path newTarget(String name) throws Exception {
        Path pod = Files.createDirectories(workDir().resolve("pods").resolve(uniqueName(name)));
        return pod.resolve("mount");
    }

    private void publish(Csi.Volume volume, Path target, boolean readonly) {
        client().node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setTargetPath(target.toString())
                .setVolumeCapability(capability())
                .setReadonly(readonly)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build());
    }

    private void unpublish(Csi.Volume volume, Path target) {
        client().node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId()).setTargetPath(target.toString()).build());
    }

    @Test
    void twoPublishesOfOneVolumeShareDataThatOutlivesThem() throws Exception {
        assumeCanMount();
        try (Volumes cleanup = new Volumes()) {
            Csi.Volume volume = cleanup.volume(client().controller().createVolume(createRequest(uniqueName("rwx")).build()).getVolume());
            assertTrue(volume.getVolumeId().matches("efs:" + FILE_SYSTEM + "::fsap-[0-9a-f]+"), volume.getVolumeId());
            Path first = newTarget("first");
            Path second = newTarget("second");
            publish(volume, first, false);
            publish(volume, second, false);
            Files.writeString(first.resolve("shared.txt"), "from the first pod");
            assertEquals("from the first pod", Files.readString(second.resolve("shared.txt")),
                    "a file written through one publish is not seen through the other");
            Files.writeString(second.resolve("reply.txt"), "from the second pod");
            assertEquals("from the second pod", Files.readString(first.resolve("reply.txt")));
            unpublish(volume, first);
            unpublish(volume, second);
            assertFalse(Mounts.isMountPoint(first) || Mounts.isMountPoint(second), "still mounted after NodeUnpublishVolume");

            Path again = newTarget("again");
            publish(volume, again, true);
            assertEquals("from the first pod", Files.readString(again.resolve("shared.txt")), "data did not survive republishing");
            unpublish(volume, again);
        }
    }

    @Test
    void accessPointRootDirectoryHasTheOwnerAndModeAskedFor() throws Exception {
        assumeCanMount();
        Map<String, String> parameters = new HashMap<>(storageClassParameters());
        parameters.putAll(Map.of("uid", "1234", "gid", "5678", "directoryPerms", "750", "basePath", "/dynamic",
                "subPathPattern", "${.PV.name}", "ensureUniqueDirectory", "false"));
        try (Volumes cleanup = new Volumes()) {
            String name = uniqueName("owner");
            Csi.Volume volume = cleanup.volume(client().controller().createVolume(createRequest(name)
                    .clearParameters().putAllParameters(parameters).build()).getVolume());
            Path target = newTarget("owner");
            publish(volume, target, false);
            assertEquals(1234, Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(5678, Files.getAttribute(target, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(0750, (int) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
            Path directory = workDir().resolve("simulator/efs").resolve(FILE_SYSTEM).resolve("dynamic").resolve(name);
            assertTrue(Files.isDirectory(directory), "the access point's root is not " + directory);
            unpublish(volume, target);
        }
    }

    /**
     * A StatefulSet's claim whose directory, basePath/namespace/name, would be longer than EFS's
     * 100 characters: the official driver refuses it; here the last directory is shortened, the
     * same way for the same claim, another way for another.
     */
    @Test
    void aClaimWhoseDirectoryWouldPassEfsLimitStillProvisions() throws Exception {
        String claim = "data-" + "a-very-long-statefulset-name-".repeat(4) + "0";
        try (Volumes cleanup = new Volumes()) {
            Csi.Volume volume = cleanup.volume(createForClaim(claim));
            Csi.Volume sameClaim = cleanup.volume(createForClaim(claim));
            Csi.Volume otherClaim = cleanup.volume(createForClaim(claim.replace("-0", "-1")));
            HostRequirements.assumeRoot("checking the directories mounts, which needs root");

            Path target = newTarget("long");
            publish(volume, target, false);
            Files.writeString(target.resolve("written.txt"), "through the first volume");
            Path claimsDirectory = workDir().resolve("simulator/efs").resolve(FILE_SYSTEM).resolve("dynamic_provisioning/databases");
            List<Path> directories;
            try (var listing = Files.list(claimsDirectory)) {
                directories = listing.toList();
            }
            assertEquals(1, directories.size(), directories::toString);
            String root = "/dynamic_provisioning/databases/" + directories.getFirst().getFileName();
            assertTrue(root.length() <= 100, root + " is longer than EFS allows");
            assertTrue(root.startsWith("/dynamic_provisioning/databases/data-a-very-long-statefulset-name-"), root);
            assertEquals("through the first volume", Files.readString(directories.getFirst().resolve("written.txt")));

            Path sameTarget = newTarget("long");
            publish(sameClaim, sameTarget, false);
            assertEquals("through the first volume", Files.readString(sameTarget.resolve("written.txt")),
                    "ensureUniqueDirectory=false: the same claim must find the same directory");
            Path otherTarget = newTarget("long");
            publish(otherClaim, otherTarget, false);
            assertFalse(Files.exists(otherTarget.resolve("written.txt")), "another claim must get another directory");
            unpublish(volume, target);
            unpublish(sameClaim, sameTarget);
            unpublish(otherClaim, otherTarget);
        }
    }

    private Csi.Volume createForClaim(String claim) {
        return client().controller().createVolume(createRequest(uniqueName("claim"))
                .putParameters("basePath", "/dynamic_provisioning")
                .putParameters("subPathPattern", "${.PVC.namespace}/${.PVC.name}")
                .putParameters("ensureUniqueDirectory", "false")
                .putParameters("csi.storage.k8s.io/pvc/name", claim)
                .putParameters("csi.storage.k8s.io/pvc/namespace", "databases")
                .build()).getVolume();
    }

    @Test
    void allocatedGidsDifferAndOwnTheRootDirectories() throws Exception {
        assumeCanMount();
        try (Volumes cleanup = new Volumes()) {
            Csi.Volume one = cleanup.volume(client().controller().createVolume(createRequest(uniqueName("gid")).build()).getVolume());
            Csi.Volume two = cleanup.volume(client().controller().createVolume(createRequest(uniqueName("gid")).build()).getVolume());
            Path first = newTarget("gid");
            Path second = newTarget("gid");
            publish(one, first, false);
            publish(two, second, false);
            int gidOne = (int) Files.getAttribute(first, "unix:gid");
            int gidTwo = (int) Files.getAttribute(second, "unix:gid");
            assertTrue(gidOne >= 50000 && gidTwo >= 50000 && gidOne != gidTwo, gidOne + " and " + gidTwo);
            assertEquals(gidOne, (int) Files.getAttribute(first, "unix:uid"), "uid defaults to the allocated gid");
            unpublish(one, first);
            unpublish(two, second);
        }
    }

    @Test
    void staticHandlesOfTheOfficialDriverMount() throws Exception {
        assumeCanMount();
        Path shared = workDir().resolve("simulator/efs").resolve(FILE_SYSTEM).resolve("static");
        Files.createDirectories(shared);
        Files.writeString(shared.resolve("hello.txt"), "static data");
        for (String handle : List.of(FILE_SYSTEM, "efs:" + FILE_SYSTEM, FILE_SYSTEM + ":/static", "efs:" + FILE_SYSTEM + ":/static")) {
            Csi.Volume volume = Csi.Volume.newBuilder().setVolumeId(handle).build();
            Path target = newTarget("static");
            publish(volume, target, true);
            try {
                Path file = handle.endsWith("/static") ? target.resolve("hello.txt") : target.resolve("static/hello.txt");
                assertEquals("static data", Files.readString(file), handle);
            } finally {
                unpublish(volume, target);
            }
            assertFalse(Mounts.isMountPoint(target), handle + " still mounted");
        }
    }

    @Test
    void unknownVolumeContextKeyIsRefused() throws Exception {
        Csi.Volume volume = Csi.Volume.newBuilder().setVolumeId(FILE_SYSTEM).putVolumeContext("noSuchKey", "1").build();
        Path target = newTarget("context");
        var e = expect(Status.Code.INVALID_ARGUMENT, () -> {
            publish(volume, target, false);
            return null;
        });
        assertTrue(e.getStatus().getDescription().contains("noSuchKey"), e.getStatus().getDescription());
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
}
