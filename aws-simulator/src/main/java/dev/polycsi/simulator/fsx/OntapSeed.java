package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.network.SimulatedNetwork;
import java.time.Instant;
import java.util.List;

/**
 * The FSx for NetApp ONTAP file system and storage virtual machine (SVM) every simulated account
 * has from the start, as EFS has its {@code fs-0123456789abcdef0}: the simulator creates neither
 * (no CreateFileSystem for ONTAP, no CreateStorageVirtualMachine), so volumes go on this SVM and
 * are mounted over NFS from its endpoint. Public, so that other modules' tests can name them.
 *
 * <p>A second-generation single-AZ file system (SINGLE_AZ_2, one HA pair at 384 MB/s, 1024 GiB of
 * SSD) in the account's subnet of the first zone, with one aggregate; its SVM {@code svm1} has a
 * UNIX root volume and serves NFS, SMB and management on one address, iSCSI on two others. The
 * addresses are in 198.19.0.0/16, the range FSx takes its floating endpoint addresses from; no
 * traffic goes to them: a mount is a bind mount of the volume's directory.
 */
public final class OntapSeed {

    public static final String FILE_SYSTEM_ID = "fs-0fedcba9876543210";
    public static final String SVM_ID = "svm-0123456789abcdef0";
    public static final String SVM_NAME = "svm1";
    public static final String SVM_UUID = "4a5b6c7d-8e9f-11ef-9a0b-0c1d2e3f4a5b";
    /** The file system's one aggregate, which FlexGroup volumes spread over by default. */
    public static final String AGGREGATE = "aggr1";
    public static final String SUBNET_ID = "subnet-0123456789abcdef0";
    public static final String VPC_ID = SimulatedNetwork.VPC_ID;
    public static final String DEPLOYMENT_TYPE = "SINGLE_AZ_2";
    public static final int HA_PAIRS = 1;
    public static final int THROUGHPUT_CAPACITY_PER_HA_PAIR = 384;
    /** GiB of SSD storage. */
    public static final int STORAGE_CAPACITY = 1024;
    public static final String ROOT_VOLUME_SECURITY_STYLE = "UNIX";
    /** The SVM's NFS, SMB and management address. */
    public static final String SVM_NFS_IP = "198.19.255.10";
    public static final List<String> SVM_ISCSI_IPS = List.of("198.19.255.11", "198.19.255.12");
    public static final String MANAGEMENT_IP = "198.19.255.4";
    public static final List<String> INTERCLUSTER_IPS = List.of("198.19.255.5", "198.19.255.6");
    /** When the seeded resources were created: fixed, so that they describe the same across restarts. */
    public static final Instant CREATION_TIME = Instant.parse("2025-01-06T09:30:00Z");

    private OntapSeed() {
    }

    /** {@code svm-….fs-….fsx.<region>.amazonaws.com}: the SVM's NFS, SMB and management DNS name, what NFS clients mount from. */
    public static String svmDnsName(String region) {
        return FsxIds.svmDnsName(region, SVM_ID, FILE_SYSTEM_ID);
    }

    /** {@code iscsi.svm-….fs-….fsx.<region>.amazonaws.com}. */
    public static String svmIscsiDnsName(String region) {
        return "iscsi." + svmDnsName(region);
    }

    /** {@code management.fs-….fsx.<region>.amazonaws.com}, the file system's ONTAP management endpoint. */
    public static String managementDnsName(String region) {
        return "management." + FsxIds.dnsName(region, FILE_SYSTEM_ID);
    }

    /** {@code intercluster.fs-….fsx.<region>.amazonaws.com}, for SnapMirror peering. */
    public static String interclusterDnsName(String region) {
        return "intercluster." + FsxIds.dnsName(region, FILE_SYSTEM_ID);
    }

    /** {@code mount -t nfs} source of the volume at {@code junctionPath} on the seeded SVM. */
    public static String nfsSource(String region, String junctionPath) {
        return svmDnsName(region) + ":" + junctionPath;
    }

    static OntapFileSystem fileSystem() {
        return new OntapFileSystem(0, FILE_SYSTEM_ID, CREATION_TIME, List.of(AGGREGATE), List.of());
    }

    static Svm svm() {
        return new Svm(0, SVM_ID, FILE_SYSTEM_ID, SVM_NAME, SVM_UUID, ROOT_VOLUME_SECURITY_STYLE, List.of(SVM_NFS_IP), SVM_ISCSI_IPS,
                CREATION_TIME, List.of());
    }
}
