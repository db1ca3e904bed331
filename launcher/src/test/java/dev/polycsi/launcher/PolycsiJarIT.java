package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.conformance.Mounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged driver, as a user runs it: {@code java -jar polycsi.jar all --plugin-dir …},
 * taken through a volume's whole life over its unix socket, then stopped with SIGTERM.
 */
class PolycsiJarIT {

    static final Path JAR = Path.of(System.getProperty("polycsi.test.jar", "target/polycsi.jar"));
    static final String PLUGIN_DIR = System.getProperty("polycsi.test.pluginDir");
    static final String SECRET = "s3cr3t-value-never-logged";

    @Test
    void takesAVolumeThroughItsWholeLifeAndStopsCleanlyOnSigterm() throws Exception {
        HostRequirements.assumeRoot("bind-mounts volumes");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
        Path work = Files.createTempDirectory("polycsi-it-");
        Path socket = work.resolve("csi.sock");
        Path log = work.resolve("driver.log");
        Process driver = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-jar", JAR.toString(),
                "all", "--endpoint", "unix://" + socket, "--plugin-dir", PLUGIN_DIR, "--backends", "hostpath", "--node-id", "it-node",
                "--backend-option", "hostpath.root=" + work.resolve("hostpath"), "--log-level", "debug"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (CsiClient csi = new CsiClient(socket, Duration.ofSeconds(30))) {
            csi.waitUntilReady(Duration.ofSeconds(60), driver::isAlive);

            assertEquals("aws.polycsi.dev", csi.identity().getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance()).getName());
            assertEquals("it-node", csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance()).getNodeId());

            Csi.VolumeCapability capability = Csi.VolumeCapability.newBuilder()
                    .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                    .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                    .build();
            Csi.Volume volume = csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                    .setName("pvc-it-1")
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(64L << 20))
                    .addVolumeCapabilities(capability)
                    .putParameters("backend", "hostpath")
                    .putSecrets("password", SECRET)
                    .build()).getVolume();
            String id = volume.getVolumeId();
            assertTrue(id.startsWith("hostpath:"), id);

            var publishContext = csi.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(id).setNodeId("it-node").setVolumeCapability(capability).build()).getPublishContextMap();
            Path staging = Files.createDirectories(work.resolve("staging"));
            csi.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(id)
                    .setStagingTargetPath(staging.toString()).setVolumeCapability(capability).putAllPublishContext(publishContext).build());
            Path target = work.resolve("pods/pod-1/volume");
            Files.createDirectories(target.getParent());
            csi.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(id)
                    .setStagingTargetPath(staging.toString()).setTargetPath(target.toString())
                    .setVolumeCapability(capability).putAllPublishContext(publishContext).build());
            assertTrue(Mounts.isMountPoint(target));
            Files.writeString(target.resolve("hello.txt"), "written through the mount");

            csi.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(id).setTargetPath(target.toString()).build());
            assertFalse(Mounts.isMountPoint(target));
            csi.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder().setVolumeId(id).setStagingTargetPath(staging.toString()).build());
            csi.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(id).setNodeId("it-node").build());
            csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build());
            csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build());
        } finally {
            driver.destroy();
            boolean exited = driver.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                driver.destroyForcibly();
            }
            Mounts.unmountAllUnder(work);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            try {
                assertTrue(exited, "the driver did not stop within 30 s of SIGTERM:\n" + output);
                assertEquals(0, driver.exitValue(), output);
                assertFalse(output.contains(SECRET), "a secret reached the log:\n" + output);
                assertTrue(output.contains("password"), "the log names which secrets a request carried:\n" + output);
                assertOneLinePerRpc(output);
                assertFalse(Files.exists(socket), "the socket is removed on exit");
            } finally {
                Mounts.deleteTree(work);
            }
        }
    }

    /** Each RPC leaves exactly one debug line, with its request. */
    private static void assertOneLinePerRpc(String output) {
        for (String rpc : List.of("CreateVolume", "ControllerPublishVolume", "NodeStageVolume", "NodePublishVolume",
                "NodeUnpublishVolume", "NodeUnstageVolume", "ControllerUnpublishVolume", "GetPluginInfo", "NodeGetInfo")) {
            Matcher lines = Pattern.compile("(?m)^.* " + rpc + " -> OK in \\d+ µs; request \\{.*\\}$").matcher(output);
            int count = 0;
            while (lines.find()) {
                count++;
            }
            assertEquals(1, count, rpc + " should log one line:\n" + output);
        }
        Matcher deletes = Pattern.compile("(?m)^.* DeleteVolume -> OK").matcher(output);
        int count = 0;
        while (deletes.find()) {
            count++;
        }
        assertEquals(2, count, output);
    }
}
