package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The {@code FileSystem} shape of an FSx for NetApp ONTAP file system (FileSystemType ONTAP, its
 * OntapConfiguration with the Management and Intercluster endpoints; no DNSName, which ONTAP file
 * systems do not have) and the {@code StorageVirtualMachine} shape of an SVM.
 */
final class OntapJson {

    private final String region;
    private final String kmsKeyId;

    OntapJson(String region) {
        this.region = region;
        this.kmsKeyId = "arn:aws:kms:%s:%s:key/%s".formatted(region, SimulatorConfig.ACCOUNT_ID, FsxDefaults.AWS_FSX_KEY_ID);
    }

    void writeFileSystem(JsonWriter writer, OntapFileSystem fs) {
        writer.writeStartObject();
        FsxJson.field(writer, "OwnerId", SimulatorConfig.ACCOUNT_ID);
        writer.writeFieldName("CreationTime").writeValue(fs.createdAt());
        FsxJson.field(writer, "FileSystemId", fs.id());
        FsxJson.field(writer, "FileSystemType", "ONTAP");
        FsxJson.field(writer, "Lifecycle", Lifecycle.AVAILABLE.name());
        FsxJson.field(writer, "StorageCapacity", OntapSeed.STORAGE_CAPACITY);
        FsxJson.field(writer, "StorageType", "SSD");
        FsxJson.field(writer, "VpcId", OntapSeed.VPC_ID);
        FsxJson.strings(writer, "SubnetIds", List.of(OntapSeed.SUBNET_ID));
        FsxJson.strings(writer, "NetworkInterfaceIds", List.of("eni-0fedcba9876543210", "eni-0fedcba9876543211"));
        FsxJson.field(writer, "KmsKeyId", kmsKeyId);
        FsxJson.field(writer, "ResourceARN", FsxIds.fileSystemArn(region, fs.id()));
        FsxJson.tags(writer, fs.tags());
        writer.writeFieldName("OntapConfiguration").writeStartObject();
        FsxJson.field(writer, "AutomaticBackupRetentionDays", 0);
        FsxJson.field(writer, "DeploymentType", OntapSeed.DEPLOYMENT_TYPE);
        writer.writeFieldName("Endpoints").writeStartObject();
        endpoint(writer, "Intercluster", OntapSeed.interclusterDnsName(region), OntapSeed.INTERCLUSTER_IPS);
        endpoint(writer, "Management", OntapSeed.managementDnsName(region), List.of(OntapSeed.MANAGEMENT_IP));
        writer.writeEndObject();
        writer.writeFieldName("DiskIopsConfiguration").writeStartObject();
        FsxJson.field(writer, "Mode", "AUTOMATIC");
        FsxJson.field(writer, "Iops", 3L * OntapSeed.STORAGE_CAPACITY);
        writer.writeEndObject();
        FsxJson.field(writer, "ThroughputCapacity", OntapSeed.HA_PAIRS * OntapSeed.THROUGHPUT_CAPACITY_PER_HA_PAIR);
        FsxJson.field(writer, "WeeklyMaintenanceStartTime", "1:05:00");
        FsxJson.field(writer, "HAPairs", OntapSeed.HA_PAIRS);
        FsxJson.field(writer, "ThroughputCapacityPerHAPair", OntapSeed.THROUGHPUT_CAPACITY_PER_HA_PAIR);
        writer.writeEndObject();
        writer.writeEndObject();
    }

    /** {@code StorageVirtualMachine}: CREATED, with its endpoints; NFS, SMB and management share a name and address. */
    void writeSvm(JsonWriter writer, Svm svm) {
        String dnsName = FsxIds.svmDnsName(region, svm.id(), svm.fileSystemId());
        writer.writeStartObject();
        writer.writeFieldName("CreationTime").writeValue(svm.createdAt());
        writer.writeFieldName("Endpoints").writeStartObject();
        endpoint(writer, "Iscsi", "iscsi." + dnsName, svm.iscsiIps());
        endpoint(writer, "Management", dnsName, svm.nfsIps());
        endpoint(writer, "Nfs", dnsName, svm.nfsIps());
        endpoint(writer, "Smb", dnsName, svm.nfsIps());
        writer.writeEndObject();
        FsxJson.field(writer, "FileSystemId", svm.fileSystemId());
        FsxJson.field(writer, "Lifecycle", "CREATED");
        FsxJson.field(writer, "Name", svm.name());
        FsxJson.field(writer, "ResourceARN", FsxIds.svmArn(region, svm.fileSystemId(), svm.id()));
        FsxJson.field(writer, "StorageVirtualMachineId", svm.id());
        FsxJson.field(writer, "Subtype", "DEFAULT");
        FsxJson.field(writer, "UUID", svm.uuid());
        FsxJson.tags(writer, svm.tags());
        FsxJson.field(writer, "RootVolumeSecurityStyle", svm.rootVolumeSecurityStyle());
        writer.writeEndObject();
    }

    private static void endpoint(JsonWriter writer, String name, String dnsName, List<String> addresses) {
        writer.writeFieldName(name).writeStartObject();
        FsxJson.field(writer, "DNSName", dnsName);
        FsxJson.strings(writer, "IpAddresses", addresses);
        writer.writeEndObject();
    }
}
