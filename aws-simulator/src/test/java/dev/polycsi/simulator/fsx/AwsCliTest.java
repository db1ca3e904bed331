package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI (botocore, another implementation of the FSx model) against the simulator: the
 * shapes must suit it as they suit the Java SDK. Skipped where {@code aws} is not installed.
 */
class AwsCliTest {

    @TempDir
    Path dataDir;

    private FsxFixture fixture;

    @BeforeEach
    void start() {
        assumeTrue(awsOnPath(), "the AWS CLI is not installed");
        fixture = FsxFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theCliCreatesDescribesAndSeesErrorsByCode() throws Exception {
        String id = aws(0, "fsx", "create-file-system", "--file-system-type", "LUSTRE", "--storage-capacity", "1200",
                "--subnet-ids", FsxFixture.SUBNET_A, "--lustre-configuration", "DeploymentType=SCRATCH_2",
                "--query", "FileSystem.FileSystemId", "--output", "text").strip();
        assertTrue(id.matches("fs-[0-9a-f]{17}"), id);

        String described = aws(0, "fsx", "describe-file-systems", "--file-system-ids", id,
                "--query", "FileSystems[0].[Lifecycle,LustreConfiguration.DeploymentType,DNSName]", "--output", "text");
        assertEquals("AVAILABLE\tSCRATCH_2\t" + id + ".fsx.us-east-1.amazonaws.com", described.strip());

        String refused = aws(FAILED, "fsx", "describe-file-systems", "--file-system-ids", "fs-00000000000000000");
        assertTrue(refused.contains("FileSystemNotFound"), refused);
    }

    @Test
    void theCliUpdatesTheThroughputAndTheMetadataIopsAsTheLustreGuideShows() throws Exception {
        String id = aws(0, "fsx", "create-file-system", "--file-system-type", "LUSTRE", "--storage-capacity", "1200",
                "--subnet-ids", FsxFixture.SUBNET_A, "--lustre-configuration",
                "DeploymentType=PERSISTENT_2,PerUnitStorageThroughput=125,MetadataConfiguration={Mode=AUTOMATIC}",
                "--query", "FileSystem.FileSystemId", "--output", "text").strip();

        aws(0, "fsx", "update-file-system", "--file-system-id", id, "--lustre-configuration", "PerUnitStorageThroughput=500");
        aws(0, "fsx", "update-file-system", "--file-system-id", id, "--lustre-configuration",
                "MetadataConfiguration={Mode=USER_PROVISIONED,Iops=96000}");

        String actions = aws(0, "fsx", "describe-file-systems", "--file-system-ids", id, "--query",
                "FileSystems[0].AdministrativeActions[].[AdministrativeActionType,Status,"
                        + "TargetFileSystemValues.LustreConfiguration.PerUnitStorageThroughput,"
                        + "TargetFileSystemValues.LustreConfiguration.MetadataConfiguration.Iops]", "--output", "text");
        assertEquals("FILE_SYSTEM_UPDATE\tCOMPLETED\tNone\t96000\nFILE_SYSTEM_UPDATE\tCOMPLETED\t500\tNone", actions.strip());
        String now = aws(0, "fsx", "describe-file-systems", "--file-system-ids", id, "--query",
                "FileSystems[0].LustreConfiguration.[PerUnitStorageThroughput,MetadataConfiguration.Mode,MetadataConfiguration.Iops]",
                "--output", "text");
        assertEquals("500\tUSER_PROVISIONED\t96000", now.strip());
        String refused = aws(FAILED, "fsx", "update-file-system", "--file-system-id", id, "--lustre-configuration",
                "PerUnitStorageThroughput=200");
        assertTrue(refused.contains("InvalidPerUnitStorageThroughput"), refused);
    }

    @Test
    void theCliCreatesAndDescribesACacheAndItsAssociations() throws Exception {
        String id = aws(0, "fsx", "create-file-cache", "--file-cache-type", "LUSTRE", "--file-cache-type-version", "2.12",
                "--storage-capacity", "1200", "--subnet-ids", FsxFixture.SUBNET_A, "--security-group-ids", FsxFixture.SECURITY_GROUP,
                "--lustre-configuration", "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}",
                "--data-repository-associations", "FileCachePath=/ns2/,DataRepositoryPath=s3://s3cache2/fsx/",
                "FileCachePath=/ns3/,DataRepositoryPath=s3://s3cache3/fsx/",
                "--query", "FileCache.FileCacheId", "--output", "text").strip();
        assertTrue(id.matches("fc-[0-9a-f]{17}"), id);

        String described = aws(0, "fsx", "describe-file-caches", "--file-cache-ids", id,
                "--query", "FileCaches[0].[Lifecycle,LustreConfiguration.DeploymentType,DNSName]", "--output", "text");
        assertEquals("AVAILABLE\tCACHE_1\t" + id + ".fsx.us-east-1.amazonaws.com", described.strip());
        String paths = aws(0, "fsx", "describe-data-repository-associations", "--filters", "Name=file-cache-id,Values=" + id,
                "--query", "Associations[].FileCachePath", "--output", "text");
        assertEquals("/ns2/\t/ns3/", paths.strip());

        String refused = aws(FAILED, "fsx", "describe-file-caches", "--file-cache-ids", "fc-00000000000000000");
        assertTrue(refused.contains("FileCacheNotFound"), refused);
        aws(0, "fsx", "delete-file-cache", "--file-cache-id", id);
    }

    @Test
    void theCliCreatesDescribesAndBacksUpAnOntapVolumeOnTheSeededSvm() throws Exception {
        String svm = aws(0, "fsx", "describe-storage-virtual-machines", "--filters", "Name=file-system-id,Values=" + OntapSeed.FILE_SYSTEM_ID,
                "--query", "StorageVirtualMachines[0].[StorageVirtualMachineId,Name,Lifecycle,Endpoints.Nfs.DNSName,Endpoints.Nfs.IpAddresses[0]]",
                "--output", "text");
        assertEquals(String.join("\t", OntapSeed.SVM_ID, "svm1", "CREATED", OntapSeed.svmDnsName("us-east-1"), OntapSeed.SVM_NFS_IP),
                svm.strip());

        String id = aws(0, "fsx", "create-volume", "--volume-type", "ONTAP", "--name", "vol1", "--ontap-configuration",
                "JunctionPath=/vol1,SizeInMegabytes=1024,StorageVirtualMachineId=" + OntapSeed.SVM_ID
                        + ",StorageEfficiencyEnabled=true,TieringPolicy={Name=NONE},SnapshotPolicy=none",
                "--query", "Volume.[VolumeId,Lifecycle]", "--output", "text").strip();
        assertTrue(id.matches("fsvol-[0-9a-f]{17}\tCREATING"), id);
        String volumeId = id.split("\t")[0];

        String described = aws(0, "fsx", "describe-volumes", "--volume-ids", volumeId, "--query",
                "Volumes[0].[Lifecycle,OntapConfiguration.JunctionPath,OntapConfiguration.SizeInMegabytes,OntapConfiguration.TieringPolicy.Name]",
                "--output", "text");
        assertEquals("CREATED\t/vol1\t1024\tNONE", described.strip());

        String backupId = aws(0, "fsx", "create-backup", "--volume-id", volumeId, "--tags", "Key=kind,Value=snapshot",
                "--query", "Backup.BackupId", "--output", "text").strip();
        assertTrue(backupId.matches("backup-[0-9a-f]{17}"), backupId);
        String backup = aws(0, "fsx", "describe-backups", "--filters", "Name=volume-id,Values=" + volumeId, "--query",
                "Backups[].[BackupId,Lifecycle,Type,ResourceType,Volume.VolumeId,Tags[0].Value]", "--output", "text");
        assertEquals(String.join("\t", backupId, "AVAILABLE", "USER_INITIATED", "VOLUME", volumeId, "snapshot"), backup.strip());

        String refused = aws(FAILED, "fsx", "describe-volumes", "--volume-ids", "fsvol-00000000000000000");
        assertTrue(refused.contains("VolumeNotFound"), refused);
        String finalBackup = aws(0, "fsx", "delete-volume", "--volume-id", volumeId, "--query", "[Lifecycle,OntapResponse.FinalBackupId]",
                "--output", "text");
        assertTrue(finalBackup.strip().matches("DELETING\tbackup-[0-9a-f]{17}"), finalBackup);
    }

    /** Any non-zero exit: CLI v1 exits 255 on a service error, v2 254. */
    private static final int FAILED = -1;

    /** Runs the CLI against the simulator with throwaway credentials; its output and error together. */
    private String aws(int expectedExit, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", fixture.simulator.endpoint().toString(), "--region", "us-east-1"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_CONFIG_FILE", dataDir.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("no-credentials").toString());
        environment.put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
        if (expectedExit == FAILED) {
            assertTrue(process.exitValue() != 0, output);
        } else {
            assertEquals(expectedExit, process.exitValue(), output);
        }
        return output;
    }

    private static boolean awsOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).filter(dir -> !dir.isEmpty()).anyMatch(dir -> Files.isExecutable(Path.of(dir, "aws")));
    }
}
