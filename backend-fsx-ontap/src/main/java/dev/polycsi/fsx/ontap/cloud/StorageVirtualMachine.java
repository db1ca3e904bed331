package dev.polycsi.fsx.ontap.cloud;

import java.util.List;

/**
 * An SVM of an FSx for ONTAP file system: the NFS server its volumes are mounted from.
 *
 * @param nfsDnsName  its NFS endpoint's DNS name, {@code svm-….fs-….fsx.<region>.amazonaws.com}
 * @param nfsAddresses its NFS endpoint's addresses
 */
public record StorageVirtualMachine(String id, String fileSystemId, String name, String lifecycle, String nfsDnsName,
        List<String> nfsAddresses) {

    public StorageVirtualMachine {
        nfsAddresses = List.copyOf(nfsAddresses);
    }
}
