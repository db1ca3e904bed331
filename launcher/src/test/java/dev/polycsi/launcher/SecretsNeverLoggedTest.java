package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A marker secret sent in the secrets of every RPC that has them, on success and on error paths
 * (bad requests, AWS errors after the SDK's retries), on every backend, with the driver logging
 * at debug: it appears in no log line, no answer or error message, and nowhere in the metrics.
 */
class SecretsNeverLoggedTest {

    private static final String NODE = "i-0123456789abcdef0";

    /** A StorageClass of each backend but EBS (which the test drives through every RPC), as the conformance suites use them. */
    private static final List<Map<String, String>> OTHER_BACKENDS = List.of(
            Map.of("backend", "efs", "provisioningMode", "efs-ap", "fileSystemId", EfsConformanceTest.FILE_SYSTEM),
            Map.of("backend", "fsx-lustre", "subnetId", "subnet-0123456789abcdef0", "securityGroupIds", "sg-0123456789abcdef0",
                    "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125"),
            Map.of("backend", "filecache", "subnetId", "subnet-0123456789abcdef0", "securityGroupIds", "sg-0123456789abcdef0",
                    "dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/"),
            Map.of("backend", "fsx-ontap", "fileSystemId", OntapLongOperationsTest.FILE_SYSTEM,
                    "storageVirtualMachineId", OntapLongOperationsTest.SVM));

    @Test
    void aSecretReachesNoLogLineAndNoAnswer() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        Map<String, String> secrets = Map.of("password", marker, "awsRoleArn", "arn:aws:iam::123456789012:role/" + marker);
        Path work = Files.createTempDirectory("polycsi-secrets-");
        List<String> answers = new ArrayList<>();
        // Every DeleteSnapshot fails in EC2, so that an AWS error with its causes (the SDK's retries
        // given up) takes its path to the answer and the log.
        SubprocessDriver driver = SubprocessDriver.start(work, Duration.ofSeconds(60), List.of("all", "--simulate",
                "--simulator-data", work.resolve("simulator").toString(), "--knob", "errors.DeleteSnapshot=1",
                "--metrics-address", "127.0.0.1:0"));
        String scrape = "";
        // A stub's deadline runs from when it is made: each call gets a fresh one. 2 minutes covers
        // the SDK's retries of the failing DeleteSnapshot on a busy machine.
        try (CsiClient csi = new CsiClient(driver.socket(), Duration.ofMinutes(2))) {
            Csi.VolumeCapability rwo = Csi.VolumeCapability.newBuilder()
                    .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                    .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                    .build();
            Csi.CapacityRange oneGib = Csi.CapacityRange.newBuilder().setRequiredBytes(1L << 30).build();

            String volume = call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder().setName("pvc-secrets")
                    .putParameters("backend", "ebs").setCapacityRange(oneGib).addVolumeCapabilities(rwo).putAllSecrets(secrets).build())
                    .getVolume().getVolumeId());
            assertNotNull(volume, () -> "CreateVolume failed: " + answers);
            // Error paths: a bad parameter, a missing name, an unknown backend.
            call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder().setName("pvc-bad")
                    .putParameters("backend", "ebs").putParameters("type", "no-such-type").addVolumeCapabilities(rwo)
                    .putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder().addVolumeCapabilities(rwo)
                    .putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder().setName("pvc-nowhere")
                    .putParameters("backend", "no-such-backend").addVolumeCapabilities(rwo).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(volume).addVolumeCapabilities(rwo).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(volume).setNodeId("i-00000000000000000").setVolumeCapability(rwo).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                    .setVolumeId(volume).setNodeId(NODE).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId(volume)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2L << 30)).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().controllerModifyVolume(Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(volume)
                    .putMutableParameters("no-such-key", "1").putAllSecrets(secrets).build()));
            String snapshot = call(answers, () -> csi.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder()
                    .setName("snapshot-secrets").setSourceVolumeId(volume).putAllSecrets(secrets).build()).getSnapshot().getSnapshotId());
            assertNotNull(snapshot, () -> "CreateSnapshot failed: " + answers);
            call(answers, () -> csi.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder().setName("snapshot-nowhere")
                    .setSourceVolumeId("ebs:vol-0ffffffffffffffff").putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().listSnapshots(Csi.ListSnapshotsRequest.newBuilder().setSourceVolumeId(volume)
                    .putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshot)
                    .putAllSecrets(secrets).build()));
            for (Map<String, String> parameters : OTHER_BACKENDS) {
                String other = call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                        .setName("pvc-secrets-" + parameters.get("backend")).putAllParameters(parameters).setCapacityRange(oneGib)
                        .addVolumeCapabilities(rwo).putAllSecrets(secrets).build()).getVolume().getVolumeId());
                call(answers, () -> csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                        .setName("pvc-bad-" + parameters.get("backend")).putAllParameters(parameters).putParameters("no-such-key", "1")
                        .addVolumeCapabilities(rwo).putAllSecrets(secrets).build()));
                if (other != null) {
                    call(answers, () -> csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(other)
                            .putAllSecrets(secrets).build()));
                }
            }
            // The node's error paths (nothing is attached here, so nothing mounts).
            call(answers, () -> csi.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(volume)
                    .setVolumeCapability(rwo).putAllSecrets(secrets).build()));
            call(answers, () -> csi.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(volume)
                    .setTargetPath("relative/target").setVolumeCapability(rwo).putAllSecrets(secrets).build()));
            call(answers, () -> csi.node().nodeExpandVolume(Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId(volume)
                    .setVolumePath(work.resolve("not-mounted").toString()).putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volume)
                    .putAllSecrets(secrets).build()));
            call(answers, () -> csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().putAllSecrets(secrets).build()));
            scrape = scrape(driver);
        } finally {
            driver.close();
            Mounts.unmountAllUnder(work);
        }
        try {
            String log = Files.readString(driver.log());
            assertTrue(log.contains("CreateVolume") && log.contains("password"),
                    "the driver logged its requests at debug (with the secrets' names), or this test proves nothing");
            assertEquals(List.of(), log.lines().filter(line -> line.contains(marker)).toList(), "log lines with the secret");
            assertEquals(List.of(), answers.stream().filter(answer -> answer.contains(marker)).toList(), "answers with the secret");
            assertTrue(scrape.contains("polycsi_csi_operations_seconds_count{backend=\"ebs\""), "the calls were measured: " + scrape);
            assertFalse(scrape.contains(marker), "the metrics show the secret");
            // The error paths were taken: each of these codes carries a message built from the request.
            for (String code : List.of("INVALID_ARGUMENT", "NOT_FOUND")) {
                assertTrue(answers.stream().anyMatch(answer -> answer.startsWith(code + ": ")), code + " among " + answers);
            }
            assertTrue(answers.stream().anyMatch(answer -> answer.contains("injected")), "an AWS error reached an answer: " + answers);
            for (Map<String, String> parameters : OTHER_BACKENDS) {
                assertTrue(log.contains("pvc-secrets-" + parameters.get("backend")), "the " + parameters.get("backend") + " calls were made");
            }
        } finally {
            Mounts.deleteTree(work);
        }
    }

    /** The driver's metrics, as a scraper reads them; the driver logs where it serves them. */
    private static String scrape(SubprocessDriver driver) throws Exception {
        Matcher serving = Pattern.compile("serving metrics on (http://\\S+/metrics)").matcher(Files.readString(driver.log()));
        assertTrue(serving.find(), "the driver serves metrics");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serving.group(1))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Calls, keeping the answer's or the error's text; an error is part of what is checked, not a failure. */
    private static <T> T call(List<String> answers, Supplier<T> rpc) {
        try {
            T answer = rpc.get();
            answers.add(String.valueOf(answer));
            return answer;
        } catch (StatusRuntimeException e) {
            answers.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return null;
        }
    }
}
